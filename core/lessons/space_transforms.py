"""Space transforms: a 2x2 matrix moves a cloud of points, its SVD played as rotate / stretch /
rotate, the same map as nn.Linear, tanh bending space, and a linear classifier whose line is
orthogonal to w."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.lesson import Lesson, Preset, Variant, frozen
from core.params import Param
from core.state import Frame, Scene

MAPS = ("linear", "nn-linear", "tanh")
FRAMES = frozen({"steps": "Frames"})  # in the map variants a step is one animation frame


@dataclass(frozen=True)
class MapScene(Scene):
    """The cloud before any map, and W with its SVD (numbers as torch computed them)."""

    points: np.ndarray  # (N, 2) the original cloud
    shade: np.ndarray  # (N,) each point's original x scaled into [0, 1]: the view colours by it
    bounds: np.ndarray  # (2, 2) [[x0, x1], [y0, y1]]: every frame's cloud and arrows fit inside
    W: np.ndarray  # (2, 2) the whole map
    U: np.ndarray  # W = U @ diag(S) @ Vt, from torch.linalg.svd (its Vh is Vᵀ)
    S: np.ndarray
    Vt: np.ndarray
    played: np.ndarray  # (3, 2, 2) the factors the animation plays, U, diag(S), Vᵀ, with any
    # reflection moved into S so that U and Vᵀ are rotations (their product is still W)
    det: float  # det W, as computed in float64
    rank: int  # rank of W, as computed
    path: str  # "svd", "straight", or "" (no path: tanh)
    matrix_name: str  # what the frame's matrix is called in the code: "M(t)", "layer.weight"


@dataclass(frozen=True)
class MapFrame(Frame):
    """Where a linear map has carried everything at this frame."""

    points: np.ndarray  # (N, 2) the cloud now
    arrows: np.ndarray  # (2, K, 2) where e1 and e2 are now, each as a polyline from the origin
    grid: np.ndarray  # (L, K, 2) the grid lines now
    M: np.ndarray  # (2, 2) the matrix applied at this frame
    det: float  # det M, as computed
    t: float  # how far along the path, 0 to 1
    stage: int  # factor of W = U S Vᵀ being applied: 1 Vᵀ, 2 S, 3 U; 0 none (start, straight path)
    title: str  # e.g. "Stage 2 of 3 · scaling S"
    detail: str  # e.g. "axes × 1.40, 0.80 (to 2.10, 0.50)"


@dataclass(frozen=True)
class TanhFrame(Frame):
    """tanh(s · W x): no longer a matrix, so there is no M, only s."""

    points: np.ndarray
    arrows: np.ndarray
    grid: np.ndarray
    s: float  # the sharpness, from 1 to 5


@dataclass(frozen=True)
class ClassifierScene(Scene):
    points: np.ndarray  # (N, 2)
    labels: np.ndarray  # (N,) +1 or -1
    bounds: np.ndarray  # (2, 2) [[x0, x1], [y0, y1]]


@dataclass(frozen=True)
class ClassifierFrame(Frame):
    w: np.ndarray  # (2,)
    b: float
    line: np.ndarray  # (2, 2) two far points of w·x + b = 0; (0, 2) while w = 0
    w_arrow: np.ndarray  # (2, 2) foot on the line and tip along w; (0, 2) while w = 0
    loss: float  # the logistic loss at this w, b
    accuracy: float  # fraction of points on their label's side


VARIANTS = (
    Variant("linear", "1 · W moves space",
            "1000 points and the two basis arrows carried from the identity to W, straight or as "
            "its SVD: rotate by Vᵀ, stretch by S, rotate by U. One step = one frame.",
            frozen({"steps": 300, "speed": 100.0}), unused=("lr",), labels=FRAMES),
    Variant("nn-linear", "2 · nn.Linear",
            "The same map written as nn.Linear(2, 2, bias=False) with its weight set to W: "
            "layer(points) is points @ W.T. One step = one frame.",
            frozen({"steps": 300, "speed": 100.0}), unused=("lr",), labels=FRAMES),
    Variant("tanh", "3 · tanh bends space",
            "W followed by tanh(s · ): as s grows from 1 to 5 the plane is squeezed into a square "
            "and its straight lines bend. One step = one frame.",
            frozen({"steps": 200, "speed": 100.0}), unused=("lr",), labels=FRAMES,
            frame=TanhFrame),
    Variant("classifier", "4 · Linear classifier",
            "Two labelled clouds; w and b learn sign(w·x + b) by gradient descent on the logistic "
            "loss. The line w·x + b = 0 is orthogonal to w.",
            frozen({"steps": 300, "lr": 0.1, "speed": 100.0}),
            scene=ClassifierScene, frame=ClassifierFrame),
)

LESSON = Lesson(
    key="space-transforms",
    title="Space transforms",
    summary="What a weight matrix does to space: rotate, stretch, rotate; then bend it; "
            "then cut it.",
    variants=VARIANTS,
    runner="core.runs.space_transforms",
    params=(
        Param("matrix", "Matrix W", "floats", None, size=4, variants=MAPS, dtype="float32",
              help="The 2x2 matrix W, row by row (a,b / c,d). Leave empty for a random W drawn "
              "from the seed."),
        Param("path", "Path", "choice", "svd", choices=("svd", "straight"),
              variants=("linear", "nn-linear"),
              choice_labels=("SVD: Vᵀ, then S, then U", "Straight: (1−t)·I + t·W"),
              help="How the animation goes from the identity to W: through the three factors "
              "of its SVD, or by blending the two matrices."),
        Param("overlap", "Overlap", "float", 0.0, minimum=0.0, maximum=1.0,
              variants=("classifier",),
              help="How much the two clouds overlap: 0 = separable by a line, 1 = on top of "
              "each other."),
    ),
    presets=(
        Preset("reflection", "Reflection: det < 0", frozen({"matrix": (1.5, 0.5, 0.5, -1.0)})),
        Preset("singular", "Singular: rank 1", frozen({"matrix": (1.0, 2.0, 0.5, 1.0)})),
        Preset("shear", "Shear", frozen({"matrix": (1.0, 1.0, 0.0, 1.0)})),
        Preset("rotation", "Rotation by 90°", frozen({"matrix": (0.0, -1.0, 1.0, 0.0)})),
    ),
    scene=MapScene,
    frame=MapFrame,
)


def verdict(det: float, rank: int) -> str:
    """A plain sentence on what W does to the plane, from its det and rank as computed."""
    if rank == 0:
        return "W = 0: every point lands on the origin."
    if rank < 2 or det == 0:
        return "singular (rank 1): the plane collapses onto a line."
    if det < 0:
        return f"det < 0: the map flips space; areas × {abs(det):.3g}."
    return f"det > 0: no flip; areas × {det:.3g}."
