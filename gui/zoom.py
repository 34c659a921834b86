"""Zoom for a room: every text the app draws scales from 50 % to 300 %, and the window keeps its
size (it never grows past the screen, and never resizes itself: the layouts reflow instead).

The application font carries the controls, menus and tab titles; widgets with their own sizes
(notes, code, console, plots, banners, the run bar, the lesson views) follow ``LessonTab.set_zoom``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLayout, QMainWindow

STEPS = (0.5, 0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
SMALLEST, LARGEST = STEPS[0], STEPS[-1]


def clamp(factor: float) -> float:
    return min(max(float(factor), SMALLEST), LARGEST)


def next_step(factor: float, direction: int) -> float:
    """The next larger (+1) or smaller (-1) step from ``factor``; 0 gives actual size."""
    if direction == 0:
        return 1.0
    if direction > 0:
        return next((s for s in STEPS if s > factor + 1e-6), LARGEST)
    return next((s for s in reversed(STEPS) if s < factor - 1e-6), SMALLEST)


_base: list[float] = []


def base_point_size() -> float:
    """The application font's size before any zoom (read once: a later window must not take a
    zoomed font for actual size)."""
    if not _base:
        _base.append(QApplication.font().pointSizeF())
    return _base[0]


def apply_font(base_point_size: float, factor: float) -> None:
    font = QApplication.font()
    font.setPointSizeF(base_point_size * factor)
    QApplication.setFont(font)


def hold_size(window: QMainWindow) -> None:
    """The window's size is the user's: larger text must not push its minimum size past the
    screen (Qt grows a top-level window to its layout's minimum by default)."""
    window.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    window.setMinimumSize(0, 0)
