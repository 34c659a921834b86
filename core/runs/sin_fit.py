"""The seven rungs of sin-fit. Each class is one rung; the code panel shows the running one.

Every rung starts from the same seeded coefficients, fits y = sin(x) on 2000 points of [-pi, pi],
and uses the sum of squared errors as its loss, so the only difference between rungs is how the
step is written.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import torch
from torch import nn

from core.run import Run, to_numpy

POINTS = 2000


class SinFitRun(Run):
    """Shared by every rung: the data, the starting point, the plots' state and the JSON figures."""

    legendre = False  # True when the model is a + b * P3(c + d * x)

    def start(self) -> np.ndarray:
        """The seeded starting coefficients a, b, c, d (the same for every rung)."""
        return self.rng.standard_normal(4)

    def torch_data(self) -> tuple[torch.Tensor, torch.Tensor]:
        self.dtype = getattr(torch, self.config.options.get("dtype", "float32"))
        x = torch.linspace(-math.pi, math.pi, POINTS, dtype=self.dtype, device=self.device)
        return x, torch.sin(x)

    def coefficients(self) -> tuple[float, float, float, float]:
        raise NotImplementedError

    def view_state(self) -> dict:
        x = np.linspace(-math.pi, math.pi, POINTS)
        coeffs = self.coefficients()
        return {
            "x": x, "target": np.sin(x), "prediction": predict(coeffs, x, self.legendre),
            "coefficients": np.array(coeffs), "formula": formula(coeffs, self.legendre),
        }

    def result(self) -> dict:
        a, b, c, d = self.coefficients()
        return {
            "coefficients": {"a": a, "b": b, "c": c, "d": d},
            "formula": formula((a, b, c, d), self.legendre),
            "lstsq_loss": lstsq_loss(),
        }

    def namespace(self) -> dict:
        a, b, c, d = self.coefficients()
        names = {**super().namespace(), "a": a, "b": b, "c": c, "d": d}
        if isinstance(getattr(self, "model", None), nn.Module):
            names["model"] = copy.deepcopy(self.model)  # a copy: the console cannot race the run
        return names


class NumpyFit(SinFitRun):
    def setup(self):
        self.x = np.linspace(-math.pi, math.pi, POINTS)
        self.y = np.sin(self.x)
        self.a, self.b, self.c, self.d = self.start()

    def gradients(self):
        x, y = self.x, self.y
        y_pred = self.a + self.b * x + self.c * x**2 + self.d * x**3
        loss = np.square(y_pred - y).sum()
        grad_y_pred = 2.0 * (y_pred - y)  # d loss / d y_pred, then the chain rule:
        grads = (grad_y_pred.sum(), (grad_y_pred * x).sum(),
                 (grad_y_pred * x**2).sum(), (grad_y_pred * x**3).sum())
        return loss, grads

    def train_step(self):
        loss, (ga, gb, gc, gd) = self.gradients()
        self.a -= self.lr * ga
        self.b -= self.lr * gb
        self.c -= self.lr * gc
        self.d -= self.lr * gd
        return loss

    def coefficients(self):
        return float(self.a), float(self.b), float(self.c), float(self.d)


class TensorFit(SinFitRun):
    def setup(self):
        self.x, self.y = self.torch_data()
        self.a, self.b, self.c, self.d = torch.tensor(self.start(), dtype=self.dtype,
                                                      device=self.device)

    def gradients(self):
        x, y = self.x, self.y
        y_pred = self.a + self.b * x + self.c * x**2 + self.d * x**3
        loss = (y_pred - y).pow(2).sum()
        grad_y_pred = 2.0 * (y_pred - y)
        grads = (grad_y_pred.sum(), (grad_y_pred * x).sum(),
                 (grad_y_pred * x**2).sum(), (grad_y_pred * x**3).sum())
        return loss, grads

    def train_step(self):
        loss, (ga, gb, gc, gd) = self.gradients()
        self.a -= self.lr * ga
        self.b -= self.lr * gb
        self.c -= self.lr * gc
        self.d -= self.lr * gd
        return loss.item()

    def coefficients(self):
        return tuple(t.item() for t in (self.a, self.b, self.c, self.d))


