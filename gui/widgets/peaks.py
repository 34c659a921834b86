"""A long curve thinned to its peaks: the least and the greatest value of each stretch of points.

For a curve that never changes (a ghost of an earlier run), thinned once: pyqtgraph's own peak
downsampling keeps about five points per pixel and runs again whenever the plot's range moves.
The shape on screen is the same, spikes and all.
"""

from __future__ import annotations

import math
import warnings

import numpy as np


def peaks(x: np.ndarray, y: np.ndarray, most: int) -> tuple[np.ndarray, np.ndarray]:
    """At most ``most`` points of (x, y): per stretch, its first x with its lowest y and its last
    x with its highest (a stretch with no number in it stays a gap)."""
    count = len(y)
    if count <= most:
        return x, y
    per = math.ceil(count / (most // 2))
    pad = (-count) % per
    ys = np.concatenate([np.asarray(y, dtype=float), np.full(pad, np.nan)]).reshape(-1, per)
    xs = np.concatenate([np.asarray(x, dtype=float), np.full(pad, np.nan)]).reshape(-1, per)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN stretch: NaN, a gap
        low, high = np.nanmin(ys, axis=1), np.nanmax(ys, axis=1)
        first, last = np.nanmin(xs, axis=1), np.nanmax(xs, axis=1)
    return np.column_stack([first, last]).ravel(), np.column_stack([low, high]).ravel()
