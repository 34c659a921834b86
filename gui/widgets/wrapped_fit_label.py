"""A wrapped label that shrinks its font rather than grow past a few lines (a headline that must
not push the plots off a small screen at a large zoom)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QSizePolicy

SMALLEST_PT = 9.0


class WrappedFitLabel(QLabel):
    def __init__(self, text: str = "", point_size: float = 16.0, max_lines: int = 2,
                 parent=None) -> None:
        super().__init__(parent)
        self._point_size, self._max_lines = point_size, max_lines
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def set_point_size(self, point_size: float) -> None:
        """The size the text gets when it fits (the zoomed size)."""
        self._point_size = point_size
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = max(self.contentsRect().width() - 12, 40)  # 12: the style's padding
        size = self._point_size
        font = QFont(self.font())
        while True:
            font.setPointSizeF(size)
            metrics = QFontMetrics(font)
            used = metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap,
                                        self.text()).height()
            if used <= self._max_lines * metrics.lineSpacing() + 1 or size <= SMALLEST_PT:
                break
            size = max(SMALLEST_PT, size * 0.9)
        if font.pointSizeF() != self.font().pointSizeF():
            self.setFont(font)
