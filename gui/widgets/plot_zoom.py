"""Zoom for pyqtgraph plots: tick labels and titles follow the window's zoom, for projectors."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

TICK_PT = 10
TITLE_PT = 12


def zoom_plots(root: QWidget, factor: float) -> None:
    """Scale the axis tick labels and labels, plot titles and legends of every pyqtgraph view
    under ``root``."""
    font = QFont()
    font.setPointSizeF(TICK_PT * factor)
    for view in root.findChildren(pg.GraphicsView):
        for item in view.scene().items():
            if isinstance(item, pg.AxisItem):
                item.setStyle(tickFont=font)
                if item.label.isVisible() and item.labelText:
                    item.setLabel(item.labelText, item.labelUnits, item.labelUnitPrefix,
                                  **{**item.labelStyle, "font-size": f"{TICK_PT * factor:.0f}pt"})
            elif isinstance(item, pg.PlotItem) and item.titleLabel.text:
                item.title_pt = TITLE_PT * factor
                fit_title(view, item)
            elif isinstance(item, pg.LegendItem):
                item.setLabelTextSize(f"{TICK_PT * factor:.0f}pt")
                for _, label in item.items:  # setAttr keeps the old text laid out at the old size
                    label.setText(label.text)


SMALLEST_TITLE_SHARE = 0.55


def fit_title(view: pg.GraphicsView, plot: pg.PlotItem) -> None:
    """The plot's title at its zoomed size, or smaller where the plot is too narrow for it."""
    label = plot.titleLabel
    if not label.text:
        return
    chosen = getattr(plot, "title_pt", TITLE_PT)
    room = view.viewport().width() - 8
    size = chosen
    for _ in range(3):
        label.setText(label.text, size=f"{size:.1f}pt")
        width = label.item.boundingRect().width()
        if width <= room or size <= chosen * SMALLEST_TITLE_SHARE:
            break
        size = max(size * room / width * 0.98, chosen * SMALLEST_TITLE_SHARE)
