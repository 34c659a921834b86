"""The three rungs of classify, the harness that draws what they do, and their batched twin for sweeps.

Every rung makes the same seeded points, holds out the same test points, starts its weights from
``torch.manual_seed(seed)`` and takes full-batch steps on the cross-entropy loss with a
``torch.optim`` optimizer; only the model differs. The harness computes the pictures (decision
regions over the plane, the hidden space, each unit's response) from the current weights when the
view asks for a frame, never inside a step.
"""

from __future__ import annotations

import copy
import math
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core.batched import BatchedOptimizer
from core.lessons.classify import ClassifyFrame, ClassifyScene
from core.rungs import RungRun
from core.run import to_numpy

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh}


# -- the rungs: what the code panel shows -------------------------------------------------------
def make_points(dataset, arms, points, noise, generator):
    """``points`` points per class: x (N, 2) in about [-1, 1]², y (N,) classes."""
    n, g, pi = points, generator, math.pi
    classes = arms if dataset in ("spiral", "blobs") else 2
    xs, ys = [], []
    for c in range(classes):
        if dataset == "spiral":  # as in the NYU notebook
            radius = torch.linspace(0, 1, n)
            turn = 2 * pi / classes
            angle = torch.linspace(turn * c, turn * (c + 2), n)
            angle = angle + noise * torch.randn(n, generator=g)
            x = radius[:, None] * torch.stack([angle.sin(), angle.cos()], 1)
        elif dataset == "moons":  # two interleaved half circles
            a = pi * torch.rand(n, generator=g)
            if c == 0:
                arc = torch.stack([a.cos(), a.sin()], 1)
            else:
                arc = torch.stack([1 - a.cos(), 0.5 - a.sin()], 1)
            x = 0.9 * (arc - torch.tensor([0.5, 0.25]))
        elif dataset == "circles":  # a ring around a smaller ring
            a = 2 * pi * torch.rand(n, generator=g)
            ring = torch.stack([a.cos(), a.sin()], 1)
            x = (1.0 if c == 0 else 0.5) * ring
        elif dataset == "xor":  # class 0: quadrants (+, +), (-, -)
            sign = torch.where(torch.rand(n, generator=g) < 0.5, -1.0, 1.0)
            corner = torch.stack([sign, sign if c == 0 else -sign], 1)
            x = corner * torch.rand(n, 2, generator=g)
        else:  # blobs: a Gaussian cloud per class, around a circle
            a = torch.tensor(2 * pi * c / classes)
            centre = 0.7 * torch.stack([a.cos(), a.sin()])
            x = centre + 0.15 * torch.randn(n, 2, generator=g)
        if dataset != "spiral":  # the spiral's noise is in its angle
            x = x + noise / 2 * torch.randn(n, 2, generator=g)
        xs.append(x)
        ys.append(torch.full((n,), c))
    return torch.cat(xs), torch.cat(ys)


def split(x, y, test_fraction, generator):
    """Hold a random share of the points out for testing."""
    order = torch.randperm(len(x), generator=generator)
    held_out = round(test_fraction * len(x))
    test, train = order[:held_out], order[held_out:]
    return x[train], y[train], x[test], y[test]


class LinearSoftmax:
    """Rung 1: logits = x Wᵀ + b, one row of W per class.

    The cross-entropy loss applies the softmax itself."""

    def __init__(self, lr, seed, device, dataset, arms, points, noise,
                 test_fraction, optimizer, weight_decay):
        self.lr = lr
        generator = torch.Generator().manual_seed(seed)
        x, y = make_points(dataset, arms, points, noise, generator)
        data = split(x, y, test_fraction, generator)
        self.x, self.y, self.x_test, self.y_test = (
            t.to(device) for t in data)
        classes = int(y.max()) + 1
        torch.manual_seed(seed)  # the starting weights
        self.model = nn.Linear(2, classes).to(device)
        self.loss_fn = nn.CrossEntropyLoss()
        algorithm = getattr(torch.optim, optimizer)  # Adam or SGD
        self.optimizer = algorithm(self.model.parameters(), lr=lr,
                                   weight_decay=weight_decay)

    def step(self):
        logits = self.model(self.x)  # (N, K): one score per class
        loss = self.loss_fn(logits, self.y)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return loss.item()


