"""The Sweep side tab: the range and count of learning rates, the button, the progress, and the
plots of the result (gui.compare.sweep_plots), where clicking a point takes that lr.

The sweep itself runs in the tab's run process (the driver's SWEEP job, ~15 reports a second);
this panel asks for it, keeps each report and redraws at most every DRAW_MS.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout,
    QWidget,
)

from core.errors import ConfigError
from core.sweep import DEFAULT_COUNT, MAX_COUNT, SweepRequest
from gui.compare.sweep_plots import SweepPlots
from gui.widgets.progress_bar import ProgressBar
from gui.widgets.staged_paint import StagedPaint

DRAW_MS = 150  # redraw at most ~7 times a second, however fast progress arrives
NO_LR = "This part of the lesson has no learning rate to sweep."


class SweepPanel(QWidget):
    sweep_requested = Signal(object)  # SweepRequest
    stop_requested = Signal()
    lr_chosen = Signal(float)  # a point was clicked: take this lr and reset

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count = QSpinBox()
        self.count.setRange(2, MAX_COUNT)
        self.count.setValue(DEFAULT_COUNT)
        self.count.setToolTip("How many learning rates, log-spaced between the two ends")
        self.low, self.high = QLineEdit(), QLineEdit()
        self.low.setToolTip("The lowest learning rate swept")
        self.edited = False  # the range was typed: keep it instead of following the lr
        for edit in (self.low, self.high):
            edit.textEdited.connect(self._on_edited)
        self.high.setToolTip("The highest learning rate swept")
        self.button = QPushButton("Sweep learning rate")
        self.button.setToolTip("Train every learning rate at once, from the same start (Ctrl+L)")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.progress = ProgressBar()
        self.progress.setFormat("step %v / %m")
        self.progress.hide()
        form = QFormLayout()
        ends = QHBoxLayout()
        ends.addWidget(self.low)
        ends.addWidget(QLabel("to"))
        ends.addWidget(self.high)
        form.addRow("Learning rates", ends)
        form.addRow("How many", self.count)

        self.plots = SweepPlots()
        self.plots.lr_chosen.connect(self.lr_chosen)
        self.staged_paint = StagedPaint(self)  # coming to the front, its two plots paint in turn
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(form)
        layout.addWidget(self.button)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.plots, 1)
        self.button.clicked.connect(self._on_button)
        self._running = False
        self.progress_seen = None  # the latest SweepProgress (for tests)
        self._draw_timer = QTimer(self)
        self._draw_timer.setSingleShot(True)
        self._draw_timer.setInterval(DRAW_MS)
        self._draw_timer.timeout.connect(self._draw)

    # -- asking -------------------------------------------------------------------------------
    def _on_edited(self, _text: str) -> None:
        self.edited = True

    def centre_on(self, lr: float | None, force: bool = False) -> None:
        """Show the default range around ``lr`` (a decade either side), unless a range was typed."""
        if lr is None or (self.edited and not force):
            return
        self.edited = False
        around = SweepRequest.around(lr, self.count.value())
        self.low.setText(f"{around.lr_min:.3g}")
        self.high.setText(f"{around.lr_max:.3g}")

    def request(self) -> SweepRequest:
        """The range shown, checked; raises ConfigError with one sentence."""
        ends = []
        for edit, name in ((self.low, "lowest"), (self.high, "highest")):
            try:
                ends.append(float(edit.text()))
            except ValueError:
                raise ConfigError(f"the sweep's {name} lr must be a number, got {edit.text()!r}") from None
        return SweepRequest(ends[0], ends[1], self.count.value()).checked()

    def start(self) -> bool:
        """Ask for a sweep of the range shown; False (and a message) when it is not valid."""
        try:
            request = self.request()
        except ConfigError as error:
            self.show_message(str(error).capitalize(), error=True)
            return False
        self.show_message("")
        self.sweep_requested.emit(request)
        self.set_running(True)
        return True

    def _on_button(self) -> None:
        if self._running:
            self.stop_requested.emit()
            self.set_running(False)
        else:
            self.start()

    def set_running(self, running: bool) -> None:
        self._running = running
        self.button.setText("Stop the sweep" if running else "Sweep learning rate")

    @property
    def running(self) -> bool:
        return self._running

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #B03A00; font-weight: bold;" if error else "")
        self.message.setText(text)

    def set_enabled_for(self, trains: bool) -> None:
        self.button.setEnabled(trains)
        if not trains:
            self.show_message(NO_LR)
        elif self.message.text() == NO_LR:
            self.show_message("")

    def mark_lr(self, lr: float | None) -> None:
        self.plots.mark_lr(lr)

    # -- progress -----------------------------------------------------------------------------
    def show_progress(self, progress) -> None:
        self.progress_seen = progress
        if progress.history_start == 0 or self.plots.count != len(progress.lrs):
            self.plots.begin(progress)
            self.progress.show()
        self.plots.take(progress)
        if progress.done or not self._running:
            self._draw()  # the last word at once
            self.set_running(False)
            self.progress.hide()
        elif not self._draw_timer.isActive():
            self._draw_timer.start()
        if not progress.done and not self._running:
            self.show_message(f"Stopped at step {progress.step:,} of {progress.steps:,}.")

    def _draw(self) -> None:
        self._draw_timer.stop()
        if self.progress_seen is not None:
            self.progress.setMaximum(self.progress_seen.steps)
            self.progress.set_value_later(self.progress_seen.step)
            self.plots.draw(self.progress_seen)
