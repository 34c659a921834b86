"""The lesson's notes: Markdown from resources/lessons/<key>.md, shown with Qt's own renderer."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget

import resources

BASE_POINT_SIZE = 11


class NotesView(QTextBrowser):
    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(True)
        self._markdown = resources.lesson_notes(key)
        self.set_zoom(1.0)

    def set_zoom(self, factor: float) -> None:
        font = self.font()
        font.setPointSizeF(BASE_POINT_SIZE * factor)
        self.setFont(font)
        self.document().setDefaultFont(font)
        self.document().setDocumentMargin(12)
        self.setMarkdown(self._markdown)
        self._size_code(font.pointSizeF())

    def _size_code(self, point_size: float) -> None:
        """Inline code comes out in a small fixed font; give it the text's size."""
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if fragment.isValid() and fragment.charFormat().fontFixedPitch():
                    cursor = QTextCursor(self.document())
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(),
                                       QTextCursor.MoveMode.KeepAnchor)
                    change = QTextCharFormat()
                    change.setFontPointSize(point_size * 0.95)
                    change.setFontFamilies([mono])
                    cursor.mergeCharFormat(change)
                it += 1
            block = block.next()
