"""Cross product: one trainable tensor ε of shape (n, n, n) learns a × b = einsum(ε, a, b), first
against torch.linalg.cross, then from the rules a cross product obeys, then with its sign fixed.
From the same rules a cross product exists only in 3 and 7 dimensions: the loss reaches zero there
and stalls for every other n."""

from core.errors import ConfigError
from core.lesson import Lesson, Preset, Variant, frozen
from core.params import Param

VARIANTS = (
    Variant("supervised", "1 · Supervised",
            "Random pairs a, b; the loss is the squared distance between ε·a·b and "
            "torch.linalg.cross(a, b). ε becomes the Levi-Civita tensor.",
            frozen({"lr": 3e-2, "steps": 3000})),
    Variant("principles", "2 · From principles",
            "No answers given: ε only learns that a × b = −b × a, that a × b is orthogonal to a "
            "and b, and how long it is. It lands on +ε or −ε, depending on the seed.",
            frozen({"lr": 3e-2, "steps": 3000})),
    Variant("principles-signed", "3 · Principles + right-hand rule",
            "The same rules plus one more: a, b and a × b form a right-handed frame. Now it "
            "lands on +ε every time.",
            frozen({"lr": 3e-2, "steps": 3000})),
)

THREE_D_ONLY = ("supervised", "principles-signed")


def check(config) -> None:
    dim = config.options["dim"]
    if config.variant == "supervised" and dim != 3:
        raise ConfigError(f"variant supervised compares with torch.linalg.cross, which only "
                          f"exists for 3-D vectors: use dimension 3, not {dim} (or variant "
                          f"principles for other dimensions)")
    if config.variant == "principles-signed" and dim != 3:
        raise ConfigError(f"variant principles-signed fixes the sign of the 3-D cross product: "
                          f"use dimension 3, not {dim} (variant principles takes any dimension)")


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
              "for n = 3 and n = 7 (supervised and principles-signed: 3 only)."),
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
    presets=(
        Preset("seven", "Seven: n = 7, 256 pairs, lr 0.02, 12000 steps (variant principles)",
               frozen({"variant": "principles", "dim": 7, "batch": 256, "lr": 2e-2, "steps": 12000})),
        Preset("four", "Four: n = 4 with the same budget as seven",
               frozen({"variant": "principles", "dim": 4, "batch": 256, "lr": 2e-2, "steps": 12000})),
        Preset("tutorial", "Tutorial: n = 3, one pair per step, unit |eᵢ × eⱼ|",
               frozen({"variant": "principles", "dim": 3, "batch": 1, "norm": "basis", "lr": 3e-2, "steps": 3000})),
    ),
    check=check,
)
