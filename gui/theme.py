"""Colours and plot defaults, in one place so every view looks like part of one product."""

from __future__ import annotations

import pyqtgraph as pg

# Okabe-Ito: distinguishable with the common colour-vision deficiencies, readable on a projector.
PALETTE = {
    "blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "red": "#D55E00",
    "sky": "#56B4E9", "purple": "#CC79A7", "yellow": "#F0E442", "black": "#000000",
}
SERIES = ("blue", "orange", "green", "red", "purple", "sky", "yellow", "black")
TARGET = "#7f7f7f"  # the thing being fitted: neutral, dashed
BACKGROUND = "w"
FOREGROUND = "#202020"


def configure_pyqtgraph() -> None:
    pg.setConfigOptions(antialias=True, background=BACKGROUND, foreground=FOREGROUND)


def pen(name: str, width: float = 2.5, dashed: bool = False) -> pg.mkPen:
    from PySide6.QtCore import Qt

    colour = PALETTE.get(name, name)
    return pg.mkPen(colour, width=width, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)


def series_colour(index: int) -> str:
    return PALETTE[SERIES[index % len(SERIES)]]


def diverging_colormap() -> pg.ColorMap:
    """Blue for negative, white for zero, red for positive: for signed heat maps centred on 0."""
    return pg.ColorMap([0.0, 0.5, 1.0], [(33, 102, 172), (247, 247, 247), (178, 24, 43)])
