"""A run: one lesson's training loop, driven one ``step()`` at a time by a test, the CLI or the worker.

Subclasses write ``setup()`` (data and parameters), ``train_step()`` (one optimisation step, returning
the loss) and ``view_state()`` (numpy copies of what the plots draw). The base class counts steps,
records the loss history, notices divergence and applies live learning-rate changes between steps.
"""

from __future__ import annotations

import inspect
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from core.config import Config
from core.history import History


@dataclass(frozen=True)
class Snapshot:
    """Self-contained numpy data of a run at one step: safe to hand to another thread and keep."""

    lesson: str
    variant: str
    step: int
    steps: int
    loss: float
    lr: float
    history_start: int  # index of the first row in ``history``
    history: dict[str, np.ndarray]  # loss (and its terms) for steps history_start+1 .. step
    state: dict[str, Any] = field(default_factory=dict)
    diverged_at: int | None = None


class Run:
    """Base of every lesson run. ``terms`` names the parts of the loss recorded beside it."""

    terms: tuple[str, ...] = ()

    def __init__(self, config: Config, device: torch.device | None = None) -> None:
        self.config = config
        self.device = device if device is not None else torch.device("cpu")
        self.lr = config.lr
        self.step_count = 0
        self.loss = math.nan
        self.last_terms: dict[str, float] = {}
        self.diverged_at: int | None = None
        # Private generators: runs never touch (or depend on) torch's or numpy's global state, so
        # the same config gives the same numbers in the CLI, the GUI and a test, on any thread.
        self.rng = np.random.default_rng(config.seed)
        self.generator = torch.Generator().manual_seed(config.seed)
        self.history = History(("loss", *self.terms))
        self.setup()

    # -- to write in a lesson -------------------------------------------------------------------
    def setup(self) -> None:
        """Create the data and the parameters."""

    def train_step(self) -> float | tuple[float, dict[str, float]] | None:
        """One optimisation step; return the loss, or (loss, {term: value}).

        A lesson with no loss (an animation, a list of cells) returns None.
        """
        raise NotImplementedError

    def view_state(self) -> dict[str, Any]:
        """Numpy copies (never live tensors) of what the lesson's plots draw."""
        return {}

    def result(self) -> dict[str, Any]:
        """The lesson's own figures for the CLI's JSON: plain numbers, lists and strings."""
        return {}

    def namespace(self) -> dict[str, Any]:
        """Copies of the run's objects for a console, under the names the notes use.

        Called in the worker's thread while the run is stopped; never hand out a live tensor or
        module the run keeps using (clone or deep-copy it), so a console cannot race the run.
        """
        return {"config": self.config, "step": self.step_count, "loss": self.loss}

    def on_lr_change(self, lr: float) -> None:
        """Called after ``set_lr``; runs that own a torch optimizer update its param groups."""

    # -- driven by the caller -------------------------------------------------------------------
    @property
    def done(self) -> bool:
        return self.step_count >= self.config.steps or self.diverged_at is not None

    def step(self) -> float:
        """Take one step; record the loss; stop counting on a non-finite loss."""
        with np.errstate(all="ignore"):  # overflow is reported as divergence below, not as a warning
            out = self.train_step()
        loss, terms = (out if isinstance(out, tuple) else (out, {}))
        self.step_count += 1
        self.loss = math.nan if loss is None else float(loss)
        self.last_terms = {k: float(v) for k, v in terms.items()}
        self.history.append({"loss": self.loss, **self.last_terms})
        if loss is not None and not math.isfinite(self.loss) and self.diverged_at is None:
            self.diverged_at = self.step_count
        return self.loss

    def set_lr(self, lr: float) -> None:
        self.lr = float(lr)
        self.on_lr_change(self.lr)

    def snapshot(self, history_start: int = 0) -> Snapshot:
        return Snapshot(
            lesson=self.config.lesson, variant=self.config.variant, step=self.step_count,
            steps=self.config.steps, loss=self.loss, lr=self.lr, history_start=history_start,
            history=self.history.chunk(history_start), state=self.view_state(),
            diverged_at=self.diverged_at,
        )

    @classmethod
    def source(cls) -> str:
        """The code of this variant, as the code panel shows it."""
        return inspect.getsource(cls)


def to_numpy(tensor: torch.Tensor) -> np.ndarray:
    """A detached CPU copy of a tensor (the only form in which tensors leave a run)."""
    return tensor.detach().to("cpu", copy=True).numpy()
