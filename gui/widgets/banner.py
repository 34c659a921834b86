"""A message across the top of a tab: where the user is looking when a run stops on its own."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QScrollArea, QSizePolicy, QWidget,
)

BASE_PT = 11
STYLES = {
    "error": "background: #FBE3D6; color: #6B1D00; border: 1px solid #D55E00;",
    "warning": "background: #FFF4CC; color: #5A4500; border: 1px solid #E69F00;",
    "info": "background: #E1F0FA; color: #0B3954; border: 1px solid #56B4E9;",
}


class Banner(QWidget):
    """Hidden until ``show_message``; an error may carry details shown on request."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_button = QPushButton("Details…")
        self.action_button = QPushButton()  # an offer that fixes what the message says (hidden)
        self.action_button.hide()
        self.close_button = QPushButton("×")
        self.close_button.setFixedWidth(28)
        self.close_button.setToolTip("Hide this message")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        # A long message on a small screen at large zoom scrolls rather than being cut off.
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.label)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.viewport().setAutoFillBackground(False)
        self.label.setAutoFillBackground(False)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.details_button)
        layout.addWidget(self.close_button)
        self.details_button.clicked.connect(self._show_details)
        self.close_button.clicked.connect(self.hide)
        self._details = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.hide()

    def show_message(self, text: str, kind: str = "info", details: str = "") -> None:
        self.setStyleSheet(f"Banner {{ {STYLES[kind]} border-radius: 4px; }} QLabel {{ border: none; background: transparent; }} QScrollArea {{ background: transparent; border: none; }}")
        self.label.setText(text)
        self._details = details
        self.details_button.setVisible(bool(details))
        self.action_button.hide()
        self.show()
        self._refit()

    def set_zoom(self, factor: float) -> None:
        font = QFont(self.font())
        font.setPointSizeF(BASE_PT * factor)
        for widget in (self.label, self.details_button, self.close_button):
            widget.setFont(font)
        self.close_button.setFixedWidth(round(28 * factor))
        self._refit()

    def _refit(self) -> None:
        """A scroll bar only when the message is taller than the room, decided here: left to
        itself the scroll area lays the text out as wide as the bar-less view and then cuts its
        right edge under the bar. The scroll area also misses a new font or text: resize anew."""
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        fits = self.label.heightForWidth(self.scroll.width()) <= self.scroll.height()
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff if fits
                                               else Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.label.setMaximumWidth(self.scroll.width() - (0 if fits else bar))
        self.scroll.setWidgetResizable(True)
        self.updateGeometry()

    def sizeHint(self):
        """As tall as the whole message, but at most a third of the tab."""
        hint = super().sizeHint()
        width = max(self.scroll.viewport().width(), 100)
        text_height = self.label.heightForWidth(width) + 14
        room = self.parentWidget().height() // 3 if self.parentWidget() else text_height
        hint.setHeight(max(min(text_height, room), 40))
        return hint

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._refit()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def _show_details(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "What went wrong", self.label.text(), parent=self)
        box.setDetailedText(self._details)
        box.open()  # not exec(): the window keeps running while the box is up
