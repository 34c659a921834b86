"""A run at one step, as numpy data: what crosses from a run process to the window (torch-free,
so the window can unpickle it without importing torch)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.state import Frame


@dataclass(frozen=True)
class Snapshot:
    """Self-contained numpy data of a run at one step: safe to pickle, hand over and keep."""

    step: int
    steps: int
    loss: float
    lr: float | None
    history_start: int  # index of the first row in ``history``
    history: dict[str, np.ndarray]  # loss (and its terms) for steps history_start+1 .. step
    frame: Frame | None
    diverged_at: int | None = None
