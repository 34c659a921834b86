"""The two rungs of the two-layer net, the harness that drives them, and their batched twin.

Both rungs draw the same seeded x (N, D_in), y (N, D_out), w1 (D_in, H) and w2 (H, D_out), use
clamp(min=0) as the ReLU and the sum of squared errors as the loss, and take plain gradient steps,
so the only difference is who writes the backward pass. The rungs use torch only (``python -m core
script`` writes them out as a standalone file); ``CODE`` lists what the code panel shows.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from core.lessons.two_layer_net import CheckedFrame, TwoLayerFrame, TwoLayerScene
from core.run import to_numpy
from core.rungs import RungRun
from core.runs.two_layer_sweep import TwoLayerSweep


# -- the rungs: what the code panel shows -------------------------------------------------------
def random_start(seed, batch, d_in, hidden, d_out, dtype, target, device):
    """x, y, w1 and w2 from one seeded generator.

    Drawn in float64 and then rounded, so float32 and float64 runs start from the same numbers.
    """
    generator = torch.Generator().manual_seed(seed)

    def randn(*shape):
        values = torch.randn(*shape, generator=generator, dtype=torch.float64)
        return values.to(device, getattr(torch, dtype))

    x = randn(batch, d_in)
    # The target belongs to the examples: one row of y per row of x. The seed wrote
    # randn(hidden, d_out), which runs only while batch == hidden.
    y = randn(batch if target == "examples" else hidden, d_out)
    w1 = randn(d_in, hidden)
    w2 = randn(hidden, d_out)
    return x, y, w1, w2


def autograd_gradients(x, y, w1, w2):
    """d loss / d w1 and d loss / d w2 from autograd, on copies (w1 and w2 stay untouched)."""
    w1 = w1.detach().clone().requires_grad_()
    w2 = w2.detach().clone().requires_grad_()
    loss = (x.mm(w1).clamp(min=0).mm(w2) - y).pow(2).sum()
    return torch.autograd.grad(loss, (w1, w2))


def relative_difference(manual, auto):
    """max |manual - auto| / max |auto|: the error in units of the gradient's own size."""
    scale = auto.abs().max().clamp_min(torch.finfo(auto.dtype).tiny)  # all zeros read 0, not NaN
    return ((manual - auto).abs().max() / scale).item()


class ManualNet:
    """Rung 1: backprop by hand, one line of the chain rule per operation, checked by autograd."""

    def __init__(self, lr, seed, batch, d_in, hidden, d_out, dtype, target, device):
        self.lr = lr
        self.x, self.y, self.w1, self.w2 = random_start(
            seed, batch, d_in, hidden, d_out, dtype, target, device)
        self.grad_w1 = torch.zeros_like(self.w1)
        self.grad_w2 = torch.zeros_like(self.w2)
        self.check = math.nan  # manual vs autograd at the last step

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

    def step(self):
        loss, grad_w1, grad_w2 = self.gradients()
        # Before the weights move: autograd's gradients at the very same weights.
        auto_w1, auto_w2 = autograd_gradients(self.x, self.y, self.w1, self.w2)
        self.check = max(relative_difference(grad_w1, auto_w1),
                         relative_difference(grad_w2, auto_w2))
        self.w1 -= self.lr * grad_w1
        self.w2 -= self.lr * grad_w2
        self.grad_w1, self.grad_w2 = grad_w1, grad_w2
        return loss.item()


class AutogradNet:
    """Rung 2: the same net from the same start; loss.backward() writes the backward pass."""

    def __init__(self, lr, seed, batch, d_in, hidden, d_out, dtype, target, device):
        self.lr = lr
        self.x, self.y, w1, w2 = random_start(seed, batch, d_in, hidden, d_out, dtype, target, device)
        self.w1 = w1.requires_grad_()  # autograd records every operation on these two
        self.w2 = w2.requires_grad_()

    def step(self):
        x, y, w1, w2 = self.x, self.y, self.w1, self.w2
        h = x.mm(w1)
        h_relu = h.clamp(min=0)
        y_pred = h_relu.mm(w2)
        loss = (y_pred - y).pow(2).sum()
        w1.grad = None  # backward adds to .grad: drop the last step's first
        w2.grad = None
        loss.backward()  # fills w1.grad and w2.grad: the whole backward of rung 1
        with torch.no_grad():  # the update itself must not be recorded
            w1 -= self.lr * w1.grad
            w2 -= self.lr * w2.grad
        return loss.item()


