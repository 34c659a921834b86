"""The two-layer net at K learning rates at once, for a learning-rate sweep.

Every run of the sweep shares x, so its hidden layer h = x·w1 can be carried instead of w1. A step
w1 -= lr · xᵀ·grad_h moves h by exactly -lr · (x·xᵀ)·grad_h, and x·xᵀ is only N × N: each row then
costs N·N·H multiply-adds for w1's part of the step instead of the 2·N·D_in·H of forming x·w1 and
xᵀ·grad_h (64 against 2000 at the tutorial's sizes). The rows take the single run's steps; only the
rounding differs, in the last digits.

h and w2 are kept transposed, (K, H, N) and (K, D_out, H), so that the K products with x·xᵀ are one
matrix product of (K·H, N) by (N, N) with no copy. The steps are plain gradient steps, as in the
rungs, each row at its own learning rate.
"""

from __future__ import annotations

import torch

from core.errors import ConfigError


class TwoLayerSweep:
    """K copies of the net from one start (x, y, w1, w2), row k at learning rate ``lrs[k]``."""

    def __init__(self, x: torch.Tensor, y: torch.Tensor, w1: torch.Tensor, w2: torch.Tensor,
                 lrs) -> None:
        count = len(lrs)
        first_step_or_shape_error(x, y, w1, w2)
        self.y_t = y.t()
        self.gram = x.mm(x.t())  # (N, N): how a step on w1 moves h
        self.h_t = x.mm(w1).t().expand(count, -1, -1).contiguous()  # the single run's h, to the bit
        self.w2_t = w2.t().expand(count, -1, -1).contiguous()
        # Rounded to the run's dtype, as a Python float lr is when it multiplies a tensor.
        self.lrs = torch.as_tensor(lrs, dtype=torch.float64).to(w1.device, w1.dtype).reshape(-1, 1, 1)
        # The (K, H, N) intermediates are reused: fresh ones each step cost as much as the maths.
        self.h_relu_t, self.grad_h_t, self.blocked, self.step_h_t = (
            torch.empty_like(self.h_t) for _ in range(4))

    @torch.no_grad()
    def step(self) -> torch.Tensor:
        h_t, w2_t = self.h_t, self.w2_t
        count, hidden, batch = h_t.shape
        h_relu_t = torch.clamp(h_t, min=0, out=self.h_relu_t)
        error_t = torch.bmm(w2_t, h_relu_t) - self.y_t  # (y_pred - y)ᵀ
        losses = error_t.pow(2).sum((1, 2))
        grad_y_pred_t = 2.0 * error_t
        grad_w2_t = torch.bmm(grad_y_pred_t, h_relu_t.transpose(1, 2))
        grad_h_t = torch.bmm(w2_t.transpose(1, 2), grad_y_pred_t, out=self.grad_h_t)
        # grad_h[h < 0] = 0, in float arithmetic: torch's comparisons and masked_fill_ take ten
        # times longer on the CPU than a clamp and a sign. ``passes`` is 0 where h < 0, else 1.
        passes = torch.neg(h_t, out=self.blocked).clamp_(min=0).sign_().neg_().add_(1.0)
        grad_h_t.mul_(passes)
        # w1 -= lr · xᵀ·grad_h moves h by lr · (x·xᵀ)·grad_h; w2 takes its plain step.
        step_h_t = torch.mm(grad_h_t.view(count * hidden, batch), self.gram,
                            out=self.step_h_t.view(count * hidden, batch)).view_as(h_t)
        h_t.sub_(step_h_t.mul_(self.lrs))
        w2_t.sub_(grad_w2_t.mul_(self.lrs))
        return losses


def first_step_or_shape_error(x, y, w1, w2) -> None:
    """The single run's first gradients, so a target of the wrong shape fails as it fails there
    (with torch's own message), rather than broadcasting differently in the transposed layout."""
    try:
        h_relu = x.mm(w1).clamp(min=0)
        grad_y_pred = 2.0 * (h_relu.mm(w2) - y)
        h_relu.t().mm(grad_y_pred)
        grad_y_pred.mm(w2.t())
    except RuntimeError as error:
        message = " ".join(str(error).split())
        raise ConfigError(f"every run of this sweep fails at its first step: {message}") from None
