"""Sin-fit: a cubic bent onto sin(x) on [-pi, pi], solved seven times, one abstraction higher each time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.lesson import Lesson, Linked, Variant, frozen
from core.params import Param
from core.state import Frame, Scene

VARIANTS = (
    Variant("numpy", "1 · NumPy", "Plain arrays; every gradient written by hand.",
            frozen({"lr": 1e-6, "steps": 2000})),
    Variant("tensor", "2 · Tensors", "The same code with torch tensors, which can live on a GPU.",
            frozen({"lr": 1e-6, "steps": 2000})),
    Variant("autograd", "3 · Autograd", "loss.backward() computes the gradients for us.",
            frozen({"lr": 1e-6, "steps": 2000})),
    Variant("function", "4 · Custom Function",
            "Our own autograd Function for the Legendre polynomial P3, with its own backward. "
            "It starts near a good fit, the same for every seed.",
            frozen({"lr": 5e-6, "steps": 2000}), unused=("seed",)),
    Variant("nn", "5 · nn", "nn.Linear on the features x, x², x³, and a loss function from nn.",
            frozen({"lr": 1e-6, "steps": 2000})),
    Variant("optim", "6 · optim", "An optimizer object takes the update step off our hands.",
            frozen({"lr": 1e-3, "steps": 2000})),
    Variant("module", "7 · Custom Module", "Our own nn.Module holding a, b, c and d.",
            frozen({"lr": 1e-6, "steps": 2000})),
)


@dataclass(frozen=True)
class SinFitScene(Scene):
    x: np.ndarray  # where the curves are drawn
    target: np.ndarray  # sin(x)
    legendre: bool  # the model is a + b·P3(c + d·x) rather than a cubic in x


@dataclass(frozen=True)
class SinFitFrame(Frame):
    coefficients: np.ndarray  # a, b, c, d
    prediction: np.ndarray  # the model at x


LESSON = Lesson(
    key="sin-fit",
    title="Fit sin(x)",
    summary="A cubic learns to look like sin(x): the same fit written seven ways.",
    variants=VARIANTS,
    runner="core.runs.sin_fit",
    params=(
        Param("dtype", "Precision", "choice", "float32", choices=("float32", "float64"),
              variants=("tensor", "autograd", "function", "nn", "optim", "module"),
              help="Number format of the tensors: float32 is what GPUs like, float64 is exact enough "
              "to compare gradients digit by digit."),
        Param("optimizer", "Optimizer", "choice", "RMSprop", choices=("SGD", "RMSprop", "Adam"),
              variants=("optim",),
              help="Which torch.optim algorithm updates the weights. Each comes with a learning "
              "rate that suits it: plain SGD needs a far smaller one than RMSprop or Adam."),
    ),
    # Measured: SGD diverges above ~3.6e-6 on this loss (2 / the largest curvature); RMSprop and
    # Adam scale each step by the gradient's size, so a much larger lr suits them.
    linked=(
        Linked("optimizer", "SGD", frozen({"lr": 1e-6})),
        Linked("optimizer", "RMSprop", frozen({"lr": 1e-3})),
        Linked("optimizer", "Adam", frozen({"lr": 1e-2})),
    ),
    scene=SinFitScene,
    frame=SinFitFrame,
)


def formula(coefficients, legendre: bool) -> str:
    """The fitted model as a person writes it, e.g. ``y = 0.0001 + 0.8567 x − 0.0000 x² ...``."""
    a, b, c, d = (float(v) for v in coefficients)
    if legendre:
        return f"y = {_num(a)}{_term(b, ' · P3(')}{_num(c)}{_term(d, ' x)')}"
    return f"y = {_num(a)}{_term(b, ' x')}{_term(c, ' x²')}{_term(d, ' x³')}"


def _num(value: float) -> str:
    if value != value or abs(value) == float("inf"):
        return str(value)
    if abs(value) >= 1e4:
        return f"{value:.3g}"
    return f"{0.0 if abs(value) < 5e-5 else value:.4f}"  # no "-0.0000"


def _term(value: float, suffix: str) -> str:
    return f" {'−' if value < 0 else '+'} {_num(abs(value))}{suffix}"