class AutogradFit(SinFitRun):
    def setup(self):
        self.x, self.y = self.torch_data()
        start = torch.tensor(self.start(), dtype=self.dtype, device=self.device)
        self.a, self.b, self.c, self.d = (t.clone().requires_grad_() for t in start)

    def train_step(self):
        x, y = self.x, self.y
        y_pred = self.a + self.b * x + self.c * x**2 + self.d * x**3
        loss = (y_pred - y).pow(2).sum()
        loss.backward()  # fills a.grad, b.grad, c.grad, d.grad
        with torch.no_grad():  # the update itself must not be recorded
            for p in (self.a, self.b, self.c, self.d):
                p -= self.lr * p.grad
                p.grad = None  # gradients add up unless cleared
        return loss.item()

    def coefficients(self):
        return tuple(t.item() for t in (self.a, self.b, self.c, self.d))


class LegendreP3(torch.autograd.Function):
    """P3(z) = (5 z^3 - 3 z) / 2, with a hand-written backward."""

    @staticmethod
    def forward(ctx, z):
        ctx.save_for_backward(z)
        return 0.5 * (5 * z**3 - 3 * z)

    @staticmethod
    def backward(ctx, grad_output):
        (z,) = ctx.saved_tensors
        return grad_output * 1.5 * (5 * z**2 - 1)  # dP3/dz, times the incoming gradient


class FunctionFit(SinFitRun):
    legendre = True

    def start(self):
        return np.array([0.0, -1.0, 0.0, 0.3])  # near a good fit, so plain steps converge

    def setup(self):
        self.x, self.y = self.torch_data()
        start = torch.tensor(self.start(), dtype=self.dtype, device=self.device)
        self.a, self.b, self.c, self.d = (t.clone().requires_grad_() for t in start)

    def train_step(self):
        P3 = LegendreP3.apply
        y_pred = self.a + self.b * P3(self.c + self.d * self.x)
        loss = (y_pred - self.y).pow(2).sum()
        loss.backward()
        with torch.no_grad():
            for p in (self.a, self.b, self.c, self.d):
                p -= self.lr * p.grad
                p.grad = None
        return loss.item()

    def coefficients(self):
        return tuple(t.item() for t in (self.a, self.b, self.c, self.d))


def cubic_features(x: torch.Tensor) -> torch.Tensor:
    """x -> columns x, x^2, x^3: a linear layer on these is a cubic in x."""
    return x.unsqueeze(-1).pow(torch.tensor([1, 2, 3], device=x.device))


class NnFit(SinFitRun):
    def setup(self):
        x, self.y = self.torch_data()
        self.xx = cubic_features(x)
        self.model = nn.Sequential(nn.Linear(3, 1), nn.Flatten(0, 1))
        self.model.to(self.device, self.dtype)
        load_cubic(self.model[0], self.start())
        self.loss_fn = nn.MSELoss(reduction="sum")

    def train_step(self):
        y_pred = self.model(self.xx)
        loss = self.loss_fn(y_pred, self.y)
        self.model.zero_grad()
        loss.backward()
        with torch.no_grad():
            for param in self.model.parameters():
                param -= self.lr * param.grad
        return loss.item()

    def coefficients(self):
        return linear_as_cubic(self.model[0])


