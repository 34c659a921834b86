"""Cross product: one trainable tensor ε of shape (n, n, n) learns a × b = einsum(ε, a, b), first
against torch.linalg.cross, then from the rules a cross product obeys, then with its sign fixed,
then wrapped in an nn.Module used like a layer. From the same rules a cross product exists only in
3 and 7 dimensions: the loss reaches zero there and stalls for every other n."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.errors import ConfigError
from core.lesson import Lesson, Linked, Preset, Variant, frozen
from core.params import Param
from core.state import Frame, Scene

VARIANTS = (
    Variant("supervised", "1 · Supervised",
            "Random pairs a, b; the loss is the squared distance between ε·a·b and "
            "torch.linalg.cross(a, b). ε becomes the Levi-Civita tensor."),
    Variant("principles", "2 · From principles",
            "No answers given: ε only learns that a × b = −b × a, that a × b is orthogonal to a "
            "and b, and how long it is. It lands on +ε or −ε, depending on the seed."),
    Variant("principles-signed", "3 · Principles + right-hand rule",
            "The same rules plus one more: a, b and a × b form a right-handed frame. Now it "
            "lands on +ε every time."),
    Variant("layer", "4 · As a layer",
            "ε becomes the nn.Parameter of a small nn.Module, called like any layer: "
            "cross(a, b). The rules now speak only about what the layer does to pairs."),
)

THREE_D_ONLY = ("supervised", "principles-signed")
EXISTS = (3, 7)  # the dimensions in which a cross product exists (Hurwitz, via the octonions)


def check(config) -> None:
    dim = config.values["dim"]
    if config.variant == "supervised" and dim != 3:
        raise ConfigError(f"variant supervised compares with torch.linalg.cross, which only "
                          f"exists for 3-D vectors: use dimension 3, not {dim} (or variant "
                          f"principles for other dimensions)")
    if config.variant == "principles-signed" and dim != 3:
        raise ConfigError(f"variant principles-signed fixes the sign of the 3-D cross product: "
                          f"use dimension 3, not {dim} (variant principles takes any dimension)")


# -- what the view receives -------------------------------------------------------------------------
@dataclass(frozen=True)
class CrossScene(Scene):
    dim: int
    a: np.ndarray  # the fixed pair the check panel multiplies
    b: np.ndarray
    levi_civita: np.ndarray  # (3, 3, 3) when n = 3, else of shape (0, 0, 0)


@dataclass(frozen=True)
class AgainstTruth:
    """n = 3: the learned a × b beside torch.linalg.cross(a, b)."""

    learned: np.ndarray
    true: np.ndarray


@dataclass(frozen=True)
class AgainstRules:
    """Any other n: no single true product, so the rules are tested on the pair instead."""

    learned: np.ndarray
    a_dot: float  # a · (a × b), 0 for a cross product
    b_dot: float
    length2: float  # |a × b|²
    lagrange: float  # |a|²|b|² − (a·b)², what |a × b|² must be


@dataclass(frozen=True)
class Handedness:
    """n = 3: how far ε is from +Levi-Civita and from −Levi-Civita."""

    error_plus: float
    error_minus: float
    sign: int  # +1, −1, or 0 while neither is within SIGN_TOLERANCE


@dataclass(frozen=True)
class CrossFrame(Frame):
    eps: np.ndarray  # (n, n, n)
    check: AgainstTruth | AgainstRules
    handedness: Handedness | None
    residual: float  # the largest violation of any rule over fresh random pairs
    step: int  # the step and the loss it reached: where a finished run's ghost puts its marker
    loss: float


SIGN_TOLERANCE = 1e-2
FOUND = 1e-6  # a residual below this counts as "a cross product found"


def found(residual: float) -> bool:
    return residual < FOUND


# Measured (Adam, cosine decay, 64 pairs, seeds 0-4): n = 3 settles within 3000 steps at lr 0.03;
# n = 7 needs a larger step and more of them (lr 0.1, 6000 steps: residual ~1e-14), while n = 4,
# 5, 6 and 8 stall far above 1e-3 with that same budget. Choosing n brings its budget along.
BUDGET_3 = frozen({"lr": 3e-2, "steps": 3000})
BUDGET_HIGHER = frozen({"lr": 1e-1, "steps": 6000})

LESSON = Lesson(
    key="cross-product",
    title="Cross product",
    summary="A tensor ε of shape (n, n, n) learns a × b: from answers, from principles, in 3 and "
            "7 dimensions — and fails in every other.",
    variants=VARIANTS,
    runner="core.runs.cross_product",
    params=(
        Param("dim", "Dimension n", "int", 3, minimum=3, maximum=8,
              help="Length of the vectors a and b; ε has n³ entries. A cross product exists only "
              "for n = 3 and n = 7 (supervised and principles-signed: 3 only). Each n brings "
              "its own learning rate and steps."),
        Param("batch", "Pairs per step", "int", 64, minimum=1, maximum=4096,
              help="How many random pairs (a, b) each step's loss averages over. "
              "The tutorial used one."),
        Param("optimizer", "Optimizer", "choice", "Adam", choices=("Adam", "SGD", "RMSprop"),
              help="Which torch.optim algorithm updates ε."),
        Param("schedule", "LR schedule", "choice", "cosine", choices=("cosine", "constant"),
              choice_labels=("Cosine decay to 0", "Constant"),
              help="Cosine: the step size falls from the learning rate to 0 over the run, so "
              "Adam settles instead of jittering. It follows the live learning rate."),
        Param("norm", "Length rule", "choice", "lagrange", choices=("lagrange", "basis"),
              variants=("principles", "principles-signed"),
              choice_labels=("|a×b|² = |a|²|b|² − (a·b)²", "|eᵢ × eⱼ| = 1 (the tutorial's)"),
              help="How the loss pins the length of a × b: the Lagrange identity on the random "
              "pairs, or the tutorial's unit length of eᵢ × eⱼ, which is enough in 3-D only."),
    ),
    linked=(Linked("dim", 3, BUDGET_3),
            *(Linked("dim", n, BUDGET_HIGHER) for n in range(4, 9))),
    presets=(
        Preset("seven", "Seven: n = 7, where a cross product exists (variant principles)",
               frozen({"variant": "principles", "dim": 7})),
        Preset("four", "Four: n = 4 with the same budget as seven",
               frozen({"variant": "principles", "dim": 4})),
        Preset("tutorial", "Tutorial: n = 3, one pair per step, unit |eᵢ × eⱼ|",
               frozen({"variant": "principles", "dim": 3, "batch": 1, "norm": "basis"})),
    ),
    check=check,
    scene=CrossScene,
    frame=CrossFrame,
)
