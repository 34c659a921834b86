"""A log axis framed on whole decades, with room for the labels of the decades at its two ends.

pyqtgraph leaves out a tick label that would stick out of its plot, and a range that ends on a
decade puts that decade's label half outside: a loss between 10⁴ and 10⁵ showed no number at all,
and one between 10 and 1000 only "10²". The room is a share of the plot's height, so it is taken
again when the plot is resized or its labels zoomed.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtGui import QFontMetricsF

LABEL_HEIGHT = 0.8  # of the font's height: pyqtgraph's own measure of a tick label
SMALLEST_ROOM = 0.05  # decades, while the plot has no size yet


class DecadeFrame:
    """Frames ``plot``'s y axis on the decades it is given, unless the view was moved by hand."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self._plot = plot
        self.decades: tuple[float, float] | None = None
        self._shown: tuple[float, float] | None = None  # the y range this frame set
        plot.getViewBox().sigResized.connect(self._refit)

    def show(self, low: float, high: float) -> None:
        self.decades = (low, high)
        self._apply()

    def room(self) -> float:
        """Decades above and below, so that half a label fits between the end ticks and the edges."""
        low, high = self.decades
        span = high - low
        axis = self._plot.getAxis("left")
        font = axis.style.get("tickFont") or axis.font()
        half = QFontMetricsF(font).height() * LABEL_HEIGHT / 2 + 1
        height = self._plot.getViewBox().height()
        if height <= 4 * half:
            return max(SMALLEST_ROOM, span / 4)
        return max(SMALLEST_ROOM, span * half / (height - 2 * half))

    def _apply(self) -> None:
        low, high = self.decades
        room = self.room()
        self._shown = (low - room, high + room)
        self._plot.setYRange(*self._shown, padding=0)

    def _refit(self) -> None:
        if self.decades is None or self._shown is None:
            return
        now = self._plot.getViewBox().viewRange()[1]
        if not all(math.isclose(a, b, abs_tol=1e-9) for a, b in zip(now, self._shown)):
            return  # moved by hand: the reset button frames it again
        if not math.isclose(self.room(), self._shown[1] - self.decades[1], rel_tol=0.02):
            self._apply()
