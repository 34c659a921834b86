"""Two-layer net's view: the loss, the gradient check in large type, and six heat maps that share one
horizontal axis, the hidden unit: w1 and its gradient, w2ᵀ and its gradient, h = x·w1 and the ReLU
mask, where a dead unit is a red column (and a white column in both gradients)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from core.lesson import Lesson
from core.lessons.two_layer_net import CheckedFrame, TwoLayerFrame, TwoLayerScene
from gui import theme
from gui.lessons.base import LessonView
from gui.widgets.loss_plot import LossPlot

CHECK_PT = 30
READOUT_PT = 15
TITLE_PT = 12
AXIS_PT = 10
READOUT_WIDTH = 290  # px at zoom 1: room for "77 / 100  (77 %)" in bold
AGREE = 1e-5  # below this, the two gradients agree up to rounding
BUG = 1e-3  # above this, something in the hand-written backward is wrong
# The ReLU mask: 0 = unit off for this example, 1 = on, 2 = off for every example (dead unit).
MASK_COLOURS = np.array([(225, 225, 225, 255), (0, 114, 178, 255), (213, 94, 0, 255)], dtype=np.ubyte)


class HeatMap:
    """One matrix as an image (rows down, columns across) with symmetric colour levels around 0.

    ``setImage`` runs with ``autoLevels=False``: the levels are set from the data's largest
    magnitude, so 0 stays white and the colour scale never has to be searched for.
    """

    def __init__(self, plot: pg.PlotItem, name: str, rows: str, lut: np.ndarray) -> None:
        self.plot = plot
        self.name = name
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(lut)
        plot.addItem(self.image)
        plot.invertY(True)  # row 0 at the top, as a matrix is written
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setLabel("left", rows)
        plot.setLabel("bottom", "hidden unit")
        self._title = name
        self._zoom = 1.0
        self._shape: tuple[int, ...] = ()

    def show(self, values: np.ndarray, levels: tuple[float, float] | None = None,
             detail: str = "") -> None:
        values = np.asarray(values)
        finite = np.isfinite(values)
        if not finite.all():  # a diverged run: draw what is finite, leave the rest blank
            values = np.where(finite, values, np.nan)
        if levels is None:
            scale = float(np.abs(values[finite]).max()) if finite.any() else 0.0
            detail = f"±{scale:.3g}" if scale > 0 else ("all 0" if finite.all() else "inf/NaN")
            scale = scale if scale > 0 else 1.0
            levels = (-scale, scale)
        rows, cols = values.shape
        self.image.setImage(values, autoLevels=False, levels=levels)
        if values.shape != self._shape:
            self._shape = values.shape
            self.image.setRect(-0.5, -0.5, cols, rows)  # cell (i, j) centred on (j, i)
            self.plot.getAxis("left").setTicks(_index_ticks(rows))
            self.plot.getAxis("bottom").setTicks(_index_ticks(cols))
        self.set_title(f"{self.name}  ({rows}×{cols})  {detail}".rstrip())

    def set_title(self, text: str, zoom: float | None = None) -> None:
        if text != self._title or zoom is not None:
            self._title = text
            self._zoom = self._zoom if zoom is None else zoom
            self.plot.setTitle(text, size=f"{TITLE_PT * self._zoom:.0f}pt")

    def set_zoom(self, factor: float) -> None:
        self.set_title(self._title, zoom=factor)

    def clear(self) -> None:
        self.image.clear()
        self._shape = ()
        self.set_title(self.name)


class TwoLayerNetView(LessonView):
    def __init__(self, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(lesson, parent)
        self.loss_plot = LossPlot("Loss (sum of squared errors)")

        self.check_title = QLabel("manual vs autograd")
        self.check_value = QLabel("—")
        self.check_verdict = QLabel("")
        self.check_worst = QLabel("")
        self.dead_label = QLabel("")
        for label in (self.check_title, self.check_value, self.check_verdict, self.check_worst,
                      self.dead_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        self.check_value.setObjectName("gradCheck")
        readouts = QVBoxLayout()
        readouts.addStretch(1)
        for label in (self.check_title, self.check_value, self.check_verdict, self.check_worst):
            readouts.addWidget(label)
        readouts.addSpacing(18)
        readouts.addWidget(self.dead_label)
        readouts.addStretch(1)
        self.readout_box = QWidget()
        self.readout_box.setLayout(readouts)
        top = QHBoxLayout()
        top.addWidget(self.loss_plot, 1)
        top.addWidget(self.readout_box)

        self.maps_widget = pg.GraphicsLayoutWidget()
        signed = theme.diverging_colormap().getLookupTable(0.0, 1.0, 256)
        plots = [[self.maps_widget.addPlot(row=r, col=c) for c in range(3)] for r in range(2)]
        for plot in (p for row in plots for p in row):
            for name in ("left", "bottom"):
                plot.getAxis(name).setStyle(tickFont=_font(AXIS_PT))
            if plot is not plots[0][0]:
                plot.setXLink(plots[0][0])  # every map's columns are the same hidden units
        self.w1 = HeatMap(plots[0][0], "w1", "input (D_in)", signed)
        self.grad_w1 = HeatMap(plots[0][1], "∂loss/∂w1", "input (D_in)", signed)
        self.h = HeatMap(plots[0][2], "h = x·w1", "example (N)", signed)
        self.w2 = HeatMap(plots[1][0], "w2ᵀ", "output (D_out)", signed)
        self.grad_w2 = HeatMap(plots[1][1], "(∂loss/∂w2)ᵀ", "output (D_out)", signed)
        self.mask = HeatMap(plots[1][2], "ReLU mask", "example (N)", MASK_COLOURS)
        self.maps = (self.w1, self.grad_w1, self.h, self.w2, self.grad_w2, self.mask)

        # Heights by stretch alone (the plots' own size hints would give the loss most of it).
        for widget in (self.loss_plot, self.maps_widget):
            widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.loss_plot.setMinimumHeight(150)
        self.maps_widget.setMinimumHeight(300)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top, 2)
        layout.addWidget(self.maps_widget, 5)
        self._hidden = -1
        self._dead_colour = theme.FOREGROUND
        self.set_zoom(1.0)
        self.clear()

    def clear(self) -> None:
        self.loss_plot.clear_history()
        for heat_map in self.maps:
            heat_map.clear()
        self._hidden = -1
        self.check_value.setText("—")
        self.check_verdict.setText("")
        self.check_worst.setText("")
        self.dead_label.setText("")

    def set_scene(self, scene: TwoLayerScene) -> None:
        self._scene = scene

    def show_snapshot(self, snapshot) -> None:
        frame: TwoLayerFrame = snapshot.frame
        self.loss_plot.append(snapshot)
        self.w1.show(frame.w1)
        self.grad_w1.show(frame.grad_w1)
        self.w2.show(frame.w2.T)
        self.grad_w2.show(frame.grad_w2.T)
        h = frame.h
        self.h.show(h)
        mask = relu_mask(h)
        self.mask.show(mask, levels=(0, 2), detail=f"dead: {frame.dead_units}")
        hidden = h.shape[1]
        if hidden != self._hidden:  # new sizes: show every column
            self._hidden = hidden
            self.w1.plot.setXRange(-0.5, hidden - 0.5, padding=0)
        self._show_check(frame, snapshot.step)
        dead = frame.dead_units
        self._set_dead_colour(theme.PALETTE["red"] if dead else theme.FOREGROUND)
        self.dead_label.setText(f"dead hidden units\n{dead} / {hidden}  "
                                f"({100 * frame.dead_fraction:.0f} %)")

    def _show_check(self, frame: TwoLayerFrame, step: int) -> None:
        if not isinstance(frame, CheckedFrame):
            self.check_value.setText("—")
            self.check_verdict.setText("autograd only here:\nthe manual rung compares")
            self.check_worst.setText("")
            return
        value, worst = frame.grad_check, frame.grad_check_worst
        self.check_value.setText(check_text(value))
        self.check_verdict.setText(verdict(value) if step else "no step yet")
        self.check_worst.setText("" if math.isnan(worst) else f"worst so far: {check_text(worst)}")

    def set_zoom(self, factor: float) -> None:
        self._zoom = factor
        self.readout_box.setFixedWidth(round(READOUT_WIDTH * factor))
        self.check_title.setStyleSheet(self._style(READOUT_PT * factor))
        self.check_value.setStyleSheet(self._style(CHECK_PT * factor, bold=True, mono=True))
        self.check_verdict.setStyleSheet(self._style(READOUT_PT * factor))
        self.check_worst.setStyleSheet(self._style(READOUT_PT * factor, "#555"))
        for heat_map in self.maps:
            heat_map.set_zoom(factor)
        self._set_dead_colour(self._dead_colour, force=True)

    def _set_dead_colour(self, colour: str, force: bool = False) -> None:
        # A style sheet is re-parsed on every call: set it only when it changes.
        if force or colour != self._dead_colour:
            self._dead_colour = colour
            self.dead_label.setStyleSheet(self._style(READOUT_PT * self._zoom, colour, bold=True))

    @staticmethod
    def _style(points: float, colour: str = theme.FOREGROUND, bold: bool = False,
               mono: bool = False) -> str:
        return (f"font-size: {points:.0f}pt; color: {colour};"
                + (" font-weight: bold;" if bold else "")
                + (" font-family: monospace;" if mono else ""))


def _font(points: float) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    return font


def _index_ticks(count: int) -> list | None:
    """Whole-number ticks on the cells of a small matrix; pyqtgraph's own ticks for a large one."""
    return [[(i, str(i)) for i in range(count)]] if count <= 12 else None


def relu_mask(h: np.ndarray) -> np.ndarray:
    """0 where the ReLU blocks, 1 where it passes, 2 in the columns of units dead for every example."""
    mask = (h > 0).astype(np.uint8)
    mask[:, (h <= 0).all(axis=0)] = 2  # inf/NaN is neither on nor dead
    return mask


def check_text(value: float) -> str:
    if math.isnan(value):
        return "—"
    return "0" if value == 0 else f"{value:.1e}"


def verdict(value: float) -> str:
    if not math.isfinite(value):
        return "inf/NaN: nothing to compare"
    if value == 0:
        return "identical, to the last bit"
    if value < AGREE:
        return "they agree (rounding only)"
    if value < BUG:
        return "close: rounding, or a small slip?"
    return "they disagree: a bug in the backward"


VIEW = TwoLayerNetView
