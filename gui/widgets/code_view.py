"""The code that is running, highlighted, read-only, with a font that follows the window's zoom."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QWidget

BASE_POINT_SIZE = 11


def monospace_font(point_size: float = BASE_POINT_SIZE) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(point_size)
    return font


class CodeView(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(monospace_font())
        self._highlight = None
        self.setPlaceholderText("The code appears here once torch has loaded.")

    def show_code(self, source: str) -> None:
        if self._highlight is None:  # pygments loads here, not before the window's first paint
            from superqt.utils import CodeSyntaxHighlight

            self._highlight = CodeSyntaxHighlight(self.document(), "python", "default")
        if source != self.toPlainText():
            self.setPlainText(source)

    def set_zoom(self, factor: float) -> None:
        self.setFont(monospace_font(BASE_POINT_SIZE * factor))
