"""The seven rungs of sin-fit, the harness that drives them, and their batched twin for sweeps.

Every rung starts from the same seeded coefficients, fits y = sin(x) on 2000 points of [-pi, pi]
and uses the sum of squared errors as its loss, so the only difference between rungs is how the
step is written. The rungs use torch and numpy only (``python -m core script`` writes them out as
a standalone file); ``CODE`` lists what the code panel shows for each rung, in reading order.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import torch
from torch import nn

from core.batched import BatchedOptimizer
from core.lessons.sin_fit import SinFitFrame, SinFitScene
from core.rungs import RungRun
from core.run import to_numpy

POINTS = 2000


# -- the rungs: what the code panel shows -------------------------------------------------------
def start_values(seed):
    """The seeded starting a, b, c, d: every rung starts from these four numbers."""
    return np.random.default_rng(seed).standard_normal(4)


def sin_data(dtype, device):
    """2000 evenly spaced x in [-pi, pi] and the target y = sin(x), as tensors."""
    x = torch.linspace(-math.pi, math.pi, POINTS, dtype=dtype, device=device)
    return x, torch.sin(x)


class NumpyFit:
    """Rung 1: plain NumPy, every gradient written by hand with the chain rule."""

    def __init__(self, lr, seed):
        self.lr = lr
        self.x = np.linspace(-math.pi, math.pi, POINTS)
        self.y = np.sin(self.x)
        self.a, self.b, self.c, self.d = start_values(seed)

    def step(self):
        x, y = self.x, self.y
        y_pred = self.a + self.b * x + self.c * x**2 + self.d * x**3
        loss = np.square(y_pred - y).sum()
        # d loss / d y_pred, then the chain rule for each coefficient
        grad_y_pred = 2.0 * (y_pred - y)
        grad_a = grad_y_pred.sum()
        grad_b = (grad_y_pred * x).sum()
        grad_c = (grad_y_pred * x**2).sum()
        grad_d = (grad_y_pred * x**3).sum()
        self.a -= self.lr * grad_a
        self.b -= self.lr * grad_b
        self.c -= self.lr * grad_c
        self.d -= self.lr * grad_d
        return float(loss)


class TensorFit:
    """Rung 2: the same lines with torch tensors, which may live on a GPU."""

    def __init__(self, lr, seed, dtype, device):
        self.lr = lr
        dtype = getattr(torch, dtype)
        self.x, self.y = sin_data(dtype, device)
        start = torch.tensor(start_values(seed), dtype=dtype, device=device)
        self.a, self.b, self.c, self.d = start

    def step(self):
        x, y = self.x, self.y
        y_pred = self.a + self.b * x + self.c * x**2 + self.d * x**3
        loss = (y_pred - y).pow(2).sum()
        grad_y_pred = 2.0 * (y_pred - y)
        grad_a = grad_y_pred.sum()
        grad_b = (grad_y_pred * x).sum()
        grad_c = (grad_y_pred * x**2).sum()
        grad_d = (grad_y_pred * x**3).sum()
        self.a -= self.lr * grad_a
        self.b -= self.lr * grad_b
        self.c -= self.lr * grad_c
        self.d -= self.lr * grad_d
        return loss.item()


class AutogradFit:
    """Rung 3: loss.backward() fills a.grad, b.grad, c.grad and d.grad."""

    def __init__(self, lr, seed, dtype, device):
        self.lr = lr
        dtype = getattr(torch, dtype)
        self.x, self.y = sin_data(dtype, device)
        start = torch.tensor(start_values(seed), dtype=dtype, device=device)
        # requires_grad: autograd records every operation on these four
        self.a, self.b, self.c, self.d = (t.clone().requires_grad_() for t in start)

    def step(self):
        x, y = self.x, self.y
        y_pred = self.a + self.b * x + self.c * x**2 + self.d * x**3
        loss = (y_pred - y).pow(2).sum()
        loss.backward()
        with torch.no_grad():  # the update itself must not be recorded
            for p in (self.a, self.b, self.c, self.d):
                p -= self.lr * p.grad
                p.grad = None  # gradients add up unless cleared
        return loss.item()


class LegendreP3(torch.autograd.Function):
    """P3(z) = (5 z³ − 3 z) / 2, with a backward written by hand."""

    @staticmethod
    def forward(ctx, z):
        ctx.save_for_backward(z)
        return 0.5 * (5 * z**3 - 3 * z)

    @staticmethod
    def backward(ctx, grad_output):
        (z,) = ctx.saved_tensors
        return grad_output * 1.5 * (5 * z**2 - 1)  # dP3/dz, times the incoming gradient


class FunctionFit:
    """Rung 4: the model y = a + b · P3(c + d · x), with our own autograd Function P3."""

    def __init__(self, lr, dtype, device):
        self.lr = lr
        dtype = getattr(torch, dtype)
        self.x, self.y = sin_data(dtype, device)
        # Start near a good fit (as the tutorial does), so plain steps converge.
        start = torch.tensor([0.0, -1.0, 0.0, 0.3], dtype=dtype, device=device)
        self.a, self.b, self.c, self.d = (t.clone().requires_grad_() for t in start)

    def step(self):
        P3 = LegendreP3.apply
        y_pred = self.a + self.b * P3(self.c + self.d * self.x)
        loss = (y_pred - self.y).pow(2).sum()
        loss.backward()
        with torch.no_grad():
            for p in (self.a, self.b, self.c, self.d):
                p -= self.lr * p.grad
                p.grad = None
        return loss.item()


def cubic_features(x):
    """x -> the columns x, x², x³: a linear layer on these is a cubic in x."""
    return x.unsqueeze(-1).pow(torch.tensor([1, 2, 3], device=x.device))


def cubic_layer(seed, dtype, device):
    """Linear(3, 1) holding the seeded start: its bias is a, its weights are b, c, d."""
    layer = nn.Linear(3, 1).to(device, dtype)
    start = torch.tensor(start_values(seed), dtype=dtype, device=device)
    with torch.no_grad():
        layer.bias.copy_(start[:1])
        layer.weight.copy_(start[1:].reshape(1, 3))
    return layer


class NnFit:
    """Rung 5: nn.Linear on the features x, x², x³, and the loss from nn."""

    def __init__(self, lr, seed, dtype, device):
        self.lr = lr
        dtype = getattr(torch, dtype)
        x, self.y = sin_data(dtype, device)
        self.xx = cubic_features(x)  # shape (2000, 3)
        self.model = nn.Sequential(cubic_layer(seed, dtype, device), nn.Flatten(0, 1))
        self.loss_fn = nn.MSELoss(reduction="sum")

    def step(self):
        y_pred = self.model(self.xx)
        loss = self.loss_fn(y_pred, self.y)
        self.model.zero_grad()
        loss.backward()
        with torch.no_grad():
            for param in self.model.parameters():
                param -= self.lr * param.grad
        return loss.item()


class OptimFit:
    """Rung 6: an optimizer from torch.optim does the update."""

    def __init__(self, lr, seed, dtype, device, optimizer):
        self.lr = lr
        dtype = getattr(torch, dtype)
        x, self.y = sin_data(dtype, device)
        self.xx = cubic_features(x)
        self.model = nn.Sequential(cubic_layer(seed, dtype, device), nn.Flatten(0, 1))
        self.loss_fn = nn.MSELoss(reduction="sum")
        algorithm = getattr(torch.optim, optimizer)  # SGD, RMSprop or Adam
        self.optimizer = algorithm(self.model.parameters(), lr=lr)

    def step(self):
        loss = self.loss_fn(self.model(self.xx), self.y)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return loss.item()


class Polynomial3(nn.Module):
    """y = a + b x + c x² + d x³, with a, b, c and d as the module's parameters."""

    def __init__(self, start):
        super().__init__()
        # float64 here, so a float64 run keeps every digit of the start (.to() rounds it once)
        self.a, self.b, self.c, self.d = (
            nn.Parameter(torch.tensor(v, dtype=torch.float64)) for v in start)

    def forward(self, x):
        return self.a + self.b * x + self.c * x**2 + self.d * x**3


