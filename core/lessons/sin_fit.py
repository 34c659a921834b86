"""Sin-fit: a cubic bent onto sin(x) on [-pi, pi], solved seven times, one abstraction higher each time."""

from core.lesson import Lesson, Variant, frozen
from core.params import Param

VARIANTS = (
    Variant("numpy", "1 · NumPy", "Plain arrays; every gradient written by hand.",
            frozen({"lr": 1e-6, "steps": 2000})),
    Variant("tensor", "2 · Tensors", "The same code with torch tensors, which can live on a GPU.",
            frozen({"lr": 1e-6, "steps": 2000})),
    Variant("autograd", "3 · Autograd", "loss.backward() computes the gradients for us.",
            frozen({"lr": 1e-6, "steps": 2000})),
    Variant("function", "4 · Custom Function",
            "Our own autograd Function for the Legendre polynomial P3, with its own backward.",
            frozen({"lr": 5e-6, "steps": 2000})),
    Variant("nn", "5 · nn", "nn.Linear on the features x, x², x³, and a loss function from nn.",
            frozen({"lr": 1e-6, "steps": 2000})),
    Variant("optim", "6 · optim", "An optimizer object takes the update step off our hands.",
            frozen({"lr": 1e-3, "steps": 2000})),
    Variant("module", "7 · Custom Module", "Our own nn.Module holding a, b, c and d.",
            frozen({"lr": 1e-6, "steps": 2000})),
)

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
              help="Which torch.optim algorithm updates the weights."),
    ),
)
