"""Sin-fit's view: sin(x) and the current model on one plot, the formula in large type, the loss."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from core.lesson import Lesson
from core.lessons.sin_fit import SinFitFrame, SinFitScene, formula
from gui import theme
from gui.lessons.base import LessonView
from gui.widgets.code_view import monospace_font
from gui.widgets.fit_line import FitLine
from gui.widgets.loss_plot import LossPlot
from gui.widgets.plot_cache import cache_static

FORMULA_PT = 20
SHOWN_EVERY = 5  # 400 of the 2000 points: as smooth on screen, and a fifth of the painting


class SinFitView(LessonView):
    def __init__(self, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(lesson, parent)
        self.fit_plot = pg.PlotWidget(title="sin(x) and the model")
        self.fit_plot.showGrid(x=True, y=True, alpha=0.25)
        self.fit_plot.setXRange(-math.pi, math.pi, padding=0.02)
        self.fit_plot.setYRange(-2.0, 2.0, padding=0)
        self.fit_plot.addLegend(offset=(10, 10))
        self.target = self.fit_plot.plot(name="sin(x)", pen=theme.pen(theme.TARGET, 3, dashed=True))
        cache_static(self.target)
        self.model = self.fit_plot.plot(name="model", pen=theme.pen("orange", 4))
        # A diverged formula is long: it shrinks, then elides; it never widens the window.
        self.formula = FitLine("y = …")
        self.formula.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.formula.setMargin(6)
        self.loss_plot = LossPlot("Loss (sum of squared errors)")
        self._legendre = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.fit_plot, 3)
        layout.addWidget(self.formula)
        layout.addWidget(self.loss_plot, 2)
        self.set_zoom(1.0)

    def set_scene(self, scene: SinFitScene) -> None:
        self._legendre = scene.legendre
        self.target.setData(scene.x[::SHOWN_EVERY], scene.target[::SHOWN_EVERY])
        self._x = scene.x[::SHOWN_EVERY]

    def clear(self) -> None:
        self.model.setData([], [])
        self.formula.setText("y = …")
        self.loss_plot.clear_history()

    def show_snapshot(self, snapshot) -> None:
        frame: SinFitFrame = snapshot.frame
        self.model.setData(self._x, frame.prediction[::SHOWN_EVERY])
        text = formula(frame.coefficients, self._legendre)
        self.formula.setText(text)
        self.loss_plot.append(snapshot)

    def main_plot(self):
        return self.fit_plot.getPlotItem()

    def ghost_items(self, scene, frame, pen) -> list:
        x = scene.x[::SHOWN_EVERY]
        return [pg.PlotDataItem(x, frame.prediction[::SHOWN_EVERY], pen=pen)]

    def set_zoom(self, factor: float) -> None:
        self.formula.set_base_font(monospace_font(FORMULA_PT * factor))


VIEW = SinFitView
