"""A rich-text label that shrinks its font to fit its width instead of widening the window, and
that can pick among several layouts of the same text (fewer rows or more) the one that reads best."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import QLabel, QSizePolicy

SMALLEST_PT = 6.0
READABLE = 0.75  # a layout shrunk to less than this share of the asked size gives way to the next
DIGIT = re.compile(r"\d")


def shape(text: str) -> str:
    """``text`` with every digit made 0: the same width on screen (figures are tabular), so a
    readout whose numbers change every frame keeps one shape, and its fit is measured once."""
    return DIGIT.sub("0", text)


class FitLabel(QLabel):
    """Shows ``setText`` at ``point_size``, or smaller when the text is wider than the label.

    Its width never comes from its text (size policy Ignored), so a long matrix row cannot push
    the window wider; the whole text stays readable at a smaller size, never clipped.
    ``set_choices`` gives layouts of one content, widest first: the first that fits at a readable
    size is shown, else the one that fits at the largest size.
    """

    reflowed = Signal()  # another layout was chosen: the label's height may have changed

    def __init__(self, point_size: float = 12.0, parent=None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._point_size = point_size
        self._choices: tuple[str, ...] = ("",)
        self._fits: dict[tuple, tuple[int, float]] = {}  # (shapes, room, size, font): choice, size

    def set_point_size(self, point_size: float) -> None:
        self._point_size = point_size
        self._fit()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self.set_choices([text])

    def set_choices(self, texts: Sequence[str]) -> None:
        texts = tuple(texts) or ("",)
        if texts == self._choices:
            return  # most frames change no matrix: no new layout
        self._choices = texts
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def shown_point_size(self) -> float:
        return self.font().pointSizeF()

    def _fit(self) -> None:
        room = self.contentsRect().width() - 4  # the document's own margin
        text, size = self._choices[0], self._point_size
        key = (tuple(map(shape, self._choices)), room, self._point_size, self.font().family())
        if room > 0 and key in self._fits:  # measured before (laying the text out takes ~15 ms)
            index, size = self._fits[key]
            text = self._choices[index]
        elif room > 0:
            best = None  # (score, text, size): the larger font wins; of those that never fit, the narrowest
            for choice in self._choices:
                size, fits, needed = self._size_for(choice, room)
                if fits and size >= READABLE * self._point_size:
                    best = (0, choice, size)
                    break
                score = size if fits else -needed
                if best is None or score > best[0]:
                    best = (score, choice, size)
            _, text, size = best
            if len(self._fits) > 256:
                self._fits.clear()
            self._fits[key] = (self._choices.index(text), size)
        font = QFont(self.font())
        font.setPointSizeF(size)
        if font.pointSizeF() != self.font().pointSizeF():
            self.setFont(font)
        if text != self.text():
            super().setText(text)
            self.reflowed.emit()

    def _size_for(self, text: str, room: float) -> tuple[float, bool, float]:
        """The largest size up to the asked one at which ``text`` fits ``room``, whether it fits
        even at the smallest size, and the width it needs at the size returned."""
        font = QFont(self.font())
        font.setPointSizeF(self._point_size)
        needed = self._width_at(font, text)
        if needed > room:  # the width grows with the font size, about in proportion
            font.setPointSizeF(max(self._point_size * room / needed, SMALLEST_PT))
            needed = self._width_at(font, text)
            while font.pointSizeF() > SMALLEST_PT and needed > room:
                font.setPointSizeF(max(font.pointSizeF() - 0.5, SMALLEST_PT))
                needed = self._width_at(font, text)
        return font.pointSizeF(), needed <= room, needed

    def _width_at(self, font: QFont, text: str | None = None) -> float:
        document = QTextDocument()
        document.setDefaultFont(font)
        document.setHtml(self.text() if text is None else text)
        return document.idealWidth()
