"""A one-line label for a long, changing readout (an equation): its font shrinks to fit the width
it is given, down to a smallest size; past that it elides, with the full text in its tooltip.
It never asks for more width than it has, so a long readout cannot widen the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

SMALLEST_SHARE = 0.4  # shrink to 40 % of the chosen size at most; elide after that


class FitLine(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._full = ""
        self._font = QFont(self.font())
        self.setText(text)

    def set_base_font(self, font: QFont) -> None:
        """The size the text has when there is room for it."""
        self._font = QFont(font)
        self._fit()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text
        self.setToolTip(text)
        self._fit()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def sizeHint(self):
        hint = super().sizeHint()
        hint.setHeight(QFontMetricsF(self._font).height() + 2 * self.margin() + 4)
        return hint

    def minimumSizeHint(self):
        return self.sizeHint().__class__(0, self.sizeHint().height())

    def _fit(self) -> None:
        room = max(self.contentsRect().width() - 2 * self.margin(), 1)
        font = QFont(self._font)
        smallest = self._font.pointSizeF() * SMALLEST_SHARE
        for _ in range(4):  # glyph widths do not scale exactly with the size: measure again
            width = QFontMetricsF(font).horizontalAdvance(self._full)
            if width <= room or font.pointSizeF() <= smallest:
                break
            font.setPointSizeF(max(font.pointSizeF() * room / width * 0.97, smallest))
        shown = QFontMetricsF(font).elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        if font != self.font():
            self.setFont(font)
        super().setText(shown)
