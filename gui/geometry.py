"""Where the window goes: a remembered geometry only when it is sane and on a screen, otherwise
a size that suits the screen it opens on (never larger than that screen)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

PREFERRED = QSize(1500, 900)
SMALLEST = QSize(640, 400)  # a remembered window smaller than this was not a choice anyone made
SCREEN_SHARE = 0.92  # a fresh window leaves a margin around it


def restore(window: QWidget, data) -> bool:
    """Restore ``data`` if it gives a usable window mostly on a screen; True when it did."""
    if not isinstance(data, QByteArray) or data.isEmpty():
        return False
    before = window.geometry()
    if not window.restoreGeometry(data) or not sane(window.frameGeometry()):
        window.setGeometry(before)
        return False
    return True


def sane(frame: QRect) -> bool:
    if frame.width() < SMALLEST.width() or frame.height() < SMALLEST.height():
        return False
    for screen in QGuiApplication.screens():
        shown = frame.intersected(screen.availableGeometry())
        if shown.width() * shown.height() >= 0.5 * frame.width() * frame.height():
            return True
    return False


def place_fresh(window: QWidget) -> None:
    """The preferred size, shrunk to fit the screen, centred on it."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)
    width = min(PREFERRED.width(), int(area.width() * SCREEN_SHARE))
    height = min(PREFERRED.height(), int(area.height() * SCREEN_SHARE))
    window.resize(width, height)
    window.move(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2)
