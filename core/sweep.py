"""A learning-rate sweep: K copies of one run, each at its own learning rate, trained as one.

A lesson's runs module provides ``sweep(config, lrs, device)``: an object whose ``step()`` takes one
step for all K rows (one forward and one backward pass, rows never mixing) and returns the K
losses. ``SweepJob`` steps it, records every row's loss, and notes where each row blew up. The
driver runs a job between commands (the window stays in charge); the CLI runs it in a loop.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.config import Config
from core.errors import ConfigError

MAX_COUNT = 256
DEFAULT_COUNT = 24
DEFAULT_SPAN = 100.0  # the default range: the current lr divided and multiplied by 10


@dataclass(frozen=True)
class SweepRequest:
    lr_min: float
    lr_max: float
    count: int = DEFAULT_COUNT

    def checked(self, lowest: float = 1e-8, highest: float = 10.0) -> SweepRequest:
        """Refuse a range that cannot be swept, with one sentence."""
        for name, value in (("lowest lr", self.lr_min), ("highest lr", self.lr_max)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ConfigError(f"the sweep's {name} must be a number, got {value!r}")
            if value <= 0:
                raise ConfigError(f"the sweep's {name} must be > 0, got {value:g}")
            if not lowest <= value <= highest:
                raise ConfigError(f"the sweep's {name} must be between {lowest:g} and {highest:g}, "
                                  f"got {value:g}")
        if self.lr_min >= self.lr_max:
            raise ConfigError(f"the sweep's lowest lr ({self.lr_min:g}) must be below its highest "
                              f"({self.lr_max:g})")
        if isinstance(self.count, bool) or not isinstance(self.count, int) or not 2 <= self.count <= MAX_COUNT:
            raise ConfigError(f"the sweep needs between 2 and {MAX_COUNT} learning rates, "
                              f"got {self.count!r}")
        return self

    def lrs(self) -> np.ndarray:
        return np.geomspace(self.lr_min, self.lr_max, self.count)

    @classmethod
    def around(cls, lr: float, count: int = DEFAULT_COUNT, span: float = DEFAULT_SPAN) -> SweepRequest:
        """A range centred (on a log scale) on ``lr``, kept inside the lr's declared limits."""
        half = math.sqrt(span)
        return cls(max(lr / half, 1e-8), min(lr * half, 10.0), count)


@dataclass(frozen=True)
class SweepProgress:
    """What a sweep has done so far; ``losses`` holds the rows since ``history_start``."""

    lrs: np.ndarray  # (K,)
    step: int
    steps: int
    history_start: int
    losses: np.ndarray  # (K, step - history_start)
    diverged_at: np.ndarray  # (K,) the step a row's loss became inf/NaN, 0 where it has not
    final_loss: np.ndarray  # (K,) each row's latest loss, NaN once it diverged
    done: bool

    @property
    def best_lr(self) -> float | None:
        return best_lr(self.lrs, self.final_loss, self.diverged_at)


def best_lr(lrs: np.ndarray, final_loss: np.ndarray, diverged_at: np.ndarray) -> float | None:
    ok = (diverged_at == 0) & np.isfinite(final_loss)
    if not ok.any():
        return None
    return float(lrs[ok][np.argmin(final_loss[ok])])


class SweepJob:
    """One sweep of ``config`` over ``request``'s learning rates, stepped by its caller."""

    def __init__(self, config: Config, request: SweepRequest, device) -> None:
        from core.registry import sweep_factory

        import torch

        self.config = config
        self.lrs = request.lrs()
        self.steps = config.steps
        self.batched = sweep_factory(config)(config, torch.as_tensor(self.lrs), device)
        self.losses = np.full((len(self.lrs), self.steps), np.nan)
        self.diverged_at = np.zeros(len(self.lrs), dtype=np.int64)
        self.step_count = 0
        self.sent = 0
        self.dtype = ""  # the losses' dtype, once a step has run ("float32" or "float64")

    @property
    def done(self) -> bool:
        return self.step_count >= self.steps or bool(self.diverged_at.all())

    def step(self) -> None:
        out = self.batched.step()
        self.dtype = str(out.dtype).replace("torch.", "")
        losses = out.detach().to("cpu", dtype=out.dtype).double().numpy()
        self.losses[:, self.step_count] = losses
        self.step_count += 1
        blown = (self.diverged_at == 0) & ~np.isfinite(losses)
        self.diverged_at[blown] = self.step_count

    def final_loss(self) -> np.ndarray:
        if self.step_count == 0:
            return np.full(len(self.lrs), np.nan)
        last = self.losses[:, self.step_count - 1].copy()
        last[self.diverged_at > 0] = np.nan
        return last

    def progress(self) -> SweepProgress:
        start, self.sent = self.sent, self.step_count
        return SweepProgress(
            lrs=self.lrs, step=self.step_count, steps=self.steps, history_start=start,
            losses=self.losses[:, start:self.step_count].copy(), diverged_at=self.diverged_at.copy(),
            final_loss=self.final_loss(), done=self.done)


def run_sweep(config: Config, request: SweepRequest, device) -> SweepJob:
    """Step a whole sweep in a plain loop (the CLI and the tests)."""
    job = SweepJob(config, request, device)
    while not job.done:
        job.step()
    return job
