"""A rich-text label that shrinks its font to fit its width instead of widening the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import QLabel, QSizePolicy

SMALLEST_PT = 6.0


class FitLabel(QLabel):
    """Shows ``setText`` at ``point_size``, or smaller when the text is wider than the label.

    Its width never comes from its text (size policy Ignored), so a long matrix row cannot push
    the window wider; the whole text stays readable at a smaller size, never clipped.
    """

    def __init__(self, point_size: float = 12.0, parent=None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._point_size = point_size

    def set_point_size(self, point_size: float) -> None:
        self._point_size = point_size
        self._fit()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        if text == self.text():
            return  # most frames change no matrix: no new layout
        super().setText(text)
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def shown_point_size(self) -> float:
        return self.font().pointSizeF()

    def _fit(self) -> None:
        font = QFont(self.font())
        font.setPointSizeF(self._point_size)
        room = self.contentsRect().width() - 4  # the document's own margin
        needed = self._width_at(font)
        if needed > room > 0:  # the width grows with the font size, about in proportion
            size = self._point_size * room / needed
            font.setPointSizeF(max(size, SMALLEST_PT))
            while font.pointSizeF() > SMALLEST_PT and self._width_at(font) > room:
                font.setPointSizeF(max(font.pointSizeF() - 0.5, SMALLEST_PT))
        if font.pointSizeF() != self.font().pointSizeF():
            self.setFont(font)

    def _width_at(self, font: QFont) -> float:
        document = QTextDocument()
        document.setDefaultFont(font)
        document.setHtml(self.text())
        return document.idealWidth()