CODE = {
    "manual": ("random_start", "autograd_gradients", "relative_difference", "ManualNet"),
    "autograd": ("random_start", "AutogradNet"),
}


# -- the harness: what the window, the CLI and the tests read (not part of any rung) -------------
class TwoLayerRun(RungRun):
    """Pictures, figures and console copies of either rung."""

    def setup(self) -> None:
        super().setup()
        self.worst_check = math.nan
        self.start = (to_numpy(self.rung.w1), to_numpy(self.rung.w2))  # for "change since start"

    def train_step(self):
        loss = self.rung.step()
        check = getattr(self.rung, "check", math.nan)
        if math.isfinite(check):
            self.worst_check = check if math.isnan(self.worst_check) else max(self.worst_check, check)
        return loss

    def last_gradients(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The last step's gradients: the manual rung keeps them, autograd leaves them in .grad."""
        rung = self.rung
        pairs = [(getattr(rung, "grad_w1", None), getattr(rung, "grad_w2", None)),
                 (rung.w1.grad, rung.w2.grad)]
        for grad_w1, grad_w2 in pairs:
            if grad_w1 is not None and grad_w2 is not None:
                return grad_w1, grad_w2
        return torch.zeros_like(rung.w1), torch.zeros_like(rung.w2)

    def hidden_pre_activation(self) -> torch.Tensor:
        with torch.no_grad():
            return self.rung.x.mm(self.rung.w1)

    def scene(self) -> TwoLayerScene:
        return TwoLayerScene(w1_start=self.start[0].copy(), w2_start=self.start[1].copy())

    def frame(self) -> TwoLayerFrame:
        grad_w1, grad_w2 = self.last_gradients()
        h = to_numpy(self.hidden_pre_activation())
        dead = dead_units(h)
        fields = dict(w1=to_numpy(self.rung.w1), w2=to_numpy(self.rung.w2),
                      grad_w1=to_numpy(grad_w1), grad_w2=to_numpy(grad_w2), h=h, dead_units=dead,
                      dead_fraction=dead / h.shape[1] if h.shape[1] else 0.0)
        if isinstance(self.rung, ManualNet):
            return CheckedFrame(**fields, grad_check=float(self.rung.check),
                                grad_check_worst=float(self.worst_check))
        return TwoLayerFrame(**fields)

    def result(self) -> dict:
        values = self.config.values
        losses = self.history.column("loss")
        h = to_numpy(self.hidden_pre_activation())
        return {
            "sizes": {k: values[k] for k in ("batch", "d_in", "hidden", "d_out")},
            "dtype": values["dtype"],
            "initial_loss": float(losses[0]) if len(losses) else None,
            "grad_check": None if math.isnan(self.worst_check) else self.worst_check,
            "dead_fraction": dead_units(h) / h.shape[1] if h.shape[1] else 0.0,
        }

    def namespace(self) -> dict:
        rung = self.rung
        grad_w1, grad_w2 = self.last_gradients()
        copies = {"x": rung.x, "y": rung.y, "w1": rung.w1, "w2": rung.w2,
                  "grad_w1": grad_w1, "grad_w2": grad_w2, "h": self.hidden_pre_activation()}
        names = {name: value.detach().clone() for name, value in copies.items()}
        return {**super().namespace(), **names, "grad_check": getattr(rung, "check", math.nan)}


VARIANTS = {"manual": TwoLayerRun.of(ManualNet), "autograd": TwoLayerRun.of(AutogradNet)}


def dead_units(h: np.ndarray) -> int:
    """Hidden units whose ReLU output is 0 for every example (h holds x·w1, N × H)."""
    return int((h <= 0).all(axis=0).sum()) if h.size else 0


def sweep(config, lrs, device) -> TwoLayerSweep:
    """``config``'s net at each of ``lrs`` at once; ``step()`` returns the K losses."""
    values = config.values
    x, y, w1, w2 = random_start(values["seed"], values["batch"], values["d_in"], values["hidden"],
                                values["d_out"], values["dtype"], values["target"], device)
    return TwoLayerSweep(x, y, w1, w2, lrs)
