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
        self._lr_tensors: dict[int, tuple[float, torch.Tensor]] = {}  # parameter: (scale, lrs)

    def _lr_rows(self, index: int, like: torch.Tensor) -> torch.Tensor:
        """The rows' learning rates for parameter ``index``, made once per ``lr_scale``: a new
        tensor from a list each step was a tenth of a small sweep's step."""
        kept = self._lr_tensors.get(index)
        if kept is None or kept[0] != self.lr_scale:
            kept = self._lr_tensors[index] = (
                self.lr_scale, self._per_row([lr * self.lr_scale for lr in self.lrs], like))
        return kept[1]

    def _per_row(self, values: list[float], like: torch.Tensor) -> torch.Tensor:
        """A (K, 1, ..., 1) tensor of ``values`` that broadcasts over one row of ``like``."""
        shape = (len(values),) + (1,) * (like.dim() - 1)
        return torch.tensor(values, dtype=like.dtype, device=like.device).reshape(shape)

    @torch.no_grad()
    def step(self) -> None:
        self.steps += 1
        for index, (param, state) in enumerate(zip(self.params, self.state)):
            grad = param.grad
            if grad is None:
                continue
            if self.weight_decay:
                grad = grad.add(param, alpha=self.weight_decay)
            if self.name == "SGD":
                param.sub_(self._lr_rows(index, param) * grad)
            elif self.name == "RMSprop":
                square_avg = state["sq"]
                square_avg.mul_(0.99).addcmul_(grad, grad, value=1 - 0.99)
                avg = square_avg.sqrt().add_(1e-8)
                param.sub_(self._lr_rows(index, param) * (grad / avg))
            else:
                exp_avg, exp_avg_sq = state["avg"], state["sq"]
                exp_avg.lerp_(grad, 1 - 0.9)
                exp_avg_sq.mul_(0.999).addcmul_(grad, grad, value=1 - 0.999)
                bias_correction1 = 1 - 0.9 ** self.steps
                bias_correction2_sqrt = (1 - 0.999 ** self.steps) ** 0.5
                step_size = self._per_row([rate * self.lr_scale / bias_correction1
                                           for rate in self.lrs], param)
                denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(1e-8)
                param.sub_(step_size * (exp_avg / denom))
            param.grad = None
