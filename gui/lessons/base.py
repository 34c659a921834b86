"""What every lesson view is: a widget that draws one lesson's typed Scene and Frames.

A view is written against its lesson's declared types (core/lessons/<key>.py): ``set_scene``
receives the Scene once after each reset, ``show_snapshot`` every drawn Snapshot (its ``frame`` of
the declared Frame type). Create plot items once; on a snapshot only call ``setData`` and friends.
A view that needs the run to do something (run one cell) emits ``lesson_command``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from core.lesson import Lesson
from gui.widgets.loss_plot import LossPlot

if TYPE_CHECKING:
    from core.protocol import RunState
    from core.snapshot import Snapshot
    from core.state import Scene


class LessonView(QWidget):
    """Runs in the GUI thread only. ``clear`` forgets the previous run (Reset, or a new variant)."""

    lesson_command = Signal(str, object)  # (name, payload) for the run's ``command``
    interrupt_requested = Signal()  # stop the user code the run is running

    def __init__(self, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson = lesson

    def set_scene(self, scene: Scene) -> None:
        """What stays fixed for the run (data, targets); default: nothing to keep."""

    def clear(self) -> None:
        raise NotImplementedError

    def show_snapshot(self, snapshot: Snapshot) -> None:
        raise NotImplementedError

    def set_zoom(self, factor: float) -> None:
        """Scale the view's own text (plots' ticks and titles are scaled by the tab)."""

    def on_state(self, state: RunState) -> None:
        """The run's state changed (a view with its own buttons may follow it)."""

    def on_lesson_done(self, name: str) -> None:
        """A lesson command finished (its snapshot arrived just before)."""

    def on_restarted(self, why: str) -> None:
        """The run's process was replaced (user code would not stop): the run started over."""

    # -- edited code (setup files) ----------------------------------------------------------------
    def edited_cells(self) -> dict[int, str]:
        """Code the user edited in the view, by cell index (a lesson without cells: none)."""
        return {}

    def load_cells(self, cells: dict[int, str]) -> None:
        """Show this edited code; ValueError, with nothing changed, when it cannot be shown."""
        if cells:
            raise ValueError(f"lesson {self.lesson.key} has no code cells")

    # -- comparing runs ---------------------------------------------------------------------------
    def main_plot(self):
        """The pyqtgraph PlotItem holding the lesson's main picture (where ghosts go), or None."""
        return None

    def ghost_items(self, scene: Scene, frame, pen) -> list:
        """Items (made with ``pen``) redrawing a finished run's picture faded in ``main_plot``:
        sin-fit its cubic, the classifier its line. None by default (the loss curve is enough)."""
        return []


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
