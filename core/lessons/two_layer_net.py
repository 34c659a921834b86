"""Two-layer net: x.mm(w1), ReLU, .mm(w2), trained with gradients written by hand and checked
against autograd at every step; then the same net with loss.backward()."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.lesson import Lesson, Preset, Variant, frozen
from core.params import Param
from core.state import Frame, Scene


@dataclass(frozen=True)
class TwoLayerScene(Scene):
    """The starting weights, so the view can show how far each weight has moved since."""

    w1_start: np.ndarray  # (D_in, H)
    w2_start: np.ndarray  # (H, D_out)


@dataclass(frozen=True)
class TwoLayerFrame(Frame):
    """The weights, the last step's gradients and the hidden layer, all as they are now."""

    w1: np.ndarray  # (D_in, H)
    w2: np.ndarray  # (H, D_out)
    grad_w1: np.ndarray  # the last step's gradients (zeros before the first step)
    grad_w2: np.ndarray
    h: np.ndarray  # x·w1 at the current weights, (N, H)
    dead_units: int  # hidden units whose ReLU output is 0 for every example
    dead_fraction: float  # dead_units / H


@dataclass(frozen=True)
class CheckedFrame(TwoLayerFrame):
    """A frame of the rung that checks its hand-written gradients against autograd's."""

    grad_check: float  # max relative difference at the last step; NaN before the first
    grad_check_worst: float  # the largest so far; NaN while nothing was compared


VARIANTS = (
    Variant("manual", "1 · Backprop by hand",
            "Every gradient written out with the chain rule. Each step, autograd computes the same "
            "gradients on a copy of the weights and the largest relative difference is shown.",
            frozen({"lr": 1e-6, "steps": 500}), frame=CheckedFrame),
    Variant("autograd", "2 · Autograd",
            "The same net and the same start; loss.backward() fills w1.grad and w2.grad.",
            frozen({"lr": 1e-6, "steps": 500})),
)

# The blog post's sizes are (batch, input, hidden, output) = (2, 10, 2, 5) and it runs 5 steps; the
# tutorial it follows uses (64, 1000, 100, 10).
PRESETS = (
    Preset("blog", "blog: N 2, D_in 10, H 2, D_out 5, lr 1e-6, 5 steps at 1 step/s",
           frozen({"batch": 2, "d_in": 10, "hidden": 2, "d_out": 5, "lr": 1e-6, "steps": 5,
                   "speed": 1.0})),
    Preset("tutorial", "tutorial: N 64, D_in 1000, H 100, D_out 10, lr 1e-6, 500 steps",
           frozen({"batch": 64, "d_in": 1000, "hidden": 100, "d_out": 10, "lr": 1e-6,
                   "steps": 500, "speed": 0.0})),
)

LESSON = Lesson(
    key="two-layer-net",
    title="Two-layer net",
    summary="A ReLU net trained with hand-written backprop, checked against autograd at every step.",
    variants=VARIANTS,
    runner="core.runs.two_layer_net",
    params=(
        # Upper limits keep the heat maps (w1 and its gradient are copied at every frame) cheap.
        Param("batch", "Batch N", "int", 64, minimum=1, maximum=512,
              help="How many random examples x (rows) the net sees at every step."),
        Param("d_in", "Inputs D_in", "int", 1000, minimum=1, maximum=2000,
              help="Length of each input row x; w1 has D_in rows."),
        Param("hidden", "Hidden H", "int", 100, minimum=1, maximum=500,
              help="Hidden units between the two layers: w1 has H columns, w2 has H rows."),
        Param("d_out", "Outputs D_out", "int", 10, minimum=1, maximum=100,
              help="Length of each target row y; w2 has D_out columns."),
        Param("dtype", "Precision", "choice", "float32", choices=("float32", "float64"),
              help="Number format of every tensor. float32 keeps about 7 digits, float64 about 16: "
              "the loss can fall further in float64."),
        Param("target", "Target y shape", "choice", "examples", choices=("examples", "seed"),
              choice_labels=("N × D_out: one row per example", "H × D_out: the seed's slip"),
              help="The seed draws y with H rows instead of N. It runs only when N equals H; "
              "otherwise y_pred − y fails and torch's own shape error is shown."),
    ),
    presets=PRESETS,
    scene=TwoLayerScene,
    frame=TwoLayerFrame,
)
