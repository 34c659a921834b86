"""A plot title that fits its plot: cut with "…" when the plot is narrow, whole in the tooltip.

pyqtgraph's title label asks for its text's full width as its minimum (again on every resize), so a
long title either widens its plot past its view or is clipped at the view's edge; here the plot's
width is in charge and the title is measured with the font pyqtgraph draws it in.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF

TITLE_PT = 12  # as gui.widgets.plot_zoom sizes plot titles
MARGIN = 2.0  # px kept free at either end of the title's room


class ElidedTitle:
    def __init__(self, plot: pg.PlotItem, text: str = "") -> None:
        self.plot = plot
        self._text = text
        self._zoom = 1.0
        self._tip = ""
        self._fitting = False
        label = plot.titleLabel
        asked = [None]  # the size last asked for

        def update_min() -> None:  # the title follows the plot's width, never the reverse
            # pyqtgraph's own asks for the text's width and relays the plot out on every new
            # text: a count in a title ("ReLU mask 3 dead") moved every plot beside it, and each
            # of their axes was redrawn. Here it asks for its height only, and only when it changes.
            height = label.itemRect().height()
            hint = (1.0, height)
            if asked[0] == hint:
                return
            asked[0] = hint
            label.setMinimumWidth(1)
            label.setMinimumHeight(height)
            # LabelItem.sizeHint answers from this table (pyqtgraph's updateMin fills it too)
            label._sizeHint = {Qt.SizeHint.MinimumSize: hint, Qt.SizeHint.PreferredSize: hint,
                               Qt.SizeHint.MaximumSize: (-1, -1), Qt.SizeHint.MinimumDescent: (0, 0)}
            label.updateGeometry()

        label.updateMin = update_min
        plot.title_fitter = self  # gui.widgets.plot_zoom leaves such a title to this
        plot.setTitle(text or " ", size=self._size())
        plot.geometryChanged.connect(self.fit)
        label.geometryChanged.connect(self.fit)
        self.fit()

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.fit()

    def set_zoom(self, factor: float) -> None:
        self._zoom = factor
        self.fit()

    def set_tip(self, tip: str) -> None:
        """A tooltip of its own (after the whole title, when the title is cut)."""
        self._tip = tip
        self.fit()

    def _size(self) -> str:
        return f"{TITLE_PT * self._zoom:.1f}pt"

    def _room(self) -> float:
        """Twice the distance from the title's centre to the nearer edge of what shows of the plot
        (the title is centred over the plot's data column, not over the whole plot)."""
        label = self.plot.titleLabel
        allowed = self.plot.mapRectToScene(self.plot.boundingRect())
        views = self.plot.scene().views() if self.plot.scene() is not None else []
        if views:
            view = views[0]
            allowed = allowed.intersected(view.mapToScene(view.viewport().rect()).boundingRect())
        centre = label.mapRectToScene(label.boundingRect()).center().x()
        return 2 * (min(centre - allowed.left(), allowed.right() - centre) - MARGIN)

    def fit(self) -> None:
        if self._fitting:
            return
        self._fitting = True  # setting the text moves the label, which calls this again
        try:
            self._fit()
        finally:
            self._fitting = False

    def _fit(self) -> None:
        label = self.plot.titleLabel
        room = self._room()
        size = self._size()
        font = QFont(label.item.font())
        font.setPointSizeF(TITLE_PT * self._zoom)
        metrics = QFontMetricsF(font)
        # pyqtgraph's title row is 30 px whatever the size: a zoomed title would cover the plot.
        height = max(30, math.ceil(metrics.height()))
        if label.maximumHeight() != height:
            label.setMaximumHeight(height)
            self.plot.layout.setRowFixedHeight(0, height)
        label.setText(self._text, size=size)
        width = label.item.boundingRect().width()
        if width > room and self._text:
            target = room - (width - metrics.horizontalAdvance(self._text))  # the item's margins
            for _ in range(4):  # the item's own layout may add a little: measure, elide again
                label.setText(metrics.elidedText(self._text, Qt.TextElideMode.ElideRight,
                                                 max(target, 1.0)), size=size)
                over = label.item.boundingRect().width() - room
                if over <= 0:
                    break
                target -= over + 1
        whole = self._text if label.text != self._text else ""
        label.setToolTip("\n".join(part for part in (whole, self._tip) if part))
