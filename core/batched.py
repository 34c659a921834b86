"""Optimizers for K runs at once: one learning rate per row of a batched parameter.

``torch.optim`` takes one learning rate per parameter group; a sweep keeps its K copies of a
parameter in one tensor (leading dimension K) so that each step is one forward and one backward
pass for all of them. These follow ``torch.optim``'s own single-tensor formulas line by line (SGD
without momentum, RMSprop and Adam with their defaults), so each row takes exactly the steps a
single run at its learning rate takes.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch

ALGORITHMS = ("SGD", "RMSprop", "Adam")


class BatchedOptimizer:
    """``name`` over ``params`` (each of shape (K, ...)), row k at ``lrs[k]``.

    ``lr_scale`` (a float, default 1) multiplies every row's lr for the next step: a schedule.
    """

    def __init__(self, name: str, params: torch.Tensor | Sequence[torch.Tensor], lrs,
                 weight_decay: float = 0.0) -> None:
        if name not in ALGORITHMS:
            raise ValueError(f"no batched {name}; have {', '.join(ALGORITHMS)}")
        self.name = name
        self.params = [params] if isinstance(params, torch.Tensor) else list(params)
        first = self.params[0]
        self.lrs = torch.as_tensor(lrs, dtype=torch.float64).tolist()
        self.weight_decay = weight_decay
        self.lr_scale = 1.0
        self.steps = 0
        self.state = [{"avg": torch.zeros_like(p), "sq": torch.zeros_like(p)} for p in self.params]
        self._device, self._dtype = first.device, first.dtype

    def _per_row(self, values: list[float], like: torch.Tensor) -> torch.Tensor:
        """A (K, 1, ..., 1) tensor of ``values`` that broadcasts over one row of ``like``."""
        shape = (len(values),) + (1,) * (like.dim() - 1)
        return torch.tensor(values, dtype=like.dtype, device=like.device).reshape(shape)

    @torch.no_grad()
    def step(self) -> None:
        self.steps += 1
        lrs = [lr * self.lr_scale for lr in self.lrs]
        for param, state in zip(self.params, self.state):
            grad = param.grad
            if grad is None:
                continue
            if self.weight_decay:
                grad = grad.add(param, alpha=self.weight_decay)
            lr = self._per_row(lrs, param)
            if self.name == "SGD":
                param.sub_(lr * grad)
            elif self.name == "RMSprop":
                square_avg = state["sq"]
                square_avg.mul_(0.99).addcmul_(grad, grad, value=1 - 0.99)
                avg = square_avg.sqrt().add_(1e-8)
                param.sub_(lr * (grad / avg))
            else:
                exp_avg, exp_avg_sq = state["avg"], state["sq"]
                exp_avg.lerp_(grad, 1 - 0.9)
                exp_avg_sq.mul_(0.999).addcmul_(grad, grad, value=1 - 0.999)
                bias_correction1 = 1 - 0.9 ** self.steps
                bias_correction2_sqrt = (1 - 0.999 ** self.steps) ** 0.5
                step_size = self._per_row([v / bias_correction1 for v in lrs], param)
                denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(1e-8)
                param.sub_(step_size * (exp_avg / denom))
            param.grad = None
