"""A run: one lesson's training loop, driven one ``step()`` at a time by a test, the CLI or the driver.

A lesson's runs module writes, per variant, a small subclass of ``Run`` (the harness) around its
rung (the code a student reads, see ``core.rungs``). The harness builds the rung in ``setup()``,
takes one step in ``train_step()`` (returning the loss) and describes the run for its view:
``scene()`` once, ``frame()`` per snapshot, both of the types the lesson declares. The base class
counts steps, records the loss history, notices divergence and applies live changes.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch

from core.config import Config
from core.errors import ConfigError
from core.history import History
from core.snapshot import Snapshot
from core.state import Frame, NoScene, Scene


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
        self.history = History(("loss", *self.terms))
        self.setup()

    # -- to write in a lesson -------------------------------------------------------------------
    def setup(self) -> None:
        """Create the data, the parameters (usually: the rung)."""

    def train_step(self) -> float | tuple[float, dict[str, float]] | None:
        """One step; return the loss, or (loss, {term: value}); None for a step without a loss."""
        raise NotImplementedError

    def scene(self) -> Scene:
        """What the view needs once per run (numpy copies), of the lesson's declared Scene type."""
        return NoScene()

    def frame(self) -> Frame | None:
        """What the view draws now (numpy copies, never live tensors), of the declared Frame type."""
        return None

    def result(self) -> dict[str, Any]:
        """The lesson's own figures for the CLI's JSON: plain numbers, lists and strings."""
        return {}

    def namespace(self) -> dict[str, Any]:
        """Copies of the run's objects for the console, under the names the notes use.

        Called while the run is stopped; never hand out a live tensor or module the run keeps
        using (clone or deep-copy it), so the console cannot change the run.
        """
        return {"config": self.config, "step": self.step_count, "loss": self.loss}

    def on_set(self, name: str, value: Any) -> None:
        """A live knob other than the learning rate changed (the config already holds it)."""

    def on_lr_change(self, lr: float) -> None:
        """Called after the learning rate changed; the rung harness passes it to the rung."""

    def command(self, name: str, payload: Any) -> None:
        """A lesson command from its view (e.g. run one cell); the next frame shows the effect."""
        raise ConfigError(f"lesson {self.config.lesson} has no command {name!r}")

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

    def set(self, name: str, value: Any) -> None:
        """Apply a live change between steps (the driver only sends knobs declared live)."""
        self.config = self.config.with_values(**{name: value})
        if name == "lr":
            self.lr = float(value)
            self.on_lr_change(self.lr)
        else:
            self.on_set(name, value)

    def set_lr(self, lr: float) -> None:
        self.set("lr", lr)

    def snapshot(self, history_start: int = 0) -> Snapshot:
        return Snapshot(
            step=self.step_count, steps=self.config.steps, loss=self.loss, lr=self.lr,
            history_start=history_start, history=self.history.chunk(history_start),
            frame=self.frame(), diverged_at=self.diverged_at,
        )


def to_numpy(tensor: torch.Tensor) -> np.ndarray:
    """A detached CPU copy of a tensor (the only form in which tensors leave a run)."""
    return tensor.detach().to("cpu", copy=True).numpy()