class ModuleFit:
    """Rung 7: our own nn.Module, trained like any other model."""

    def __init__(self, lr, seed, dtype, device):
        self.lr = lr
        dtype = getattr(torch, dtype)
        self.x, self.y = sin_data(dtype, device)
        self.model = Polynomial3(start_values(seed)).to(device, dtype)
        self.loss_fn = nn.MSELoss(reduction="sum")
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=lr)

    def step(self):
        loss = self.loss_fn(self.model(self.x), self.y)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return loss.item()


CODE = {
    "numpy": ("start_values", "NumpyFit"),
    "tensor": ("start_values", "sin_data", "TensorFit"),
    "autograd": ("start_values", "sin_data", "AutogradFit"),
    "function": ("sin_data", "LegendreP3", "FunctionFit"),
    "nn": ("start_values", "sin_data", "cubic_features", "cubic_layer", "NnFit"),
    "optim": ("start_values", "sin_data", "cubic_features", "cubic_layer", "OptimFit"),
    "module": ("start_values", "sin_data", "Polynomial3", "ModuleFit"),
}


# -- the harness: what the window, the CLI and the tests read (not part of any rung) -------------
class SinFitRun(RungRun):
    legendre = False

    def coefficients(self) -> tuple[float, float, float, float]:
        return coefficients_of(self.rung)

    def scene(self) -> SinFitScene:
        x = np.linspace(-math.pi, math.pi, POINTS)
        return SinFitScene(x=x, target=np.sin(x), legendre=self.legendre)

    def frame(self) -> SinFitFrame:
        coeffs = self.coefficients()
        x = np.linspace(-math.pi, math.pi, POINTS)
        with np.errstate(all="ignore"):
            prediction = predict(coeffs, x, self.legendre)
        return SinFitFrame(coefficients=np.array(coeffs), prediction=prediction)

    def result(self) -> dict:
        from core.lessons.sin_fit import formula

        a, b, c, d = self.coefficients()
        return {"coefficients": {"a": a, "b": b, "c": c, "d": d},
                "formula": formula((a, b, c, d), self.legendre), "lstsq_loss": lstsq_loss()}

    def namespace(self) -> dict:
        a, b, c, d = self.coefficients()
        names = {**super().namespace(), "a": a, "b": b, "c": c, "d": d}
        if isinstance(getattr(self.rung, "model", None), nn.Module):
            names["model"] = copy.deepcopy(self.rung.model)  # a copy: the console cannot race the run
        return names


