"""Many curves over one x, each in its own pen, drawn as one plot item.

A sweep shows 32 loss curves that all grow at once. As 32 pyqtgraph curve items, each update and
each repaint went through 32 items' Python (bounds, paths, scene bookkeeping): 20-30 ms a frame
on the window's thread. Here the bounds are found once per update, for all rows, and one paint
draws every row's line segments (as pyqtgraph draws thick, aliased lines).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.PlotCurveItem import arrayToLineSegments
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPen


class CurveBundle(pg.GraphicsObject):
    def __init__(self) -> None:
        super().__init__()
        self._pens: list[QPen] = []
        self._segments: list = []  # per row, QLineF arrays ready for QPainter.drawLines
        self._rows = np.zeros((0, 0))
        self._x = np.zeros(0)
        self._bounds = QRectF()

    def set_pens(self, pens: list[QPen]) -> None:
        self._pens = list(pens)
        self.update()

    def set_data(self, x: np.ndarray, rows: np.ndarray) -> None:
        """One curve per row of ``rows`` over ``x``; NaN and inf leave gaps."""
        self._x, self._rows = np.asarray(x, dtype=float), np.asarray(rows, dtype=float)
        self._segments = [arrayToLineSegments(self._x, row, connect="finite", finiteCheck=True)
                          for row in self._rows]
        drawn = self._rows[:, :len(self._x)]
        finite = drawn[np.isfinite(drawn)]
        self.prepareGeometryChange()
        if finite.size and len(self._x):
            low, high = float(finite.min()), float(finite.max())
            self._bounds = QRectF(float(self._x[0]), low, float(self._x[-1] - self._x[0]), high - low)
        else:
            self._bounds = QRectF()
        self.update()

    def row(self, index: int) -> np.ndarray:
        """The values drawn for one curve."""
        return self._rows[index]

    def dataBounds(self, axis: int, frac: float = 1.0, orthoRange=None):  # noqa: N802 (pyqtgraph's name)
        """What pyqtgraph's auto-range asks each item for."""
        if self._bounds.isNull():
            return None, None
        if axis == 0:
            return self._bounds.left(), self._bounds.right()
        return self._bounds.top(), self._bounds.bottom()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt's name)
        # Pens are a few pixels wide: a margin of a few pixels, in data units.
        pixel = self.pixelVectors()
        if self._bounds.isNull() or pixel[0] is None:
            return QRectF(self._bounds)
        pad_x, pad_y = abs(pixel[0].x()) * 3, abs(pixel[1].y()) * 3
        return self._bounds.adjusted(-pad_x, -pad_y, pad_x, pad_y)

    def viewTransformChanged(self) -> None:  # noqa: N802 (pyqtgraph's name)
        self.prepareGeometryChange()  # the pixel margin changed size

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for pen, segments in zip(self._pens, self._segments):
            painter.setPen(pen)
            painter.drawLines(*segments.drawargs())
