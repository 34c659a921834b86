"""A plot title that fits its plot: cut with "…" when the plot is narrow, whole in the tooltip.

pyqtgraph's title label asks for its text's full width, so a long title either widens its plot or
is clipped at the plot's edge; this keeps the plot's width in charge.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics

TITLE_PT = 12  # as gui.widgets.plot_zoom sizes plot titles


class ElidedTitle:
    def __init__(self, plot: pg.PlotItem, text: str = "") -> None:
        self.plot = plot
        self._text = text
        self._zoom = 1.0
        plot.geometryChanged.connect(self._show)
        self._show()

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._show()

    def set_zoom(self, factor: float) -> None:
        self._zoom = factor
        self._show()

    def _show(self) -> None:
        font = QFont()
        font.setPointSizeF(TITLE_PT * self._zoom)
        room = max(int(self.plot.width()) - 8, 10)
        shown = QFontMetrics(font).elidedText(self._text, Qt.TextElideMode.ElideRight, room)
        label = self.plot.titleLabel
        if shown != label.text or not label.isVisible():
            self.plot.setTitle(shown, size=f"{TITLE_PT * self._zoom:.0f}pt")
        label.setMinimumWidth(1)  # the title follows the plot's width, not the reverse
        label.setToolTip(self._text if shown != self._text else "")
