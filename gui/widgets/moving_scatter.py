"""Move a scatter plot's points without restyling each one.

``ScatterPlotItem.setData`` looks every point's symbol, size, pen and brush up again in its symbol
atlas, one Python call per point: for the classify lesson's thousands of points that was most of a
frame (15 ms). When only the positions change, writing them into the item's own arrays is enough.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg


def move_points(item: pg.ScatterPlotItem, positions: np.ndarray) -> None:
    """Show the points at ``positions`` (n x 2); rows that are not finite are not drawn."""
    finite = np.isfinite(positions).all(1)
    data = item.data
    if not finite.any():
        if len(data):
            item.setData([], [])  # nothing to draw (all-NaN arrays would warn in every bound)
        return
    positions = np.where(finite[:, None], positions, np.nan)
    if len(data) != len(positions):
        item.setData(pos=positions)  # a new set of points: styled once here
        return
    data["x"] = positions[:, 0]
    data["y"] = positions[:, 1]
    item.prepareGeometryChange()
    item.informViewBoundsChanged()
    item.bounds = [None, None]
    item.invalidate()
    item.sigPlotChanged.emit(item)


def shown_count(item: pg.ScatterPlotItem) -> int:
    """How many of the item's points are drawn (finite)."""
    return int(np.isfinite(item.data["x"]).sum()) if len(item.data) else 0