class TwoLayerNet:
    """Rung 2: a hidden layer and its activation before the class scores."""

    def __init__(self, lr, seed, device, dataset, arms, points, noise,
                 test_fraction, optimizer, weight_decay, hidden, activation):
        self.lr = lr
        generator = torch.Generator().manual_seed(seed)
        x, y = make_points(dataset, arms, points, noise, generator)
        data = split(x, y, test_fraction, generator)
        self.x, self.y, self.x_test, self.y_test = (
            t.to(device) for t in data)
        classes = int(y.max()) + 1
        torch.manual_seed(seed)  # the starting weights
        self.model = nn.Sequential(
            nn.Linear(2, hidden),
            ACTIVATIONS[activation](),  # ReLU or tanh: without it, two layers are one
            nn.Linear(hidden, classes),
        ).to(device)
        self.loss_fn = nn.CrossEntropyLoss()
        algorithm = getattr(torch.optim, optimizer)  # Adam or SGD
        self.optimizer = algorithm(self.model.parameters(), lr=lr,
                                   weight_decay=weight_decay)

    def step(self):
        logits = self.model(self.x)  # (N, K): one score per class
        loss = self.loss_fn(logits, self.y)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return loss.item()


class DeepNet:
    """Rung 3: ``layers - 1`` hidden layers of one width, each activated."""

    def __init__(self, lr, seed, device, dataset, arms, points, noise,
                 test_fraction, optimizer, weight_decay, hidden, activation,
                 layers):
        self.lr = lr
        generator = torch.Generator().manual_seed(seed)
        x, y = make_points(dataset, arms, points, noise, generator)
        data = split(x, y, test_fraction, generator)
        self.x, self.y, self.x_test, self.y_test = (
            t.to(device) for t in data)
        classes = int(y.max()) + 1
        torch.manual_seed(seed)  # the starting weights
        blocks, width_in = [], 2
        for _ in range(layers - 1):
            blocks += [nn.Linear(width_in, hidden), ACTIVATIONS[activation]()]
            width_in = hidden
        self.model = nn.Sequential(*blocks, nn.Linear(hidden, classes))
        self.model.to(device)
        self.loss_fn = nn.CrossEntropyLoss()
        algorithm = getattr(torch.optim, optimizer)  # Adam or SGD
        self.optimizer = algorithm(self.model.parameters(), lr=lr,
                                   weight_decay=weight_decay)

    def step(self):
        logits = self.model(self.x)  # (N, K): one score per class
        loss = self.loss_fn(logits, self.y)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return loss.item()


CODE = {
    "linear": ("make_points", "split", "LinearSoftmax"),
    "two-layer": ("make_points", "split", "ACTIVATIONS", "TwoLayerNet"),
    "deep": ("make_points", "split", "ACTIVATIONS", "DeepNet"),
}


# -- the harness: what the window, the CLI and the tests read (not part of any rung) -------------
EXTENT = 1.5  # the plane shown: [-1.5, 1.5]²
GRID = 101  # region grid: 101 x 101 cells, one every 0.03, with lines through 0
LINE_EVERY = 10  # every 10th grid row and column is a grid line carried into the hidden view
UNIT_EVERY = 3  # unit maps sample every 3rd grid point: 34 x 34
MAX_UNITS = 16
HIDDEN_GRID = 101  # the hidden view's region grid, over [-HIDDEN_EXTENT, HIDDEN_EXTENT]²
HIDDEN_EXTENT = 1.2  # the hidden view shows its points scaled into [-1, 1]
# A frame costs a few training steps (the 101 x 101 grid goes through the net), and the window
# shows at most 10 a second at full speed: computing more would only slow the training. So a new
# frame is computed at most every PICTURE_INTERVAL_S, and never takes more than PICTURE_SHARE of
# the run's time (a wide, deep net then refreshes less often); otherwise the last one is sent
# again. A finished run, and a paused one (the view asks with the "refresh" command), always gets
# a fresh frame.
PICTURE_INTERVAL_S = 0.1
PICTURE_SHARE = 0.05