class OptimFit(SinFitRun):
    def setup(self):
        x, self.y = self.torch_data()
        self.xx = cubic_features(x)
        self.model = nn.Sequential(nn.Linear(3, 1), nn.Flatten(0, 1))
        self.model.to(self.device, self.dtype)
        load_cubic(self.model[0], self.start())
        self.loss_fn = nn.MSELoss(reduction="sum")
        algorithm = getattr(torch.optim, self.config.options["optimizer"])
        self.optimizer = algorithm(self.model.parameters(), lr=self.lr)

    def train_step(self):
        loss = self.loss_fn(self.model(self.xx), self.y)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def on_lr_change(self, lr):
        for group in self.optimizer.param_groups:
            group["lr"] = lr

    def coefficients(self):
        return linear_as_cubic(self.model[0])


class Polynomial3(nn.Module):
    """y = a + b x + c x^2 + d x^3 with a, b, c, d as learnable parameters."""

    def __init__(self, start):
        super().__init__()
        self.a, self.b, self.c, self.d = (nn.Parameter(torch.tensor(float(v))) for v in start)

    def forward(self, x):
        return self.a + self.b * x + self.c * x**2 + self.d * x**3


class ModuleFit(SinFitRun):
    def setup(self):
        self.x, self.y = self.torch_data()
        self.model = Polynomial3(self.start()).to(self.device, self.dtype)
        self.loss_fn = nn.MSELoss(reduction="sum")
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=self.lr)

    def train_step(self):
        loss = self.loss_fn(self.model(self.x), self.y)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def on_lr_change(self, lr):
        for group in self.optimizer.param_groups:
            group["lr"] = lr

    def coefficients(self):
        m = self.model
        return tuple(t.item() for t in (m.a, m.b, m.c, m.d))


VARIANTS = {
    "numpy": NumpyFit, "tensor": TensorFit, "autograd": AutogradFit, "function": FunctionFit,
    "nn": NnFit, "optim": OptimFit, "module": ModuleFit,
}


# -- helpers shared by the rungs (not part of any rung's lesson) --------------------------------
def load_cubic(linear: nn.Linear, start: np.ndarray) -> None:
    """Set a Linear(3, 1) to the cubic a + b x + c x^2 + d x^3 (same start as every rung)."""
    with torch.no_grad():
        linear.bias.copy_(torch.as_tensor(start[:1]))
        linear.weight.copy_(torch.as_tensor(start[1:]).reshape(1, 3))


def linear_as_cubic(linear: nn.Linear) -> tuple[float, float, float, float]:
    bias, weight = to_numpy(linear.bias), to_numpy(linear.weight).ravel()
    return float(bias[0]), float(weight[0]), float(weight[1]), float(weight[2])


def predict(coeffs, x: np.ndarray, legendre: bool) -> np.ndarray:
    a, b, c, d = coeffs
    if legendre:
        z = c + d * x
        return a + b * 0.5 * (5 * z**3 - 3 * z)
    return a + b * x + c * x**2 + d * x**3


def formula(coeffs, legendre: bool) -> str:
    a, b, c, d = coeffs
    if legendre:
        return f"y = {_num(a)}{_term(b, ' · P3(')}{_num(c)}{_term(d, ' x)')}"
    return f"y = {_num(a)}{_term(b, ' x')}{_term(c, ' x²')}{_term(d, ' x³')}"


def _num(value: float) -> str:
    if abs(value) >= 1e4:
        return f"{value:.3g}"
    return f"{0.0 if abs(value) < 5e-5 else value:.4f}"  # no "-0.0000"


def _term(value: float, suffix: str) -> str:
    return f" {'−' if value < 0 else '+'} {_num(abs(value))}{suffix}"


_LSTSQ: list[float] = []


def lstsq_loss() -> float:
    """The smallest sum of squared errors any cubic reaches on these points (least squares)."""
    if not _LSTSQ:
        x = np.linspace(-math.pi, math.pi, POINTS)
        features = np.stack([np.ones_like(x), x, x**2, x**3], axis=1)
        coeffs, *_ = np.linalg.lstsq(features, np.sin(x), rcond=None)
        _LSTSQ.append(float(np.square(features @ coeffs - np.sin(x)).sum()))
    return _LSTSQ[0]
