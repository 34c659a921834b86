"""The plan strip: a toolbar across the top of the window while a lesson plan is open.

It shows where the class is ("3 / 7"), the step's title and its note, with buttons for the previous
and next step (PageUp / PageDown) and one to close the plan. It is a QToolBar named ``planStrip``,
so a mode that hides the window's chrome (presenter mode) can keep it by name.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolBar, QToolButton, QVBoxLayout, QWidget

OBJECT_NAME = "planStrip"


class PlanStrip(QToolBar):
    previous_requested = Signal()
    next_requested = Signal()
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Lesson plan", parent)
        self.setObjectName(OBJECT_NAME)
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setEnabled(False)  # shown exactly while a plan is open
        self.previous_button = self._button("◀  Previous", "Previous step of the plan (PageUp)",
                                            self.previous_requested)
        self.next_button = self._button("Next  ▶", "Next step of the plan (PageDown)",
                                        self.next_requested)
        close = self._button("✕", "Close the lesson plan", self.close_requested)
        self.position = QLabel()
        self.position.setObjectName("planPosition")
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.position.setMinimumWidth(64)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        words = QWidget()
        text = QVBoxLayout(words)
        text.setContentsMargins(8, 2, 8, 2)
        text.setSpacing(0)
        text.addWidget(self.title)
        text.addWidget(self.note)
        words.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.position)
        layout.addWidget(words, 1)
        layout.addWidget(self.next_button)
        layout.addWidget(close)
        self.addWidget(row)
        self._fit_note()
        # A palette, not a style sheet: a style sheet would keep the strip's text from following
        # the window's zoom (QApplication.setFont).
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#FFF6DC"))
        self.setPalette(palette)
        self.setAutoFillBackground(True)

    def _fit_note(self) -> None:
        """Room for two lines of note, whatever the note: the lesson below never jumps (a
        wrapping label would otherwise ask for a height that depends on its text)."""
        self.note.setFixedHeight(2 * self.note.fontMetrics().lineSpacing() + 2)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the window zoomed
            self._fit_note()

    def _button(self, text: str, tip: str, signal) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the lesson
        button.clicked.connect(signal.emit)
        return button

    def show_step(self, plan_title: str, number: int, count: int, title: str, note: str) -> None:
        self.position.setText(f"<b>{number} / {count}</b>")
        heading = f"<b>{escape(title)}</b>" if title else ""
        if plan_title:
            heading = f"{escape(plan_title)} · {heading}" if heading else escape(plan_title)
        self.title.setText(heading)
        self.note.setText(note)
        self.previous_button.setEnabled(number > 1)
        self.next_button.setEnabled(number < count)