class LegendreRun(SinFitRun):
    legendre = True


VARIANTS = {
    "numpy": SinFitRun.of(NumpyFit), "tensor": SinFitRun.of(TensorFit),
    "autograd": SinFitRun.of(AutogradFit), "function": LegendreRun.of(FunctionFit),
    "nn": SinFitRun.of(NnFit), "optim": SinFitRun.of(OptimFit), "module": SinFitRun.of(ModuleFit),
}


def coefficients_of(rung) -> tuple[float, float, float, float]:
    model = getattr(rung, "model", None)
    if isinstance(model, nn.Sequential):  # Linear(3, 1): bias a, weights b, c, d
        bias, weight = to_numpy(model[0].bias), to_numpy(model[0].weight).ravel()
        return float(bias[0]), float(weight[0]), float(weight[1]), float(weight[2])
    holder = model if model is not None else rung
    values = (getattr(holder, name) for name in "abcd")
    return tuple(float(v.detach() if isinstance(v, torch.Tensor) else v) for v in values)


def predict(coeffs, x: np.ndarray, legendre: bool) -> np.ndarray:
    a, b, c, d = coeffs
    if legendre:
        z = c + d * x
        return a + b * 0.5 * (5 * z**3 - 3 * z)
    return a + b * x + c * x**2 + d * x**3


_LSTSQ: list[float] = []


def lstsq_loss() -> float:
    """The smallest sum of squared errors any cubic reaches on these points (least squares)."""
    if not _LSTSQ:
        x = np.linspace(-math.pi, math.pi, POINTS)
        features = np.stack([np.ones_like(x), x, x**2, x**3], axis=1)
        coeffs, *_ = np.linalg.lstsq(features, np.sin(x), rcond=None)
        _LSTSQ.append(float(np.square(features @ coeffs - np.sin(x)).sum()))
    return _LSTSQ[0]


# -- the sweep: K learning rates in one batched run (rows never mix) -----------------------------
class CubicSweep:
    """K copies of the cubic fit, one per learning rate: coefficients of shape (K, 4).

    The step is the rungs' step with a leading dimension: one forward and one backward pass for
    all K. Plain gradient steps for every rung but optim, which uses its optimizer, per row.
    """

    def __init__(self, lrs, seed, device, dtype="float64", optimizer="SGD", legendre=False):
        dtype = getattr(torch, dtype)
        self.legendre = legendre
        x, self.y = sin_data(dtype, device)
        start = [0.0, -1.0, 0.0, 0.3] if legendre else start_values(seed)
        self.params = torch.tensor(start, dtype=dtype, device=device).repeat(len(lrs), 1)
        self.params.requires_grad_()
        self.features = torch.stack([torch.ones_like(x), x, x**2, x**3])  # (4, N)
        self.x = x
        self.optimizer = BatchedOptimizer(optimizer, self.params, lrs)

    def step(self) -> torch.Tensor:
        a, b, c, d = self.params.unbind(1)
        x = self.x
        if self.legendre:
            z = c[:, None] + d[:, None] * x
            y_pred = a[:, None] + b[:, None] * (0.5 * (5 * z**3 - 3 * z))
        else:
            y_pred = a[:, None] + b[:, None] * x + c[:, None] * x**2 + d[:, None] * x**3
        losses = (y_pred - self.y).pow(2).sum(1)
        losses.sum().backward()  # rows are independent: each row gets its own gradient
        self.optimizer.step()
        return losses.detach()


def sweep(config, lrs, device) -> CubicSweep:
    """``config``'s rung at each of ``lrs`` at once; ``step()`` returns the K losses."""
    values = config.values
    return CubicSweep(lrs, values.get("seed", 0), device, dtype=values.get("dtype", "float64"),
                      optimizer=values.get("optimizer", "SGD"), legendre=config.variant == "function")
