"""Cross-product's view: the n slices ε[i] as heat maps (the Levi-Civita slices beside them for
n = 3), the loss with each rule as its own curve, a check on a fixed pair a, b, and a headline that
says what was found. While a run searches it only says "not found yet", for every n alike; why some
n never get there is told when the run has ended."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from core.lesson import Lesson
from core.lessons.cross_product import (
    EXISTS, AgainstRules, AgainstTruth, CrossFrame, CrossScene, found)
from gui import theme
from gui.lessons.base import LessonView
from gui.widgets.wrapped_fit_label import WrappedFitLabel
from gui.widgets.product_check import ProductCheck
from gui.widgets.rule_colours import learned_colour
from gui.widgets.rule_loss_plot import RuleLossPlot
from gui.widgets.slice_maps import SliceMaps

HEADLINE_PT = 17
GOOD, BAD, NEUTRAL = theme.PALETTE["green"], theme.PALETTE["red"], "palette(window-text)"
START = "ε starts as random numbers: press Start"
TINY = 1e-300  # as the loss plot: a log axis cannot show 0


class CrossProductView(LessonView):
    def __init__(self, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(lesson, parent)
        self._zoom = 1.0
        self._colour = NEUTRAL
        self._scene: CrossScene | None = None
        self._pair = ""
        self.headline = WrappedFitLabel(START, HEADLINE_PT)
        self.headline.setStyleSheet(self._headline_style())
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.maps = SliceMaps()
        self.loss_plot = RuleLossPlot("Loss")  # the legend names the rules
        self.check = ProductCheck()
        bottom = QHBoxLayout()
        bottom.addWidget(self.loss_plot, 1)
        bottom.addWidget(self.check, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.headline)
        layout.addWidget(self.maps, 5)
        layout.addLayout(bottom, 4)
        self.set_zoom(1.0)

    # -- the tab's calls --------------------------------------------------------------------------
    def set_scene(self, scene: CrossScene) -> None:
        self._scene = scene
        n = scene.dim
        names = [f"ε[{i}]" for i in range(n)]
        names += [f"Levi-Civita [{i}]" for i in range(len(scene.levi_civita))]
        self.maps.set_slices(n, names)
        self.check.set_pair(n, has_truth=scene.levi_civita.size > 0)
        self._pair = f"a = {_vector(scene.a)}, b = {_vector(scene.b)}"
        self.check.plot.setToolTip(f"a × b for the fixed pair {self._pair}; the true one "
                                   f"(n = 3 only) from torch.linalg.cross")

    def clear(self) -> None:
        self._scene = None
        self.maps.forget()
        self.check.clear()
        self._set_headline(START, NEUTRAL)
        self.loss_plot.clear_history()

    def show_snapshot(self, snapshot) -> None:
        frame: CrossFrame = snapshot.frame
        if self._scene is None or frame is None:
            return
        self.maps.draw(frame.eps, self._scene.levi_civita if self._scene.levi_civita.size else None)
        self._show_check(frame)
        text, colour = headline(self._scene.dim, frame, snapshot)
        self._set_headline(text, colour)
        self.loss_plot.append(snapshot)

    def set_zoom(self, factor: float) -> None:
        self._zoom = factor
        self.headline.set_point_size(HEADLINE_PT * factor)
        self.maps.set_zoom(factor)
        self.check.set_zoom(factor)
        self.loss_plot.set_zoom(factor)

    def main_plot(self):
        return self.loss_plot.getPlotItem()

    def ghost_items(self, scene, frame, pen) -> list:
        """A finished run's final loss as a marker at its last step (its curve is drawn already)."""
        loss = frame.loss if frame.loss > 0 else TINY
        return [pg.PlotDataItem([float(frame.step)], [loss], pen=None, symbol="o", symbolSize=12,
                                symbolPen=pen, symbolBrush=pen.color())]

    # -- readouts ---------------------------------------------------------------------------------
    def _show_check(self, frame: CrossFrame) -> None:
        check = frame.check
        if isinstance(check, AgainstTruth):
            self.check.show_bars(check.learned, check.true)
            error = float(np.abs(check.learned - check.true).max())
            self.check.show_lines([self._pair,
                                   f"learned {_vector(check.learned, 1)}",
                                   f"true {_vector(check.true)}",
                                   f"largest difference {error:.1e}"],
                                  colours={1: learned_colour(), 2: theme.TARGET})
        elif isinstance(check, AgainstRules):
            self.check.show_bars(check.learned, None)
            # No single true product for n ≠ 3: test the rules on this pair instead.
            self.check.show_lines([f"a · (a × b) = {_signed(check.a_dot)}",
                                   f"b · (a × b) = {_signed(check.b_dot)}",
                                   f"|a × b|² = {check.length2:.6g}",
                                   f"|a|²|b|² − (a·b)² = {check.lagrange:.6g}"])

    def _set_headline(self, text: str, colour: str) -> None:
        if text != self.headline.text():
            self.headline.setText(text)
        if colour != self._colour:  # a style sheet costs a re-polish: only when it changes
            self._colour = colour
            self.headline.setStyleSheet(self._headline_style())

    def _headline_style(self) -> str:
        return f"color: {self._colour}; padding: 4px 6px;"


def headline(n: int, frame: CrossFrame, snapshot) -> tuple[str, str]:
    """What the run has found, and its colour. Mid-run the same words for every n; the reason a
    product cannot exist is given only once the run has ended."""
    residual = frame.residual
    ended = snapshot.step >= snapshot.steps or snapshot.diverged_at is not None
    if snapshot.diverged_at is not None:
        return f"n = {n}: the loss blew up at step {snapshot.diverged_at}: try a smaller learning rate", BAD
    if snapshot.step == 0:
        return f"n = {n}: {START}", NEUTRAL
    if frame.handedness is not None and frame.handedness.sign:
        if frame.handedness.sign > 0:
            return "found: ε = +Levi-Civita, e₁ × e₂ = +e₃ (right-handed)", GOOD
        return "found: ε = −Levi-Civita, e₁ × e₂ = −e₃ (left-handed)", BAD
    if found(residual):
        if n == 3:
            return f"found a 3-D cross product (residual {residual:.0e})", GOOD
        return (f"found: a {n}-D cross product (residual {residual:.0e})" + (
            ". Only n = 3 and n = 7 have one." if ended else ""), GOOD)
    if not ended:
        return f"n = {n}: not found yet (residual {residual:.2g})", NEUTRAL
    if n in EXISTS:
        return (f"n = {n}: not found in {snapshot.steps} steps (residual {residual:.2g}), though "
                f"one exists: try more steps or another seed"), NEUTRAL
    return (f"n = {n}: none found, and none exists: a cross product exists only for n = 3 and "
            f"n = 7 (residual {residual:.2g})"), BAD


def _signed(value: float) -> str:
    return f"{value:+.1e}".replace("-", "−")


def _vector(values: np.ndarray, decimals: int = 0) -> str:
    return "(" + ", ".join(_number(v, decimals) for v in values) + ")"


def _number(value: float, decimals: int) -> str:
    if not math.isfinite(value):
        return str(value)
    text = f"{value:.{decimals}f}"
    return "0" if float(text) == 0 and decimals == 0 else text.replace("-", "−")


VIEW = CrossProductView
