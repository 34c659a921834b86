"""Plots in a grid that wraps to fewer columns when narrow, and scrolls rather than squeeze or clip.

The plots come in groups of equal size (for example a weight and its gradient). With room for
every group side by side, each group is a column; with less, each group is a row; with room for
one plot only, they stack. A cell is never narrower or shorter than its minimum (scaled by the
zoom): when the rows need more height than there is, the grid scrolls.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class WrappingPlotGrid(QScrollArea):
    def __init__(self, min_width: int, min_height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.graphics = pg.GraphicsLayoutWidget()
        self.setWidget(self.graphics)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._min_width, self._min_height = min_width, min_height
        self._zoom = 1.0
        self._groups: list[list[pg.GraphicsItem]] = []
        self._columns = 0

    def add_group(self, *items: pg.GraphicsItem) -> None:
        self._groups.append(list(items))
        self._columns = 0
        self._arrange()

    @property
    def columns(self) -> int:
        return self._columns

    def set_zoom(self, factor: float) -> None:
        self._zoom = factor
        self._columns = 0
        self._arrange()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._arrange()

    def viewportEvent(self, event) -> bool:  # noqa: N802 (Qt's name)
        # The viewport narrows without the area resizing when the vertical scroll bar appears.
        if event.type() == QEvent.Type.Resize:
            self._arrange()
        return super().viewportEvent(event)

    def _columns_for(self, width: int) -> int:
        if not self._groups:
            return 1
        left, _, right, _ = self.graphics.ci.layout.getContentsMargins()
        fits = max(1, int(width - left - right) // self._cell_width())
        groups, size = len(self._groups), max(len(g) for g in self._groups)
        if fits >= groups:
            return groups
        return size if fits >= size else 1

    def _cell_width(self) -> int:
        """The narrowest a column may get: the zoomed minimum, or more where a plot's own parts
        (axes, colour bar) need more, so that the plots never lay out wider than the viewport."""
        layout = self.graphics.ci.layout
        needs = [item.effectiveSizeHint(Qt.SizeHint.MinimumSize).width()
                 for group in self._groups for item in group]
        spacing = max(0.0, layout.horizontalSpacing())
        return max(1, round(self._min_width * self._zoom),
                   math.ceil(max(needs, default=0) + spacing))

    def _arrange(self) -> None:
        width = self.viewport().width()
        columns = self._columns_for(width)
        if columns == self._columns:
            return
        self._columns = columns
        layout = self.graphics.ci
        layout.clear()
        groups, size = len(self._groups), max((len(g) for g in self._groups), default=0)
        for g, group in enumerate(self._groups):
            for i, item in enumerate(group):
                if columns == groups:
                    row, col = i, g  # every group a column
                elif columns == size:
                    row, col = g, i  # every group a row
                else:
                    row, col = g * size + i, 0
                layout.addItem(item, row, col)
        rows = math.ceil(sum(len(g) for g in self._groups) / columns)
        self.graphics.setMinimumHeight(rows * round(self._min_height * self._zoom))
