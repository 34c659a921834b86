"""Pieces of a picture of the plane: a point cloud shaded by a number, arrows, and grid lines."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from gui.widgets.moving_scatter import move_points

LEVELS = 16  # shades of the colour map: ample for a cloud of points


class ShadedCloud:
    """Points coloured by a number in [0, 1] (a colour map), drawn as one scatter item.

    The points' brushes are set once per run (``set_shades``); each frame only moves the points.
    One item with a brush per point paints all of them in one call: with one item per shade (16)
    a repaint of the plane, a tab switch's included, took ~8 ms, now ~3.
    """

    def __init__(self, plot: pg.PlotItem, colormap: str = "cividis", size: float = 6) -> None:
        colours = pg.colormap.get(colormap).getLookupTable(0.0, 1.0, LEVELS)
        self._brushes = [pg.mkBrush(c) for c in colours]
        self.item = pg.ScatterPlotItem(size=size, pen=None)
        plot.addItem(self.item)
        self._shades: list = []  # a brush per point
        self._styled = False  # the item's points carry the current brushes

    def set_shades(self, shade: np.ndarray) -> None:
        index = np.round(np.clip(shade, 0.0, 1.0) * (LEVELS - 1)).astype(int)
        self._shades = [self._brushes[i] for i in index]
        self._styled = False

    def set_points(self, points: np.ndarray) -> None:
        if self._styled and len(points) == len(self.item.data):
            move_points(self.item, points)
            return
        if len(points) != len(self._shades):
            self.clear()  # points of another scene than the shades': nothing fits
            return
        finite = np.isfinite(points).all(1)
        if not finite.any():
            self.clear()  # nothing to draw (all-NaN arrays would warn in every bound)
            return
        self.item.setData(pos=np.where(finite[:, None], points, np.nan), brush=self._shades)
        self._styled = True

    def clear(self) -> None:
        self.item.setData([], [])
        self._styled = False

    def setVisible(self, visible: bool) -> None:  # noqa: N802 (like a Qt item)
        self.item.setVisible(visible)

    def shown(self) -> np.ndarray:
        """Every point drawn now (for tests)."""
        return np.column_stack(self.item.getData()) if self.item.data.size else np.zeros((0, 2))

    def shown_colours(self) -> list[str]:
        """Each drawn point's colour as #rrggbb (for tests)."""
        return [brush.color().name() for brush in self.item.data["brush"]]


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
