"""Colours for a loss and the rules it is made of, told apart on a light and on a dark background.

Okabe-Ito hues, never orange beside vermillion (they merge on a projector); each rule also has its
own dash pattern, so the curves stay apart in grey-scale and for colour-blind eyes.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt

LIGHT = {"loss": "#0072B2", "antisymmetry": "#E69F00", "orthogonality": "#009E73",
         "norm": "#CC79A7", "orientation": "#000000"}
DARK = {"loss": "#56B4E9", "antisymmetry": "#E69F00", "orthogonality": "#009E73",
        "norm": "#CC79A7", "orientation": "#F0E442"}
DASHES = {"antisymmetry": Qt.PenStyle.DashLine, "orthogonality": Qt.PenStyle.DotLine,
          "norm": Qt.PenStyle.DashDotLine, "orientation": Qt.PenStyle.DashDotDotLine}
LEARNED = {"light": "#E69F00", "dark": "#E69F00"}  # the learned a × b, beside a grey truth


def dark_background() -> bool:
    """Whether pyqtgraph draws on a dark background (the theme in use)."""
    return pg.mkColor(pg.getConfigOption("background")).lightness() < 128


def rule_colour(name: str) -> str:
    colours = DARK if dark_background() else LIGHT
    return colours.get(name, pg.mkColor(pg.getConfigOption("foreground")).name())


def rule_pen(name: str) -> pg.mkPen:
    width = 3.0 if name == "loss" else 2.2
    return pg.mkPen(rule_colour(name), width=width, style=DASHES.get(name, Qt.PenStyle.SolidLine))


def learned_colour() -> str:
    return LEARNED["dark" if dark_background() else "light"]
