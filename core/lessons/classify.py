"""Classify: points in the plane sorted into classes. A linear model fails on a spiral; a net with a
hidden layer bends space until the classes come apart along straight lines, and the view shows both
the plane's decision regions and the hidden space where the bending happens."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.errors import ConfigError
from core.lesson import Lesson, Linked, Preset, Variant, frozen
from core.params import Param
from core.state import Frame, Scene

NETS = ("two-layer", "deep")
DATASETS = ("spiral", "moons", "circles", "xor", "blobs")
MANY_CLASSES = ("spiral", "blobs")  # the others always have two classes

VARIANTS = (
    Variant("linear", "1 · Linear",
            "Softmax over W x + b: every boundary between two classes is a straight line. On a "
            "spiral it stays near one point in two.",
            frozen({"lr": 1e-3, "steps": 1000})),
    Variant("two-layer", "2 · Two layers",
            "Linear, then ReLU or tanh, then Linear: the hidden layer bends the plane until a "
            "straight cut separates the classes.",
            frozen({"lr": 1e-3, "steps": 1000})),
    Variant("deep", "3 · Deeper net",
            "More hidden layers of the same width: each one bends what the one before made.",
            frozen({"lr": 1e-3, "steps": 1000})),
)


@dataclass(frozen=True)
class ClassifyScene(Scene):
    """The data set and the grids, sent once per run."""

    points: np.ndarray  # (N, 2) float32: training points, then test points
    labels: np.ndarray  # (N,) int64 class of each point
    test: np.ndarray  # (N,) bool: held out, never trained on
    classes: int  # K
    extent: float  # the plane shown is [-extent, extent]²
    grid: np.ndarray  # (G,) coordinates of the region grid's columns (and rows)
    layer: str  # the layer the hidden view and the unit maps show, in words ("": no hidden layer)


@dataclass(frozen=True)
class ClassifyFrame(Frame):
    """What the model does now, computed from its current weights at the view's frame rate."""

    step: int  # the step these pictures show (during a run they may trail by up to 0.1 s)
    regions: np.ndarray  # (G, G, K) float32 class probabilities; row i is y = grid[i]
    predicted: np.ndarray  # (N,) int64 predicted class of every scene point
    train_loss: float
    test_loss: float  # nan without a test split
    train_accuracy: float
    test_accuracy: float  # nan without a test split
    hidden_points: np.ndarray  # (N, 2) float32: the points in the hidden view, scaled into [-1, 1]
    hidden_grid: np.ndarray  # (L, S, 2) float32: the plane's grid lines carried into that view
    hidden_regions: np.ndarray  # (H, H, K) float32: what the output layer decides there
    units: np.ndarray  # (U, R, R) float32: each shown unit's response over the plane
    unit_total: int  # how many units the layer has (U of them are shown)


def check(config) -> None:
    decay = config.values["weight_decay"]
    if decay > 1:
        raise ConfigError(f"Weight decay must be between 0 and 1, got {decay:g}")


LESSON = Lesson(
    key="classify",
    title="Classify points",
    summary="Points in the plane sorted into classes: a line fails on a spiral, a hidden layer "
            "bends space until it succeeds.",
    variants=VARIANTS,
    runner="core.runs.classify",
    params=(
        Param("dataset", "Data set", "choice", "spiral", choices=DATASETS,
              choice_labels=("Spiral", "Two moons", "Circles", "XOR",
                             "Gaussian blobs"),
              help="The pattern the points follow. Spiral and blobs have K classes; moons, "
              "circles and XOR always have two."),
        Param("arms", "Classes K", "int", 3, minimum=2, maximum=6,
              only_with=("dataset", MANY_CLASSES),
              help="Arms of the spiral, or number of blobs (moons, circles and XOR always have "
              "two classes)."),
        Param("points", "Points per class", "int", 1000, minimum=5, maximum=2000,
              help="How many points each class gets, training and test together."),
        Param("noise", "Noise", "float", 0.2, minimum=0.0, maximum=1.0,
              help="How far points stray from the pattern: for the spiral, the spread of the "
              "angle in radians; for the others, a jitter of noise/2 in the plane."),
        Param("test_fraction", "Test share", "float", 0.2, minimum=0.0, maximum=0.9,
              help="The share of the points held out: never trained on, only measured. "
              "0 keeps every point for training."),
        Param("hidden", "Hidden width", "int", 100, minimum=1, maximum=512, variants=NETS,
              help="Units in each hidden layer."),
        Param("activation", "Activation", "choice", "relu", choices=("relu", "tanh"),
              choice_labels=("ReLU", "tanh"), variants=NETS,
              help="What bends space after each hidden layer: ReLU folds it along lines, tanh "
              "squeezes it smoothly."),
        Param("layers", "Layers", "int", 3, minimum=3, maximum=6, variants=("deep",),
              help="Linear layers, counting the output layer: 3 means two hidden layers."),
        Param("optimizer", "Optimizer", "choice", "Adam", choices=("Adam", "SGD"),
              help="Which torch.optim algorithm updates the weights; each brings a learning rate "
              "that suits it."),
        # No maximum: typed, not a slider, since 1e-5 and 1e-3 both matter (checked below).
        Param("weight_decay", "Weight decay", "float", 1e-5, minimum=0.0,
              help="L2 penalty: each step adds weight decay × w to every weight's gradient, "
              "pulling the weights towards 0 (0 turns it off, at most 1)."),
    ),
    presets=(
        Preset("nyu-linear", "NYU: linear",
               frozen({"variant": "linear", "dataset": "spiral", "arms": 3, "points": 1000,
                       "noise": 0.2, "optimizer": "Adam", "lr": 1e-3, "weight_decay": 1e-5,
                       "steps": 1000})),
        Preset("nyu-relu", "NYU: 100 ReLU",
               frozen({"variant": "two-layer", "dataset": "spiral", "arms": 3, "points": 1000,
                       "noise": 0.2, "hidden": 100, "activation": "relu", "optimizer": "Adam",
                       "lr": 1e-3, "weight_decay": 1e-5, "steps": 1000})),
        Preset("xor", "XOR: 8 ReLU",
               frozen({"variant": "two-layer", "dataset": "xor", "points": 250, "noise": 0.0,
                       "hidden": 8, "activation": "relu", "optimizer": "Adam", "lr": 1e-2,
                       "weight_decay": 0.0, "steps": 2000})),
        Preset("overfit", "Overfit: 512 units",
               frozen({"variant": "two-layer", "dataset": "spiral", "points": 15,
                       "test_fraction": 0.5, "hidden": 512, "optimizer": "Adam", "lr": 1e-2,
                       "weight_decay": 0.0, "steps": 2000})),
    ),
    # Measured on the spiral with 100 ReLU units: Adam at 1e-3 reaches 0.95 in 1000 steps; plain
    # SGD needs a step hundreds of times larger (0.5 gives ~0.96, 0.1 only ~0.82).
    linked=(
        Linked("optimizer", "Adam", frozen({"lr": 1e-3})),
        Linked("optimizer", "SGD", frozen({"lr": 0.5})),
    ),
    check=check,
    scene=ClassifyScene,
    frame=ClassifyFrame,
)
