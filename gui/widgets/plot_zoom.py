"""Zoom for pyqtgraph plots: tick labels and titles follow the window's zoom, for projectors."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF
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
                steady_text_space(item)
                item.setStyle(tickFont=font)
                if item.label.isVisible() and item.labelText:
                    item.setLabel(item.labelText, item.labelUnits, item.labelUnitPrefix,
                                  **{**item.labelStyle, "font-size": f"{TICK_PT * factor:.0f}pt"})
            elif isinstance(item, pg.PlotItem) and item.titleLabel.text:
                item.title_pt = TITLE_PT * factor
                fit_title(view, item)
            elif isinstance(item, pg.LegendItem):
                rescale_legend(item, f"{TICK_PT * factor:.0f}pt")


def steady_text_space(axis: pg.AxisItem) -> None:
    """Let a side axis's room for its labels grow but not shrink, measured afresh at each zoom.

    pyqtgraph fits the room to the widest label drawn, so a range with narrower or fewer labels
    ("10³" after "0.001") narrowed the axis: the plot jumped sideways, and each new range redrew
    both of its axes twice (370 axis drawings in 200 presses of Start / Pause / Reset / Step, 165
    with this)."""
    if axis.orientation in ("left", "right"):
        axis.setStyle(autoReduceTextSpace=False)
        axis.textWidth = 0  # pyqtgraph's own measure, grown again by the next drawing


SMALLEST_TITLE_SHARE = 0.55
TITLE_MARGIN = 36  # px: the plot's layout margins and spacing around the title's column


def rescale_legend(legend: pg.LegendItem, size: str) -> None:
    """Rows anew at the new text size (resized labels leave their rows at the old height)."""
    if legend.opts.get("labelTextSize") == size:
        return
    legend.setLabelTextSize(size)
    rows = [(sample.item, label.text) for sample, label in legend.items]
    legend.clear()
    for plotted, name in rows:
        legend.addItem(plotted, name)


def fit_title(view: pg.GraphicsView, plot: pg.PlotItem) -> None:
    """The plot's title at its zoomed size, or smaller where the plot is too narrow for it, and
    elided (the whole title in its tooltip) where even that is too wide."""
    label = plot.titleLabel
    if not label.text:
        return
    fitter = getattr(plot, "title_fitter", None)
    if fitter is not None:  # a title that fits its own plot (several plots may share the view)
        fitter.fit()
        return
    full = getattr(plot, "full_title", None)
    if full is None or label.text not in (full, getattr(plot, "shown_title", None)):
        full = plot.full_title = label.text  # a title the view set anew
    chosen = getattr(plot, "title_pt", TITLE_PT)
    # The title sits over the plot's own column: the view less the side axes and the margins
    # (measured from the axes, not the layout, which itself moves with the title's width).
    sides = sum(plot.getAxis(name).width() for name in ("left", "right")
                if plot.getAxis(name).isVisible())
    room = view.viewport().width() - sides - TITLE_MARGIN
    size = chosen
    for _ in range(3):
        label.setText(full, size=f"{size:.1f}pt")
        width = label.item.boundingRect().width()
        if width <= room or size <= chosen * SMALLEST_TITLE_SHARE:
            break
        size = max(size * room / width * 0.98, chosen * SMALLEST_TITLE_SHARE)
    if label.item.boundingRect().width() > room and "<" not in full:
        font = QFont(label.item.font())
        font.setPointSizeF(size)
        target = room
        for _ in range(4):  # the label's own layout adds a little: measure it, elide again
            label.setText(QFontMetricsF(font).elidedText(full, Qt.TextElideMode.ElideRight,
                                                         max(target, 10)))
            over = label.item.boundingRect().width() - room
            if over <= 0:
                break
            target -= over + 2
    plot.shown_title = label.text
    label.setToolTip(full if label.text != full else "")
