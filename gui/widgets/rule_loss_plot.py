"""A loss plot whose curves are a loss and its rules: each rule in its own colour and dash."""

from __future__ import annotations

import pyqtgraph as pg

from gui.widgets.loss_plot import LossPlot
from gui.widgets.rule_colours import rule_pen


LEGEND_PT = 9


class RuleLossPlot(LossPlot):
    def set_zoom(self, factor: float) -> None:
        """The legend's names follow the zoom (ticks and title are zoomed by the tab)."""
        self._legend_pt = LEGEND_PT * factor
        legend = self.plotItem.legend
        background = pg.mkColor(pg.getConfigOption("background"))
        background.setAlpha(170)  # the curves stay visible behind the names
        legend.setBrush(pg.mkBrush(background))
        legend.setLabelTextSize(f"{self._legend_pt:.0f}pt")
        for _, label in legend.items:
            label.setText(label.text, size=f"{self._legend_pt:.0f}pt")

    def _start(self, names: tuple[str, ...]) -> None:
        super()._start(names)
        for name, curve in self._curves.items():
            curve.setPen(rule_pen(name))
        self.set_zoom(getattr(self, "_legend_pt", LEGEND_PT) / LEGEND_PT)
