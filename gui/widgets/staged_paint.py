"""A tab coming into view paints its plots one event-loop turn after another.

Painting a whole lesson tab at once (its controls, text panels and every plot) took 30-60 ms under
a software X server: one long stall on every tab switch. Here the tab's first paint fills each
plot with its background only; the plots then paint themselves one per turn, so the window keeps
answering in between. The whole tab is on screen a few frames later, which the eye does not see.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget


class StagedPaint(QObject):
    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self._root = root
        self._waiting: list[QWidget] = []  # viewports that paint only their background for now
        self._watched: set[int] = set()

    def begin(self) -> None:
        """Call when ``root`` is shown: its plots paint in the turns that follow."""
        viewports = [view.viewport() for view in self._root.findChildren(pg.GraphicsView)
                     if view.isVisibleTo(self._root)]
        for viewport in viewports:
            if id(viewport) not in self._watched:
                viewport.installEventFilter(self)
                self._watched.add(id(viewport))
        had_waiting = bool(self._waiting)
        self._waiting = viewports
        if viewports and not had_waiting:
            QTimer.singleShot(0, self._next)

    @property
    def waiting(self) -> int:
        """How many plots have not painted themselves since the tab was shown."""
        return len(self._waiting)

    def _next(self) -> None:
        if not self._waiting:
            return
        viewport = self._waiting.pop(0)
        viewport.update()
        if self._waiting:
            QTimer.singleShot(0, self._next)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and obj in self._waiting:
            painter = QPainter(obj)
            painter.fillRect(event.rect(), obj.parentWidget().backgroundBrush())
            painter.end()
            return True  # its turn comes
        return False
