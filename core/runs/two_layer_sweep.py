"""The two-layer net at K learning rates at once, for a learning-rate sweep.

Every run of the sweep shares x, so its hidden layer h = x·w1 can be carried instead of w1. A step
w1 -= lr · xᵀ·grad_h moves h by exactly -lr · (x·xᵀ)·grad_h, and x·xᵀ is only N × N: each row then
costs N·N·H multiply-adds for w1's part of the step instead of the 2·N·D_in·H of forming x·w1 and
xᵀ·grad_h (64 against 2000 at the tutorial's sizes). The rows take the single run's steps; only the
rounding differs, at the size of the last digit.
"""

from __future__ import annotations

import torch

from core.batched import BatchedOptimizer


class TwoLayerSweep:
    """K copies of the net, one per learning rate: h of shape (K, N, H), w2 of shape (K, H, D_out)."""

    def __init__(self, x: torch.Tensor, y: torch.Tensor, w1: torch.Tensor, w2: torch.Tensor,
                 lrs) -> None:
        count = len(lrs)
        self.y = y
        self.gram = x.mm(x.t())  # (N, N): how a step on w1 moves h
        self.h = x.mm(w1).expand(count, -1, -1).clone()
        self.w2 = w2.expand(count, -1, -1).clone()
        self.optimizer = BatchedOptimizer("SGD", [self.h, self.w2], lrs)

    @torch.no_grad()
    def step(self) -> torch.Tensor:
        h, w2 = self.h, self.w2
        h_relu = h.clamp(min=0)
        y_pred = torch.bmm(h_relu, w2)
        error = y_pred - self.y  # a y of the wrong shape fails here, as in the single run
        losses = error.pow(2).sum((1, 2))
        grad_y_pred = 2.0 * error
        grad_w2 = torch.bmm(h_relu.transpose(1, 2), grad_y_pred)
        grad_h = torch.bmm(grad_y_pred, w2.transpose(1, 2))
        grad_h[h < 0] = 0
        # The optimizer subtracts lr · grad: for h, the step that w1's gradient makes in h.
        h.grad = torch.matmul(self.gram, grad_h)
        w2.grad = grad_w2
        self.optimizer.step()
        return losses
