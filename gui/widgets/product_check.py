"""A product checked on one fixed pair: bars for each component (beside the true ones, when a true
product exists) and a few lines of readout. A line too long for its width first shrinks (down to
SMALLEST_PT), then elides, with the full text as its tooltip.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget
from superqt import QElidingLabel

from gui import theme
from gui.widgets.rule_colours import learned_colour

READOUT_PT = 11
SMALLEST_PT = 8.0
LINES = 4


class ProductCheck(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget()
        self.plot.showGrid(y=True, alpha=0.25)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setLabel("bottom", "component of a × b")
        # Narrow windows squeeze the plot; it must shrink with them, never spill out of its column.
        self.plot.setMinimumSize(80, 70)
        self.plot.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        # No title or legend (either would crowd a small plot): a swatch before a readout line
        # names each colour.
        self.true_bars = pg.BarGraphItem(x=[0.0], height=[0.0], width=0.4, brush=theme.TARGET, pen=None)
        self.learned_bars = pg.BarGraphItem(x=[0.0], height=[0.0], width=0.4,
                                            brush=learned_colour(), pen=None)
        self.plot.addItem(self.true_bars)
        self.plot.addItem(self.learned_bars)
        self.lines = [QElidingLabel() for _ in range(LINES)]
        self.swatches = [QLabel("■") for _ in range(LINES)]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(0)
        layout.addWidget(self.plot, 1)
        for swatch, line in zip(self.swatches, self.lines):
            line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            swatch.hide()
            row = QHBoxLayout()
            row.setSpacing(4)
            row.addWidget(swatch)
            row.addWidget(line, 1)
            layout.addLayout(row)
        self._y_range = (0.0, 0.0)
        self._point_size = READOUT_PT
        self.set_zoom(1.0)

    def set_pair(self, n: int, has_truth: bool) -> None:
        """Axes for products of length n; ``has_truth``: a true product to compare with."""
        self.true_bars.setVisible(has_truth)
        self.plot.setXRange(0.4, n + 0.6, padding=0)
        self.plot.getAxis("bottom").setTicks([[(k, str(k)) for k in range(1, n + 1)]])
        self._y_range = (0.0, 0.0)

    def show_bars(self, learned: np.ndarray, true: np.ndarray | None) -> None:
        x = np.arange(1, len(learned) + 1, dtype=float)
        shown = np.nan_to_num(learned, nan=0.0, posinf=0.0, neginf=0.0)
        if true is None:
            self.learned_bars.setOpts(x=x, height=shown)
            self._fit_y(shown)
        else:
            self.learned_bars.setOpts(x=x + 0.2, height=shown)
            self.true_bars.setOpts(x=x - 0.2, height=true)
            self._fit_y(np.concatenate([shown, true]))

    def show_lines(self, texts: list[str], colours: dict[int, str] | None = None) -> None:
        """The readout; ``colours`` gives a line a swatch of its bars' colour (by line index)."""
        colours = colours or {}
        changed = False
        for index, (line, text) in enumerate(zip(self.lines, texts + [""] * LINES)):
            swatch = self.swatches[index]
            colour = colours.get(index)
            swatch.setVisible(colour is not None)
            if colour is not None and swatch.property("colour") != colour:
                swatch.setProperty("colour", colour)
                swatch.setStyleSheet(f"color: {colour};")
            if line.text() != text:
                line.setToolTip(text)
                line.setText(text)
                changed = True
        if changed:
            self._fit_lines()

    def line_texts(self) -> list[str]:
        return [line.text() for line in self.lines]

    def clear(self) -> None:
        self.learned_bars.setOpts(x=[0.0], height=[0.0])
        self.true_bars.setOpts(x=[0.0], height=[0.0])
        self.show_lines([])
        self._y_range = (0.0, 0.0)

    def set_zoom(self, factor: float) -> None:
        self._point_size = READOUT_PT * factor
        self._fit_lines()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_lines()

    def _fit_lines(self) -> None:
        """One size for every line: the zoomed size if the longest fits, else smaller (down to
        SMALLEST_PT); what still does not fit is elided, the full text in its tooltip."""
        font = QFont(self.lines[0].font())
        font.setPointSizeF(self._point_size)
        metrics = QFontMetrics(font)
        scale = 1.0
        for line in self.lines:
            width = metrics.horizontalAdvance(line.text())
            room = max(line.width() - 8, 1)  # 8: rounding of the scaled font, and breathing space
            if width > room:
                scale = min(scale, 0.97 * room / width)
        font.setPointSizeF(max(SMALLEST_PT, self._point_size * scale))
        for swatch, line in zip(self.swatches, self.lines):
            if font.pointSizeF() != line.font().pointSizeF():
                line.setFont(font)
                swatch.setFont(font)
            line.setText(line.text())  # elides to the width, at this size

    def _fit_y(self, values: np.ndarray) -> None:
        """Every bar inside the plot: grow at once, shrink only when far too loose (no jitter)."""
        low, high = min(0.0, float(values.min())), max(0.0, float(values.max()))
        span = max(high - low, 1.0)
        wanted = (low - 0.1 * span if low < 0 else 0.0, high + 0.1 * span)
        current_low, current_high = self._y_range
        inside = current_low <= wanted[0] and wanted[1] <= current_high
        loose = (current_high - current_low) > 3 * (wanted[1] - wanted[0])
        if not inside or loose:
            self._y_range = (_round_down(wanted[0]), _round_up(wanted[1]))
            self.plot.setYRange(*self._y_range, padding=0)


def _round_up(value: float) -> float:
    return 0.0 if value == 0 else _nice(value, math.ceil)


def _round_down(value: float) -> float:
    return 0.0 if value == 0 else _nice(value, math.floor)


def _nice(value: float, rounding) -> float:
    step = 10 ** math.floor(math.log10(abs(value))) / 2
    return rounding(value / step) * step
