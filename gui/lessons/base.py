"""What every lesson view is: a widget that draws snapshots, created once per tab."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from core.lesson import Lesson
from gui.widgets.loss_plot import LossPlot

if TYPE_CHECKING:
    from core.run import Snapshot


class LessonView(QWidget):
    """Create plot items once in ``__init__``; ``show_snapshot`` only calls ``setData`` and friends.

    Runs in the GUI thread only. ``clear`` forgets the previous run (Reset, or a new variant).
    """

    def __init__(self, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson = lesson

    def clear(self) -> None:
        raise NotImplementedError

    def show_snapshot(self, snapshot: Snapshot) -> None:
        raise NotImplementedError


class GenericView(LessonView):
    """The loss alone: what a lesson shows until it has a view of its own."""

    def __init__(self, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(lesson, parent)
        self.loss_plot = LossPlot()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.loss_plot)

    def clear(self) -> None:
        self.loss_plot.clear_history()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self.loss_plot.append(snapshot)


VIEW = GenericView
