"""Space transforms: a 2x2 matrix moves a cloud of points, its SVD played as rotate / stretch /
rotate, the same map as nn.Linear, tanh bending space, and a linear classifier whose line is
orthogonal to w."""

from core.lesson import Lesson, Preset, Variant, frozen
from core.params import Param

MAPS = ("linear", "nn-linear", "tanh")
FRAMES = frozen({"steps": "Frames"})  # in the map variants a step is one animation frame

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
            frozen({"steps": 200, "speed": 100.0}), unused=("lr",), labels=FRAMES),
    Variant("classifier", "4 · Linear classifier",
            "Two labelled clouds; w and b learn sign(w·x + b) by gradient descent on the logistic "
            "loss. The line w·x + b = 0 is orthogonal to w.",
            frozen({"steps": 300, "lr": 0.1, "speed": 100.0})),
)

LESSON = Lesson(
    key="space-transforms",
    title="Space transforms",
    summary="What a weight matrix does to space: rotate, stretch, rotate; then bend it; "
            "then cut it.",
    variants=VARIANTS,
    runner="core.runs.space_transforms",
    params=(
        Param("matrix", "Matrix W", "floats", None, size=4, variants=MAPS,
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
)
