"""Pieces of a picture of the plane: a point cloud shaded by a number, arrows, and grid lines."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from gui.widgets.moving_scatter import move_points

LEVELS = 16  # one scatter item per shade: redraws stay fast with 1000 points


class ShadedCloud:
    """Points coloured by a number in [0, 1] (a colour map), drawn as LEVELS scatter items.

    The grouping is worked out once per run (``set_shades``); each frame only moves the points.
    """

    def __init__(self, plot: pg.PlotItem, colormap: str = "cividis", size: float = 6) -> None:
        colours = pg.colormap.get(colormap).getLookupTable(0.0, 1.0, LEVELS)
        self.items = [pg.ScatterPlotItem(size=size, pen=None, brush=pg.mkBrush(c)) for c in colours]
        for item in self.items:
            plot.addItem(item)
        self._groups: list[np.ndarray] = [np.zeros(0, dtype=int)] * LEVELS

    def set_shades(self, shade: np.ndarray) -> None:
        index = np.round(np.clip(shade, 0.0, 1.0) * (LEVELS - 1)).astype(int)
        self._groups = [np.flatnonzero(index == i) for i in range(LEVELS)]

    def set_points(self, points: np.ndarray) -> None:
        for item, group in zip(self.items, self._groups):
            move_points(item, points[group])

    def clear(self) -> None:
        for item in self.items:
            item.setData([], [])

    def setVisible(self, visible: bool) -> None:  # noqa: N802 (like a Qt item)
        for item in self.items:
            item.setVisible(visible)

    def shown(self) -> np.ndarray:
        """Every point drawn now, in group order (for tests)."""
        parts = [np.column_stack(item.getData()) for item in self.items if item.data.size]
        return np.concatenate(parts) if parts else np.zeros((0, 2))


def arrow_path(polyline: np.ndarray, head: float) -> tuple[np.ndarray, np.ndarray]:
    """A shaft along ``polyline`` and an open head at its end, as one path with breaks.

    The head's direction comes from the last stretch of the shaft, so a bent arrow points along its
    bend. A shaft of length 0 (a collapsed axis) gets no head.
    """
    tip = polyline[-1]
    direction = tip - polyline[max(len(polyline) - 3, 0)]
    size = float(np.hypot(*direction))
    if size < 1e-9 or not np.isfinite(size):
        return polyline, np.ones(len(polyline), dtype=bool)
    back = -direction / size * head
    side = np.array([-back[1], back[0]]) * 0.6
    barbs = np.stack([tip + back + side, tip, tip + back - side])
    xy = np.concatenate([polyline, barbs])
    connect = np.ones(len(xy), dtype=bool)
    connect[len(polyline) - 1] = False  # the shaft's end and the first barb are drawn separately
    return xy, connect


def set_arrow(item: pg.PlotDataItem, polyline: np.ndarray, head: float) -> None:
    xy, connect = arrow_path(polyline, head)
    item.setData(xy[:, 0], xy[:, 1], connect=connect)


def set_lines(item: pg.PlotDataItem, lines: np.ndarray) -> None:
    """Draw (L, K, 2) polylines as one item, never joining the end of one to the next."""
    connect = np.ones(lines.shape[:2], dtype=bool)
    connect[:, -1] = False
    item.setData(lines[..., 0].ravel(), lines[..., 1].ravel(), connect=connect.ravel())
