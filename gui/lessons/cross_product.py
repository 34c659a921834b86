"""Cross-product's view: the n slices ε[i] as heat maps (the Levi-Civita slices beside them for
n = 3), the loss with each rule as its own curve, a check on a fixed pair a, b, the sign found."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from core.lesson import Lesson
from gui import theme
from gui.lessons.base import LessonView
from gui.widgets.loss_plot import LossPlot

HEADLINE_PT = 18
READOUT_PT = 15
LABEL_PT = 13
LIMIT = 1.25  # colour scale ±LIMIT: white is 0, ±1 (the Levi-Civita entries) are strong colours
MAX_SLICES = 8 + 3  # up to 8 learned slices, plus 3 Levi-Civita slices when n = 3
GOOD, BAD, NEUTRAL = theme.PALETTE["green"], theme.PALETTE["red"], "#404040"


class CrossProductView(LessonView):
    def __init__(self, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(lesson, parent)
        self._n = 0
        self._zoom = 1.0
        self._colour = NEUTRAL

        self.headline = QLabel("ε starts as random numbers")
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.headline.setWordWrap(True)

        # All slices in one image, separated by transparent (NaN) cells: one setImage per snapshot.
        self.maps = pg.GraphicsLayoutWidget()
        self.maps.setMinimumHeight(240)
        self.box = self.maps.addViewBox(row=0, col=0, lockAspect=True, enableMouse=False,
                                        invertY=True)
        self.image = pg.ImageItem()
        self.box.addItem(self.image)
        self.cell_lines = pg.PlotCurveItem(pen=pg.mkPen("#c8c8c8", width=1), connect="finite")
        self.frames = pg.PlotCurveItem(pen=pg.mkPen("#303030", width=2), connect="finite")
        self.box.addItem(self.cell_lines)
        self.box.addItem(self.frames)
        self.labels = [pg.TextItem(color=theme.FOREGROUND, anchor=(0.5, 1.0))
                       for _ in range(MAX_SLICES)]
        for label in self.labels:
            self.box.addItem(label)
        self.colour_bar = pg.ColorBarItem(values=(-LIMIT, LIMIT),
                                          colorMap=theme.diverging_colormap(),
                                          interactive=False, width=18)
        self.colour_bar.setImageItem(self.image)
        self.maps.addItem(self.colour_bar, row=0, col=1)

        self.loss_plot = LossPlot("Loss, and each rule on its own")

        self.check_plot = pg.PlotWidget()
        self.check_plot.showGrid(y=True, alpha=0.25)
        self.check_plot.setMouseEnabled(x=False, y=False)
        self.check_plot.setLabel("bottom", "component of a × b, a and b fixed")
        # The title names the colours: a legend would sit on top of the bars.
        self.true_bars = pg.BarGraphItem(x=[0.0], height=[0.0], width=0.4, brush=theme.TARGET,
                                         pen=None)
        self.learned_bars = pg.BarGraphItem(x=[0.0], height=[0.0], width=0.4,
                                            brush=theme.PALETTE["orange"], pen=None)
        self.check_plot.addItem(self.true_bars)
        self.check_plot.addItem(self.learned_bars)
        self.check_text = QLabel()
        self.check_text.setTextFormat(Qt.TextFormat.RichText)
        # Long numbers must not widen the column and squeeze the loss plot.
        self.check_text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.check_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        check = QVBoxLayout()
        check.addWidget(self.check_plot, 1)
        check.addWidget(self.check_text)
        bottom = QHBoxLayout()
        bottom.addWidget(self.loss_plot, 3)
        bottom.addLayout(check, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.headline)
        layout.addWidget(self.maps, 5)
        layout.addLayout(bottom, 4)
        self.set_zoom(1.0)

    # -- the frame's calls ------------------------------------------------------------------------
    def clear(self) -> None:
        self._n = 0
        self.image.clear()
        self.cell_lines.setData([], [])
        self.frames.setData([], [])
        for label in self.labels:
            label.setText("")
        self.learned_bars.setOpts(x=[0.0], height=[0.0])
        self.true_bars.setOpts(x=[0.0], height=[0.0])
        self.headline.setText("ε starts as random numbers")
        self._set_colour(NEUTRAL)
        self.check_text.setText("")
        self.loss_plot.clear_history()

    def show_snapshot(self, snapshot) -> None:
        state = snapshot.state
        eps, target = state["eps"], state["target"]
        n = eps.shape[0]
        if n != self._n:
            self._lay_out(n, has_target=target.size > 0)
        self.image.setImage(self._mosaic(eps, target).T, autoLevels=False)
        self._show_check(state)
        self._show_headline(n, state, snapshot.loss)
        self.loss_plot.append(snapshot)

    def set_zoom(self, factor: float) -> None:
        self._zoom = factor
        self.headline.setStyleSheet(self._headline_style())
        self.check_text.setStyleSheet(f"font-size: {READOUT_PT * factor:.0f}pt; padding: 4px;")
        font = QFont()
        font.setPointSizeF(LABEL_PT * factor)
        for label in self.labels:
            label.setFont(font)

    # -- heat maps --------------------------------------------------------------------------------
    def _lay_out(self, n: int, has_target: bool) -> None:
        """Where each slice goes for this n (only when n changes): grid lines, frames, labels."""
        self._n = n
        cols = n if n <= 4 else math.ceil(n / 2)
        label_rows = 1 if n <= 4 else 2  # room for a readable label above each row of slices
        self._places = []  # (top, left) of each slice, learned ones first
        learned_rows = math.ceil(n / cols)
        for s in range(n + (3 if has_target else 0)):
            row, col = (s // cols, s % cols) if s < n else (learned_rows, s - n)
            self._places.append((row * (n + label_rows) + label_rows, col * (n + 1)))
        rows = learned_rows + (1 if has_target else 0)
        self._shape = (rows * (n + label_rows), cols * (n + 1) - 1)
        lines_x, lines_y, frame_x, frame_y = [], [], [], []
        for top, left in self._places:
            for k in range(1, n):
                lines_x += [left + k, left + k, np.nan, left, left + n, np.nan]
                lines_y += [top, top + n, np.nan, top + k, top + k, np.nan]
            frame_x += [left, left + n, left + n, left, left, np.nan]
            frame_y += [top, top, top + n, top + n, top, np.nan]
        self.cell_lines.setData(np.array(lines_x, float), np.array(lines_y, float))
        self.frames.setData(np.array(frame_x, float), np.array(frame_y, float))
        for s, label in enumerate(self.labels):
            if s < len(self._places):
                top, left = self._places[s]
                label.setText(f"ε[{s}]" if s < n else f"Levi-Civita [{s - n}]")
                label.setPos(left + n / 2, top - 0.1)
            else:
                label.setText("")
        self.true_bars.setVisible(has_target)
        learned = _coloured("learned", theme.PALETTE["orange"])
        self.check_plot.setTitle(
            f"{learned} vs {_coloured('torch.linalg.cross', theme.TARGET)}" if has_target
            else f"{learned} a × b (no single true one)")
        self.check_plot.setXRange(0.4, n + 0.6, padding=0)
        self.check_plot.getAxis("bottom").setTicks([[(k, str(k)) for k in range(1, n + 1)]])
        height, width = self._shape
        self.box.setRange(xRange=(0, width), yRange=(0, height), padding=0.02)

    def _mosaic(self, eps: np.ndarray, target: np.ndarray) -> np.ndarray:
        mosaic = np.full(self._shape, np.nan)
        slices = list(eps) + list(target)
        for (top, left), matrix in zip(self._places, slices):
            mosaic[top:top + self._n, left:left + self._n] = matrix
        return mosaic

    # -- readouts ---------------------------------------------------------------------------------
    def _show_check(self, state: dict) -> None:
        learned, true = state["learned"], state["true"]
        x = np.arange(1, len(learned) + 1, dtype=float)
        if true.size:
            self.learned_bars.setOpts(x=x + 0.2, height=learned)
            self.true_bars.setOpts(x=x - 0.2, height=true)
            error = float(np.abs(learned - true).max())
            text = (f"a = {_vector(state['a'])}, b = {_vector(state['b'])}<br>"
                    f"learned a × b = {_vector(learned, 1)}<br>"
                    f"torch.linalg.cross = {_vector(true)}<br>"
                    f"largest difference: <b>{error:.1e}</b>")
        else:
            self.learned_bars.setOpts(x=x, height=learned)
            # No single "true" product exists for n = 7: test the rules on this pair instead.
            text = (f"a · (a × b) = <b>{_signed(state['a_dot'])}</b><br>"
                    f"b · (a × b) = <b>{_signed(state['b_dot'])}</b><br>"
                    f"|a × b|² = <b>{state['length2']:.6g}</b><br>"
                    f"|a|²|b|² − (a·b)² = <b>{state['lagrange']:.6g}</b>")
        self.check_text.setText(text)

    def _show_headline(self, n: int, state: dict, loss: float) -> None:
        if n == 3:
            sign = state["sign"]
            if sign > 0:
                text, colour = "ε = +Levi-Civita: e₁ × e₂ = +e₃ (right-handed)", GOOD
            elif sign < 0:
                text, colour = "ε = −Levi-Civita: e₁ × e₂ = −e₃ (left-handed)", BAD
            else:
                text, colour = (f"not there yet: |ε − LC| ≤ {state['error_plus']:.2f}, "
                                f"|ε + LC| ≤ {state['error_minus']:.2f}"), NEUTRAL
        elif not math.isfinite(loss):
            text, colour = f"n = {n}: press Start", NEUTRAL
        elif n == 7:
            # Cross products exist for n = 3 and n = 7 only.
            text, colour = f"n = 7: a cross product exists (loss {loss:.1e})", (
                GOOD if loss < 1e-8 else NEUTRAL)
        else:
            text, colour = f"n = {n}: no cross product exists (loss {loss:.2g})", BAD
        self.headline.setText(text)
        self._set_colour(colour)

    def _set_colour(self, colour: str) -> None:
        if colour != self._colour:  # a style sheet costs a re-polish: only when it changes
            self._colour = colour
            self.headline.setStyleSheet(self._headline_style())

    def _headline_style(self) -> str:
        return f"font-size: {HEADLINE_PT * self._zoom:.0f}pt; color: {self._colour}; padding: 4px;"


def _coloured(text: str, colour: str) -> str:
    return f"<span style='color: {colour}; font-weight: bold;'>{text}</span>"


def _signed(value: float) -> str:
    return f"{value:+.1e}".replace("-", "−")


def _vector(values: np.ndarray, decimals: int = 0) -> str:
    return "(" + ", ".join(f"{v:.{decimals}f}".replace("-", "−") for v in values) + ")"


VIEW = CrossProductView
