"""The two rungs of the two-layer net. Each class is one rung; the code panel shows the running one.

Both rungs draw the same seeded x (N, D_in), y (N, D_out), w1 (D_in, H) and w2 (H, D_out), use
clamp(min=0) as the ReLU and the sum of squared errors as the loss, and take plain gradient steps.
"""

from __future__ import annotations

import math

import torch

from core.run import Run, to_numpy


class TwoLayerRun(Run):
    """Shared by both rungs: the data, the starting weights, the plots' state and the JSON figures."""

    checks_gradients = False  # True on the rung that compares its gradients with autograd's

    def setup(self):
        options = self.config.options
        n, d_in, hidden, d_out = (options[k] for k in ("batch", "d_in", "hidden", "d_out"))
        self.dtype = getattr(torch, options["dtype"])
        # Drawn in float64 and then rounded, so float32 and float64 runs start from the same numbers.
        self.x = self.randn(n, d_in)
        self.y = self.randn(n, d_out)  # (batch, D_out): the blog's (hidden, output) only fit by luck
        self.w1 = self.randn(d_in, hidden)
        self.w2 = self.randn(hidden, d_out)
        self.grad_w1 = torch.zeros_like(self.w1)  # the last step's gradients, for the heat maps
        self.grad_w2 = torch.zeros_like(self.w2)
        self.check = math.nan  # manual vs autograd at the last step; nan where nothing is compared
        self.worst_check = math.nan
        with torch.no_grad():
            self.initial_loss = forward(self.x, self.y, self.w1, self.w2).item()

    def randn(self, *shape: int) -> torch.Tensor:
        values = torch.randn(*shape, generator=self.generator, dtype=torch.float64)
        return values.to(self.device, self.dtype)

    def record_check(self, *differences: float) -> None:
        self.check = max(differences)
        if math.isfinite(self.check):
            self.worst_check = self.check if math.isnan(self.worst_check) else max(
                self.worst_check, self.check)

    def hidden_pre_activation(self) -> torch.Tensor:
        with torch.no_grad():
            return self.x.mm(self.w1)

    def view_state(self) -> dict:
        h = to_numpy(self.hidden_pre_activation())
        return {
            "w1": to_numpy(self.w1), "w2": to_numpy(self.w2),
            "grad_w1": to_numpy(self.grad_w1), "grad_w2": to_numpy(self.grad_w2),
            "h": h, "dead_fraction": dead_fraction(h),
            "grad_check": self.check, "grad_check_worst": self.worst_check,
            "checked": self.checks_gradients,
        }

    def result(self) -> dict:
        options = self.config.options
        return {
            "sizes": {k: options[k] for k in ("batch", "d_in", "hidden", "d_out")},
            "dtype": options["dtype"],
            "initial_loss": self.initial_loss,
            "grad_check": None if math.isnan(self.worst_check) else self.worst_check,
            "dead_fraction": dead_fraction(to_numpy(self.hidden_pre_activation())),
        }

    def namespace(self) -> dict:
        copies = {name: getattr(self, name).detach().clone()
                  for name in ("x", "y", "w1", "w2", "grad_w1", "grad_w2")}
        return {**super().namespace(), **copies, "h": self.hidden_pre_activation().clone(),
                "grad_check": self.check}


class Manual(TwoLayerRun):
    checks_gradients = True

    def gradients(self):
        x, y, w1, w2 = self.x, self.y, self.w1, self.w2
        # forward
        h = x.mm(w1)
        h_relu = h.clamp(min=0)
        y_pred = h_relu.mm(w2)
        loss = (y_pred - y).pow(2).sum()
        # backward: the chain rule, one line per operation, last one first
        grad_y_pred = 2.0 * (y_pred - y)
        grad_w2 = h_relu.t().mm(grad_y_pred)
        grad_h_relu = grad_y_pred.mm(w2.t())
        grad_h = grad_h_relu.clone()
        grad_h[h < 0] = 0  # the ReLU passes gradient only where it passed the value
        grad_w1 = x.t().mm(grad_h)
        return loss, grad_w1, grad_w2

    def train_step(self):
        loss, grad_w1, grad_w2 = self.gradients()
        # Before the weights move: autograd's gradients at the very same weights.
        auto_w1, auto_w2 = autograd_gradients(self.x, self.y, self.w1, self.w2)
        self.record_check(relative_difference(grad_w1, auto_w1),
                          relative_difference(grad_w2, auto_w2))
        self.w1 -= self.lr * grad_w1
        self.w2 -= self.lr * grad_w2
        self.grad_w1, self.grad_w2 = grad_w1, grad_w2
        return loss.item()


class Autograd(TwoLayerRun):
    def setup(self):
        super().setup()
        self.w1.requires_grad_()  # autograd records every operation on these
        self.w2.requires_grad_()

    def train_step(self):
        x, y, w1, w2 = self.x, self.y, self.w1, self.w2
        h = x.mm(w1)
        h_relu = h.clamp(min=0)
        y_pred = h_relu.mm(w2)
        loss = (y_pred - y).pow(2).sum()
        loss.backward()  # fills w1.grad and w2.grad: the whole backward of the manual rung
        with torch.no_grad():  # the update itself must not be recorded
            w1 -= self.lr * w1.grad
            w2 -= self.lr * w2.grad
        self.grad_w1, self.grad_w2 = w1.grad, w2.grad
        w1.grad = None  # gradients add up unless cleared
        w2.grad = None
        return loss.item()


VARIANTS = {"manual": Manual, "autograd": Autograd}


# -- helpers (not part of any rung's lesson) ------------------------------------------------------
def forward(x: torch.Tensor, y: torch.Tensor, w1: torch.Tensor, w2: torch.Tensor) -> torch.Tensor:
    """The loss of the net: sum of squared errors of clamp(x w1, 0) w2 against y."""
    return (x.mm(w1).clamp(min=0).mm(w2) - y).pow(2).sum()


def autograd_gradients(x, y, w1, w2) -> tuple[torch.Tensor, torch.Tensor]:
    """d loss / d w1 and d loss / d w2 from autograd, on copies (the run's weights are untouched)."""
    a = w1.detach().clone().requires_grad_()
    b = w2.detach().clone().requires_grad_()
    return torch.autograd.grad(forward(x, y, a, b), (a, b))


def relative_difference(manual: torch.Tensor, auto: torch.Tensor) -> float:
    """max |manual - auto| / max |auto|: the error in units of the gradient's own size.

    Meaningful however small the gradients are; an all-zero gradient on both sides reads 0.
    """
    scale = auto.abs().max().clamp_min(torch.finfo(auto.dtype).tiny)
    return ((manual - auto).abs().max() / scale).item()


def dead_fraction(h) -> float:
    """Share of hidden units whose ReLU output is 0 for every example (h holds x w1, batch x H)."""
    return float((h <= 0).all(axis=0).mean()) if h.size else 0.0
