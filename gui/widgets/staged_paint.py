"""A tab coming into view paints its heavy parts one event-loop turn after another.

Painting a whole lesson tab at once (controls, plots, notes, code) took 30-60 ms under a software
X server: one long stall on every tab switch. Here the tab's first paint draws its frame, labels
and run bar, and only the background of each scrolling area (every plot is one, as are the notes,
the code and the controls' list); those areas then paint themselves one per turn, plots first, so
the window keeps answering in between. The whole tab is on screen a few frames later.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QAbstractScrollArea, QGraphicsView, QScrollArea, QWidget
from shiboken6 import isValid

from gui.next_turn import in_next_turn


class StagedPaint(QObject):
    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self._root = root
        root.installEventFilter(self)  # each time root is shown, its areas wait their turn
        self._waiting: list[QAbstractScrollArea] = []  # areas that paint only their background
        self._watched: set[int] = set()

    @property
    def waiting(self) -> int:
        """How many areas have not painted themselves since the tab was shown."""
        return len(self._waiting)

    def begin(self) -> None:
        """``root`` was shown: its scrolling areas paint in the turns that follow."""
        self.release_all()
        areas = [a for a in self._root.findChildren(QAbstractScrollArea) if a.isVisibleTo(self._root)]
        areas.sort(key=lambda a: not isinstance(a, pg.GraphicsView))  # the pictures first
        for area in areas:
            viewport = area.viewport()
            if id(viewport) not in self._watched:
                viewport.installEventFilter(self)
                self._watched.add(id(viewport))
            content = area.widget() if isinstance(area, QScrollArea) else None
            if content is not None:
                content.setUpdatesEnabled(False)  # its fields wait with it
        self._waiting = areas
        if areas:
            # Not a 0 ms single shot: that runs before the frame's own paint, which then painted
            # the largest plot with it (10-36 ms in one pass).
            in_next_turn(self, self._next)

    def _next(self) -> None:
        if not self._waiting:
            return
        self._release(self._waiting.pop(0))
        if self._waiting:
            in_next_turn(self, self._next)

    def release_all(self) -> None:
        """Every area paints normally from now (before a picture of the tab is taken)."""
        waiting, self._waiting = self._waiting, []
        for area in waiting:
            self._release(area)

    @staticmethod
    def _release(area: QAbstractScrollArea) -> None:
        if not isValid(area):
            return  # gone in the meantime (a cell rebuilt, the window closed)
        content = area.widget() if isinstance(area, QScrollArea) else None
        if content is not None:
            content.setUpdatesEnabled(True)  # which asks for its update
        area.viewport().update()

    def eventFilter(self, obj, event) -> bool:
        if obj is self._root:
            if event.type() == QEvent.Type.Show:
                self.begin()
            return False
        if event.type() == QEvent.Type.Paint and any(
                isValid(a) and a.viewport() is obj for a in self._waiting):
            area = obj.parentWidget()
            brush = area.backgroundBrush() if isinstance(area, QGraphicsView) else None
            if brush is None or brush.style() == Qt.BrushStyle.NoBrush:
                brush = obj.palette().brush(obj.backgroundRole())
            painter = QPainter(obj)
            painter.fillRect(event.rect(), brush)
            painter.end()
            return True  # its turn comes
        return False


def paint_now(widget: QWidget) -> None:
    """Let every staged area in ``widget``'s window paint: a picture taken now shows it all."""
    for staged in widget.window().findChildren(StagedPaint):
        staged.release_all()