class ClassifyRun(RungRun):
    """Around any rung: the scene, the pictures of the current model, the figures for the CLI."""

    def setup(self) -> None:
        super().setup()
        rung = self.rung
        self.points = torch.cat([rung.x, rung.x_test])
        self.labels = torch.cat([rung.y, rung.y_test])
        self.train_count = len(rung.x)
        self.classes = int(self.labels.max()) + 1
        axis = torch.linspace(-EXTENT, EXTENT, GRID, device=self.device)
        gy, gx = torch.meshgrid(axis, axis, indexing="ij")  # row i is y = axis[i]
        self.grid_points = torch.stack([gx.ravel(), gy.ravel()], 1)
        self.axis = axis
        self.directions = class_directions(self.classes).to(self.device)
        self.second_axis: torch.Tensor | None = None  # two classes: kept from frame to frame
        self._last: ClassifyFrame | None = None
        self._last_step = -1
        self._last_at = -math.inf  # time.monotonic() when it was computed
        self._cost = 0.0  # seconds the last one took
        self._refresh = False

    # -- the layer the hidden view shows ------------------------------------------------------------
    def split_model(self) -> tuple[nn.Module, nn.Module]:
        """(everything up to the last hidden layer's activation, the output layer)."""
        model = self.rung.model
        if isinstance(model, nn.Sequential):
            return model[:-1], model[-1]
        return nn.Identity(), model

    def layer_words(self) -> str:
        """The layer the hidden view shows, in a few words ("" for the linear model: none)."""
        values = self.config.values
        if self.config.variant == "linear":
            return ""
        name = {"relu": "ReLU", "tanh": "tanh"}[values["activation"]]
        hidden_layers = values.get("layers", 2) - 1
        return f"after {name}" if hidden_layers == 1 else f"layer {hidden_layers}, after {name}"

    # -- the contract -------------------------------------------------------------------------------
    def scene(self) -> ClassifyScene:
        test = np.zeros(len(self.points), dtype=bool)
        test[self.train_count:] = True
        return ClassifyScene(
            points=to_numpy(self.points).astype(np.float32), labels=to_numpy(self.labels).astype(np.int64),
            test=test, classes=int(self.classes), extent=EXTENT, grid=to_numpy(self.axis),
            layer=self.layer_words())

    def frame(self) -> ClassifyFrame:
        """The current pictures, or the last ones again when a new frame is not due yet."""
        now = time.monotonic()
        due = now - self._last_at >= max(PICTURE_INTERVAL_S, self._cost / PICTURE_SHARE)
        if self._last is None or (self._last_step != self.step_count
                                  and (due or self._refresh or self.done)):
            self._last = self.compute_frame()
            self._last_step, self._last_at = self.step_count, now
            self._cost = time.monotonic() - now
            self._refresh = False
        return self._last

    def command(self, name: str, payload) -> None:
        if name != "refresh":
            super().command(name, payload)
        self._refresh = True  # the driver sends a snapshot next: make it show this very step

    @torch.no_grad()
    def compute_frame(self) -> ClassifyFrame:
        body, head = self.split_model()
        n = len(self.points)
        features = body(torch.cat([self.points, self.grid_points]))
        logits = head(features)
        point_logits, grid_logits = logits[:n], logits[n:]
        probabilities = grid_logits.softmax(1).reshape(GRID, GRID, -1)
        train, test = slice(0, self.train_count), slice(self.train_count, n)
        predicted = point_logits.argmax(1)
        right = (predicted == self.labels).float()
        if not torch.isfinite(point_logits).all():  # blown up: argmax of NaN means nothing
            right = torch.full_like(right, math.nan)
        hidden_points, hidden_grid, hidden_regions = self.hidden_view(features, logits, head)
        return ClassifyFrame(
            step=self.step_count, regions=_f32(probabilities), predicted=to_numpy(predicted).astype(np.int64),
            train_loss=_loss(point_logits[train], self.labels[train]),
            test_loss=_loss(point_logits[test], self.labels[test]),
            train_accuracy=_mean(right[train]), test_accuracy=_mean(right[test]),
            hidden_points=hidden_points, hidden_grid=hidden_grid, hidden_regions=hidden_regions,
            units=self.unit_maps(features[n:], probabilities),
            unit_total=int(features.shape[1]) if self.config.variant != "linear" else self.classes)

    def hidden_view(self, features, logits, head) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The points and the plane's grid lines as the output layer sees them, scaled into [-1, 1].

        Each class k has a fixed direction d_k in the view; a point goes to Σ_k z_k d_k, z being its
        class scores minus their mean. For three classes this keeps everything the output layer
        uses (its decision regions are three fixed wedges); for two, the second coordinate is the
        hidden space's widest direction across the boundary.
        """
        n = len(self.points)
        centred = logits - logits.mean(1, keepdim=True)
        view = centred @ self.directions  # (N + G², 2)
        if self.classes == 2:
            view[:, 1] = self.across(features, head, n)
        points, grid = view[:n], view[n:].reshape(GRID, GRID, 2)
        lines = torch.cat([grid[::LINE_EVERY], grid[:, ::LINE_EVERY].transpose(0, 1)])
        reach = points.abs().amax(1) if n else lines.reshape(-1, 2).abs().amax(1)
        scale = torch.quantile(reach, 0.99).clamp_min(1e-6) if len(reach) else torch.tensor(1.0)
        axis = torch.linspace(-HIDDEN_EXTENT, HIDDEN_EXTENT, HIDDEN_GRID, device=self.device)
        vy, vx = torch.meshgrid(axis, axis, indexing="ij")
        where = torch.stack([vx.ravel(), vy.ravel()], 1) * scale
        regions = (self.score_weight() * where @ self.directions.T).softmax(1)
        return (_f32(points / scale), _f32(lines / scale),
                _f32(regions.reshape(HIDDEN_GRID, HIDDEN_GRID, -1)))

    def score_weight(self) -> float:
        """Back from the view to class scores: z_k = c · d_k · q (exact for two and three classes)."""
        return 0.5 if self.classes == 2 else 2.0 / self.classes

    def across(self, features, head, n) -> torch.Tensor:
        """Two classes: each row's coordinate along the hidden space's widest spread that the
        output layer does not read (power iteration, warm-started, its sign kept frame to frame)."""
        weight = head.weight
        decisive = weight[1] - weight[0]
        decisive = decisive / decisive.norm().clamp_min(1e-12)
        sample = features[:n] if n else features
        centred = sample - sample.mean(0)
        centred = centred - (centred @ decisive)[:, None] * decisive
        vector = self.second_axis
        if vector is None or vector.shape[0] != features.shape[1]:
            vector = torch.ones(features.shape[1], device=features.device, dtype=features.dtype)
        for _ in range(4):
            vector = centred.T @ (centred @ vector)
            vector = vector - (vector @ decisive) * decisive
            size = vector.norm()
            if not torch.isfinite(size) or size < 1e-12:
                return torch.zeros(len(features), device=features.device, dtype=features.dtype)
            vector = vector / size
        if self.second_axis is not None and self.second_axis.shape == vector.shape \
                and vector @ self.second_axis < 0:
            vector = -vector  # the same way round as last frame, so the picture does not flip
        self.second_axis = vector
        return (features - sample.mean(0)) @ vector

    def unit_maps(self, grid_features, probabilities) -> np.ndarray:
        """Each shown unit's output over the plane (a linear model: each class's probability)."""
        if self.config.variant == "linear":
            maps = probabilities.permute(2, 0, 1)
        else:
            shown = grid_features[:, :MAX_UNITS].reshape(GRID, GRID, -1)
            maps = shown.permute(2, 0, 1)
        return _f32(maps[:, ::UNIT_EVERY, ::UNIT_EVERY])

    def result(self) -> dict:
        frame = self.compute_frame()
        predicted = frame.predicted
        labels = to_numpy(self.labels)
        where = slice(self.train_count, None) if len(labels) > self.train_count else slice(None)
        confusion = np.zeros((self.classes, self.classes), dtype=int)
        np.add.at(confusion, (labels[where], predicted[where]), 1)
        return {
            "train_accuracy": frame.train_accuracy, "test_accuracy": _or_none(frame.test_accuracy),
            "train_loss": frame.train_loss, "test_loss": _or_none(frame.test_loss),
            "confusion": confusion.tolist(),
            "confusion_of": "test" if where.start else "train",
            "classes": self.classes, "train_points": self.train_count,
            "test_points": len(labels) - self.train_count,
        }

    def namespace(self) -> dict:
        rung = self.rung
        copies = {name: getattr(rung, name).clone() for name in ("x", "y", "x_test", "y_test")}
        return {**super().namespace(), **copies, "model": copy.deepcopy(rung.model)}


VARIANTS = {
    "linear": ClassifyRun.of(LinearSoftmax),
    "two-layer": ClassifyRun.of(TwoLayerNet),
    "deep": ClassifyRun.of(DeepNet),
}


def class_directions(classes: int) -> torch.Tensor:
    """(K, 2): a fixed direction per class in the hidden view (two classes: left and right)."""
    if classes == 2:
        return torch.tensor([[-1.0, 0.0], [1.0, 0.0]])
    angles = 2 * math.pi * torch.arange(classes) / classes + math.pi / 2
    return torch.stack([angles.cos(), angles.sin()], 1)


def _f32(tensor: torch.Tensor) -> np.ndarray:
    return to_numpy(tensor).astype(np.float32, copy=False)


def _loss(logits: torch.Tensor, labels: torch.Tensor) -> float:
    return F.cross_entropy(logits, labels).item() if len(labels) else math.nan


def _mean(values: torch.Tensor) -> float:
    return values.mean().item() if len(values) else math.nan


def _or_none(value: float) -> float | None:
    return value if math.isfinite(value) else None


# -- the sweep: K learning rates in one batched run (rows never mix) -----------------------------
class ClassifySweep:
    """R copies of the rung's model, one per learning rate: every weight gets a leading dimension R.

    The start is the rung's own (its seeded data and weights, repeated); each Linear layer becomes
    one batched matrix product, so a step is one forward and one backward pass for all R.
    """

    def __init__(self, rung, lrs, optimizer, weight_decay):
        count = len(lrs)
        # Points last, (R, features, N), from the input to the class scores: each layer is then
        # a (R, out, in) x (R, in, N) product and the softmax runs along the points, not along
        # rows of 2-5 numbers (32 lrs of the linear rung on the spiral: 7.9 -> 1.8 ms a step).
        self.points = rung.x.t().contiguous()
        layers = [m for m in _modules(rung.model)]
        self.steps = []  # ("linear", weight, bias) or ("activation", function)
        params = []
        for module in layers:
            if isinstance(module, nn.Linear):
                weight = module.weight.detach().clone().repeat(count, 1, 1).requires_grad_()
                bias = module.bias.detach().clone().repeat(count, 1).requires_grad_()
                self.steps.append(("linear", weight, bias))
                params += [weight, bias]
            else:
                self.steps.append(("activation", module))
        self.params = params
        classes = params[-1].shape[1]  # the last bias, (R, K)
        self.picks = F.one_hot(rung.y, classes).t().to(rung.x.dtype)  # (K, N): 1 at each label
        self.optimizer = BatchedOptimizer(optimizer, params, lrs, weight_decay=weight_decay)

    def step(self) -> torch.Tensor:
        count = self.params[0].shape[0]
        h = self.points.expand(count, -1, -1)
        for kind, *parts in self.steps:
            if kind == "linear":
                weight, bias = parts
                h = torch.baddbmm(bias.unsqueeze(2), weight, h)
            else:
                h = parts[0](h)
        # Cross-entropy, the mean over the points of -log softmax at each label.
        losses = -(F.log_softmax(h, dim=1) * self.picks).sum(1).mean(1)
        losses.sum().backward()  # rows are independent: each row gets its own gradient
        self.optimizer.step()
        return losses.detach()


def _modules(model: nn.Module) -> list[nn.Module]:
    return list(model) if isinstance(model, nn.Sequential) else [model]


def sweep(config, lrs, device) -> ClassifySweep:
    """``config``'s rung at each of ``lrs`` at once; ``step()`` returns the R losses."""
    from core.rungs import rung_arguments

    rung_class = VARIANTS[config.variant].rung_class
    rung = rung_class(**rung_arguments(rung_class, config.values, device))
    values = config.values
    return ClassifySweep(rung, torch.as_tensor(lrs).tolist(), values["optimizer"],
                         values["weight_decay"])
