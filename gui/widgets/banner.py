"""A message across the top of a tab: where the user is looking when a run stops on its own."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

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
        self.close_button = QPushButton("×")
        self.close_button.setFixedWidth(28)
        self.close_button.setToolTip("Hide this message")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.details_button)
        layout.addWidget(self.close_button)
        self.details_button.clicked.connect(self._show_details)
        self.close_button.clicked.connect(self.hide)
        self._details = ""
        self.hide()

    def show_message(self, text: str, kind: str = "info", details: str = "") -> None:
        self.setStyleSheet(f"Banner {{ {STYLES[kind]} border-radius: 4px; }} QLabel {{ border: none; }}")
        self.label.setText(text)
        self._details = details
        self.details_button.setVisible(bool(details))
        self.show()

    def set_zoom(self, factor: float) -> None:
        font = QFont(self.font())
        font.setPointSizeF(BASE_PT * factor)
        for widget in (self.label, self.details_button, self.close_button):
            widget.setFont(font)
        self.close_button.setFixedWidth(round(28 * factor))

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def _show_details(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "What went wrong", self.label.text(), parent=self)
        box.setDetailedText(self._details)
        box.open()  # not exec(): the window keeps running while the box is up
