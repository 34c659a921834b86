"""The lesson's notes: Markdown from resources/lessons/<key>.md, shown with Qt's own renderer."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser, QWidget

import resources

BASE_POINT_SIZE = 11


class NotesView(QTextBrowser):
    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(True)
        self.document().setDocumentMargin(12)
        self.setMarkdown(resources.lesson_notes(key))
        self.set_zoom(1.0)

    def set_zoom(self, factor: float) -> None:
        font = self.font()
        font.setPointSizeF(BASE_POINT_SIZE * factor)
        self.setFont(font)
        self.document().setDefaultFont(font)
