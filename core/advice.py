"""Advice after a divergence: a learning rate shown to keep the loss finite for the whole run.

"Try a tenth" is often wrong (a tenth of 10 still blows up a cubic fit). Instead, the run is swept
over learning rates below the one that diverged, 3 per decade down to 8 decades, from the same
seeded start for the same number of steps, and the one with the lowest final loss is suggested
(one notch lower when it sits right at the edge where the loss blows up).
"""

from __future__ import annotations

import math

import numpy as np

from core.config import Config
from core.params import LR
from core.sweep import SweepJob, SweepRequest, run_sweep

PER_DECADE = 3
DECADES = 8


def advice_request(config: Config) -> SweepRequest | None:
    """The learning rates to try below ``config.lr`` (None when none is left above the minimum)."""
    lrs = config.lr * 10.0 ** (-np.arange(1, PER_DECADE * DECADES + 1) / PER_DECADE)
    lrs = lrs[lrs >= LR.minimum]
    if len(lrs) < 2:
        return None
    return SweepRequest(float(lrs.min()), float(lrs.max()), len(lrs))


def advised_lr(job: SweepJob) -> float | None:
    lrs, final = job.lrs, job.final_loss()
    finite = (job.diverged_at == 0) & np.isfinite(final)
    if not finite.any():
        return None
    best = int(np.flatnonzero(finite)[np.argmin(final[finite])])
    edge = int(np.flatnonzero(finite).max())
    if best == edge and best > 0 and finite[best - 1]:
        best -= 1  # the best sits next to learning rates that blow up: keep a margin
    return round_down(float(lrs[best]))


def round_down(value: float) -> float:
    """Two significant digits, never above ``value`` (so never past what the sweep showed)."""
    unit = 10.0 ** (math.floor(math.log10(value)) - 1)
    return float(f"{math.floor(value / unit * (1 + 1e-12)) * unit:.2g}")


def safe_lr(config: Config, device=None) -> float | None:
    """The advice, computed in a plain loop (the CLI and the tests)."""
    import torch

    request = advice_request(config)
    if request is None:
        return None
    return advised_lr(run_sweep(config, request, device or torch.device("cpu")))
