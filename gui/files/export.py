"""A lesson's picture and numbers for slides and spreadsheets.

The figure is the whole lesson view (every plot, the formula, the cells) as the class sees it:
a PNG at the screen's size or twice it, or an SVG drawing. The data is the loss history (each
recorded column) as CSV, under a header naming the run's settings.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication, QPainter, QPixmap
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from core.config import Config
from core.errors import ConfigError
from gui.widgets.loss_plot import LossPlot
from gui.widgets.staged_paint import paint_now


def figure_pixmap(widget: QWidget, scale: float = 1.0) -> QPixmap:
    """``widget`` drawn at ``scale`` times its size (the plots are redrawn, not stretched)."""
    paint_now(widget)
    if scale == 1.0:
        return widget.grab()
    size = widget.size()
    pixmap = QPixmap(QSize(round(size.width() * scale), round(size.height() * scale)))
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(widget.palette().window().color())
    widget.render(pixmap)
    return pixmap


def export_png(widget: QWidget, path: str | Path, scale: float = 1.0) -> None:
    if not figure_pixmap(widget, scale).save(str(path), "PNG"):
        raise OSError(f"{path}: the image could not be written")


def export_svg(widget: QWidget, path: str | Path, title: str = "") -> None:
    """``widget`` as an SVG drawing (text and curves stay vectors)."""
    paint_now(widget)
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(widget.size())
    generator.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    generator.setTitle(title)
    generator.setDescription("Exported from Torch Classroom")
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(f"{path}: the drawing could not be written")
    try:
        widget.render(painter, QPoint())
    finally:
        painter.end()


def copy_figure(widget: QWidget) -> None:
    """The figure on the clipboard, to paste into slides."""
    QGuiApplication.clipboard().setPixmap(figure_pixmap(widget, 1.0))


def loss_history(view: QWidget):
    """The view's loss history (core.history.History), None when it draws no loss or none yet."""
    plots = view.findChildren(LossPlot)
    history = plots[0].history if plots else None
    return history if history is not None and len(history) else None


def settings_line(config: Config, lesson_title: str) -> str:
    values = ", ".join(f"{k} = {v}" for k, v in config.values.items() if k != "speed")
    return f"Torch Classroom · {lesson_title} ({config.lesson}) · variant {config.variant} · {values}"


def export_csv(view: QWidget, config: Config, lesson_title: str, path: str | Path) -> int:
    """Write the loss history as CSV (one row per step); returns the number of rows."""
    history = loss_history(view)
    if history is None:
        raise ConfigError("there is no loss to export yet: run a few steps first")
    columns = [history.column(name) for name in history.names]
    steps = np.arange(1, len(history) + 1, dtype=float)
    data = np.column_stack([steps, *columns])
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(f"# {settings_line(config, lesson_title)}\n")  # spreadsheets: skip "#" lines
        out.write(",".join(("step", *history.names)) + "\n")
        np.savetxt(out, data, delimiter=",", fmt=["%d"] + ["%.17g"] * len(columns))
    return len(history)
