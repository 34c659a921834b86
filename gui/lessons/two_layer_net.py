"""Two-layer net's view: the loss, the gradient check in large type, and six heat maps that share one
horizontal axis, the hidden unit: w1 and its gradient, w2ᵀ and its gradient, h = x·w1 and the ReLU
mask, where a dead unit is a vermillion column (and a white column in both gradients)."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from core.lesson import Lesson
from core.lessons.two_layer_net import CheckedFrame, TwoLayerFrame, TwoLayerScene
from gui import theme
from gui.lessons.base import LessonView
from gui.widgets.elided_label import ElidedLabel
from gui.widgets.heat_map import HeatMap
from gui.widgets.loss_plot import LossPlot
from gui.widgets.plot_title import ElidedTitle
from gui.widgets.wrapping_grid import WrappingPlotGrid

CHECK_PT = 30
READOUT_PT = 14
SMALL_PT = 11
READOUT_WIDTH = 280  # px at zoom 1: room for "worst so far: 1.2e-07" at its size
READOUT_SHARE = 0.4  # the readouts never take more of the view's width than this
TOP_SHARE = 0.38  # nor more of its height: the heat maps keep the rest
MIN_FIT = 0.6  # how far the readouts may shrink below the zoom's size to fit
MAP_WIDTH, MAP_HEIGHT = 250, 110  # px at zoom 1: the smallest a heat map may get
AGREE = 1e-5  # below this, the two gradients agree up to rounding
BUG = 1e-3  # above this, something in the hand-written backward is wrong
# The ReLU mask: 0 = unit off for this example, 1 = on, 2 = off for every example (dead unit).
MASK_COLOURS = np.array([(225, 225, 225, 255), (0, 114, 178, 255), (213, 94, 0, 255)], dtype=np.ubyte)


class TwoLayerNetView(LessonView):
    def __init__(self, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(lesson, parent)
        self.loss_plot = LossPlot()
        self.loss_title = ElidedTitle(self.loss_plot.getPlotItem(), "Loss (sum of squared errors)")
        self._build_readouts()
        top = QHBoxLayout()
        top.addWidget(self.loss_plot, 1)
        top.addWidget(self.readout_box)

        self.since_start = QCheckBox("Change since start (w − w₀)")
        self.since_start.setToolTip("Show how far each weight has moved from where the run began, "
                                    "instead of the weight itself: small steps become visible.")
        self.since_start.toggled.connect(self._redraw_weights)
        self.maps_caption = ElidedLabel(
            "A column is one hidden unit in every map · blue < 0 < red · mask: grey blocked, "
            "blue passes, vermillion dead")
        options = QHBoxLayout()
        options.addWidget(self.since_start)
        options.addWidget(self.maps_caption, 1)

        self.grid = WrappingPlotGrid(MAP_WIDTH, MAP_HEIGHT)
        signed = theme.diverging_colormap()
        make_plot = self.grid.graphics.ci.addPlot
        plots = [make_plot() for _ in range(6)]
        for plot in plots[1:]:
            plot.setXLink(plots[0])  # every map's columns are the same hidden units
        self.w1 = HeatMap(plots[0], "w1", "input", signed)
        self.w2 = HeatMap(plots[1], "w2ᵀ", "output", signed)
        self.grad_w1 = HeatMap(plots[2], "∂loss/∂w1", "input", signed)
        self.grad_w2 = HeatMap(plots[3], "(∂loss/∂w2)ᵀ", "output", signed)
        self.h = HeatMap(plots[4], "h = x·w1", "example", signed)
        self.mask = HeatMap(plots[5], "ReLU mask", "example", lut=MASK_COLOURS)
        self.mask.title.set_tip("grey: blocked for this example, blue: passes, "
                                             "vermillion column: blocked for every example (dead)")
        self.maps = (self.w1, self.grad_w1, self.h, self.w2, self.grad_w2, self.mask)
        for pair in ((self.w1, self.w2), (self.grad_w1, self.grad_w2), (self.h, self.mask)):
            self.grid.add_group(*(m.plot for m in pair))

        # Heights by stretch alone (the plots' own size hints would give the loss most of it).
        self.loss_plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.loss_plot.setMinimumHeight(120)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top, 2)
        layout.addLayout(options)
        layout.addWidget(self.grid, 5)
        self._scene: TwoLayerScene | None = None
        self._frame: TwoLayerFrame | None = None
        self._hidden = -1
        self._dead_colour = theme.FOREGROUND
        self._zoom = 1.0
        self._readout_zoom = 0.0
        self.set_zoom(1.0)
        self.clear()

    def _build_readouts(self) -> None:
        self.check_title = ElidedLabel("manual vs autograd")
        self.check_value = ElidedLabel("—")
        self.check_verdict = ElidedLabel("")
        self.check_worst = ElidedLabel("")
        self.dead_title = ElidedLabel("dead hidden units")
        self.dead_value = ElidedLabel("")
        self.check_value.setObjectName("gradCheck")
        self.readouts = (self.check_title, self.check_value, self.check_verdict, self.check_worst,
                         self.dead_title, self.dead_value)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addStretch(1)
        for label in self.readouts:
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            if label is self.dead_title:
                column.addSpacing(10)
            column.addWidget(label)
        column.addStretch(1)
        self.readout_box = QWidget()
        self.readout_box.setLayout(column)

    # -- drawing ----------------------------------------------------------------------------------
    def set_scene(self, scene: TwoLayerScene) -> None:
        self._scene = scene

    def clear(self) -> None:
        self.loss_plot.clear_history()
        for heat_map in self.maps:
            heat_map.clear()
        self._frame = None
        self._hidden = -1
        self.check_value.setText("—")
        for label in (self.check_verdict, self.check_worst, self.dead_value):
            label.setText("")

    def show_snapshot(self, snapshot) -> None:
        frame: TwoLayerFrame = snapshot.frame
        self._frame = frame
        self.loss_plot.append(snapshot)
        self._redraw_weights()
        self.grad_w1.show(frame.grad_w1)
        self.grad_w2.show(frame.grad_w2.T)
        self.h.show(frame.h)
        mask = relu_mask(frame.h)
        hidden = mask.shape[1]
        self.mask.show(mask, levels=(0, 2), title=f"ReLU mask   {frame.dead_units} dead")
        if hidden != self._hidden:  # new sizes: show every column
            self._hidden = hidden
            for heat_map in self.maps:  # each one: the link alone left the others at 0..1
                heat_map.plot.setXRange(-0.5, hidden - 0.5, padding=0)
        self._show_check(frame, snapshot.step)
        dead = frame.dead_units
        self._set_dead_colour(theme.PALETTE["red"] if dead else theme.FOREGROUND)
        self.dead_value.setText(f"{dead} / {hidden}  ({100 * frame.dead_fraction:.0f} %)")

    def _redraw_weights(self) -> None:
        frame, scene = self._frame, self._scene
        if frame is None:
            return
        w1, w2 = frame.w1, frame.w2
        moved = self.since_start.isChecked() and scene is not None \
            and scene.w1_start.shape == w1.shape and scene.w2_start.shape == w2.shape
        if moved:
            with np.errstate(all="ignore"):
                w1, w2 = w1 - scene.w1_start, w2 - scene.w2_start
        self.w1.show(w1, title=_weight_title("w1", w1, moved))
        self.w2.show(w2.T, title=_weight_title("w2ᵀ", w2.T, moved))

    def _show_check(self, frame: TwoLayerFrame, step: int) -> None:
        if not isinstance(frame, CheckedFrame):
            self.check_value.setText("—")
            self.check_verdict.setText("autograd only here")
            self.check_worst.setText("the manual rung compares")
            return
        value, worst = frame.grad_check, frame.grad_check_worst
        self.check_value.setText(check_text(value))
        self.check_verdict.setText(verdict(value) if step else "no step yet")
        self.check_worst.setText("" if math.isnan(worst) else f"worst so far: {check_text(worst)}")

    # -- size and zoom ----------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_readouts()

    def _fit_readouts(self) -> None:
        """Readouts at the zoom's size while they fit their share of the view; smaller, down to
        MIN_FIT of it, when the view is narrow or short (then long lines elide)."""
        zoom = self._zoom
        wanted_width = READOUT_WIDTH * zoom
        room_width = max(60.0, self.width() * READOUT_SHARE)
        room_height = max(60.0, self.height() * TOP_SHARE)
        fit = max(MIN_FIT, min(1.0, room_width / wanted_width,
                               room_height / self._readouts_height(zoom)))
        self.readout_box.setFixedWidth(round(min(wanted_width, room_width)))
        points = round(zoom * fit, 2)
        if points != self._readout_zoom:
            self._readout_zoom = points
            self._set_readout_fonts(points)

    def _readout_fonts(self, factor: float) -> dict:
        small = _font(READOUT_PT * factor)
        return {self.check_title: small, self.check_value: _font(CHECK_PT * factor, True, True),
                self.check_verdict: small, self.check_worst: small, self.dead_title: small,
                self.dead_value: _font(READOUT_PT * factor, bold=True)}

    def _readouts_height(self, factor: float) -> float:
        lines = sum(QFontMetrics(font).height() for font in self._readout_fonts(factor).values())
        return lines + (10 + 2 * len(self.readouts)) * factor + 12

    def _set_readout_fonts(self, factor: float) -> None:
        for label, font in self._readout_fonts(factor).items():
            label.setFont(font)

    def set_zoom(self, factor: float) -> None:
        self._zoom = factor
        self._readout_zoom = 0.0
        self._fit_readouts()
        self.check_worst.setStyleSheet("color: #555;")
        for widget in (self.since_start, self.maps_caption):
            widget.setFont(_font(SMALL_PT * factor))
        for heat_map in self.maps:
            heat_map.set_zoom(factor)
        self.loss_title.set_zoom(factor)
        self.loss_plot.setLabel("bottom", "step", **{"font-size": f"{SMALL_PT * factor:.0f}pt"})
        self.grid.set_zoom(factor)

    def _set_dead_colour(self, colour: str) -> None:
        # A style sheet is re-parsed on every call: set it only when it changes.
        if colour != self._dead_colour:
            self._dead_colour = colour
            for label in (self.dead_title, self.dead_value):
                label.setStyleSheet(f"color: {colour};")


def _font(points: float, bold: bool = False, mono: bool = False) -> QFont:
    font = QFont("monospace") if mono else QFont()
    if mono:
        font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _weight_title(name: str, values: np.ndarray, moved: bool) -> str:
    """``w1   1000×100``, or with the size of the change (tiny at first): ``w1 − w1₀   ±3.2e-05``."""
    rows, cols = values.shape
    if not moved:
        return f"{name}   {rows}×{cols}"
    finite = values[np.isfinite(values)]
    scale = float(np.abs(finite).max()) if finite.size else math.nan
    return f"{name} − {name}₀   " + ("no change yet" if scale == 0 else f"±{scale:.2g}")


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
        return "identical, bit for bit"
    if value < AGREE:
        return "they agree (rounding only)"
    if value < BUG:
        return "close: rounding, or a small slip?"
    return "they disagree: a bug in the backward"


VIEW = TwoLayerNetView
