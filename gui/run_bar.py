"""The run bar: Start / Step / Reset, the speed, the progress, and one status line.

It shows what the controller reports and what the tab tells it (a pending change, a message that
matters); it never decides anything about the run itself.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from superqt import QElidingLabel

from core.protocol import RunState
from gui.widgets.progress_bar import ProgressBar

STATE_WORDS = {RunState.PAUSED: "paused", RunState.FINISHED: "finished",
               RunState.DIVERGED: "diverged", RunState.FAILED: "stopped"}
BASE_PT = 11


class RunBar(QWidget):
    start_clicked = Signal()
    step_clicked = Signal()
    reset_clicked = Signal()

    def __init__(self, speed: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runBar")
        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("startButton")
        self.start_button.setToolTip("Start or pause the run (Space)")
        self.step_button = QPushButton("Step")
        self.step_button.setToolTip("Take exactly one step (Right arrow or .)")
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Back to the seeded start, with the settings shown (R)")
        for button in (self.start_button, self.step_button, self.reset_button):
            # Clicking must not give a button the keyboard: Space would then press it again.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.progress = ProgressBar()
        self.progress.setFormat("%v / %m")
        self.progress.setTextVisible(True)
        self.status = QElidingLabel("Starting…")  # a long note elides; the tooltip has it all
        self.status.setObjectName("runStatus")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setMinimumWidth(10)
        self.status.setWordWrap(False)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button, 2)
        buttons.addWidget(self.step_button, 1)
        buttons.addWidget(self.reset_button, 1)
        self.speed = speed
        self._buttons_row, self._speed_row = buttons, QHBoxLayout()
        if speed is not None:
            buttons.addWidget(speed, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(buttons)
        layout.addLayout(self._speed_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self.start_button.clicked.connect(self.start_clicked)
        self.step_button.clicked.connect(self.step_clicked)
        self.reset_button.clicked.connect(self.reset_clicked)
        self.set_zoom(1.0)

    def show_state(self, state: RunState, started: bool, pending: bool, ready: bool) -> None:
        playing = state == RunState.PLAYING
        if pending and not playing:
            text = "Reset to apply"
        elif playing:
            text = "Pause"
        elif state.over:
            text = "Start again"
        else:
            text = "Resume" if started else "Start"
        self.start_button.setText(text)
        self.start_button.setEnabled(ready)
        self.step_button.setEnabled(ready and not playing)
        self.reset_button.setEnabled(ready)

    def show_progress(self, step: int, steps: int, exact: bool = False) -> None:
        """While a run goes, the bar is repainted only when it visibly moves (a repaint costs
        ~1 ms on some styles); ``exact`` (a run standing still) makes its text name the step."""
        if steps != self.progress.maximum():
            self.progress.setMaximum(steps)
        if exact or step in (0, steps) or abs(step - self.progress.value()) * 500 >= steps:
            self.progress.set_value_later(step)

    def status_text(self, snapshot, state: RunState, rate: float, seconds_left: float | None,
                    note: str = "") -> str:
        """Step, loss, speed and time left, the state, and a note (a change just applied)."""
        parts = []
        if snapshot is not None:
            parts.append(f"Step {snapshot.step:,} / {snapshot.steps:,}")
            if snapshot.loss == snapshot.loss:  # not NaN
                parts.append(f"loss {snapshot.loss:.6g}")
            if state == RunState.PLAYING and rate > 0:
                parts.append(f"{rate:,.0f} steps/s")
                if seconds_left is not None:
                    parts.append(f"{duration(seconds_left)} left")
        word = STATE_WORDS.get(state)
        if word:
            parts.append(word)
        if note:
            parts.append(note)
        return " · ".join(parts)

    def set_status(self, text: str, error: bool = False) -> None:
        style = "" if not error else "color: #B03A00;"
        if style != self.status.styleSheet():  # restyling costs more than the text itself
            self.status.setStyleSheet(style)
        if text != self.status.text():
            self.status.setText(text)
            self.status.setToolTip(text)

    def set_zoom(self, factor: float) -> None:
        font = QFont(self.font())
        font.setPointSizeF(BASE_PT * factor)
        self.status.setFont(font)
        self.status.setText(self.status.text())  # elide again at the new size
        height = round(30 * factor)
        for button in (self.start_button, self.step_button, self.reset_button):
            button.setMinimumHeight(height)
            button.setFont(font)
        self._place_speed()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_speed()

    def _place_speed(self) -> None:
        """The speed beside the buttons when there is room for both, under them otherwise."""
        if self.speed is None:
            return
        need = sum(b.sizeHint().width() for b in (self.start_button, self.step_button,
                                                  self.reset_button)) + self.speed.sizeHint().width() + 40
        row = self._buttons_row if self.width() >= need else self._speed_row
        if row.indexOf(self.speed) < 0:
            (self._speed_row if row is self._buttons_row else self._buttons_row).removeWidget(self.speed)
            row.addWidget(self.speed, 3)


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"{seconds // 60}:{seconds % 60:02d}"
