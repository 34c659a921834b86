"""Dropping a file on the window opens it (a setup or a plan)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject


def dropped_path(mime) -> str | None:
    """The one local file a drag carries, else None."""
    urls = [u for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
    return urls[0].toLocalFile() if len(urls) == 1 else None


class DropOpener(QObject):
    """An event filter on the main window: accepts a dragged file and hands its path on."""

    def __init__(self, window, open_path: Callable[[str], bool]) -> None:
        super().__init__(window)
        self._open_path = open_path
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if dropped_path(event.mimeData()):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            path = dropped_path(event.mimeData())
            if path:
                event.acceptProposedAction()
                self._open_path(path)
                return True
        return False
