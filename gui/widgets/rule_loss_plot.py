"""A loss plot whose curves are a loss and its rules: each rule in its own colour and dash, the
names in a legend that follows the zoom, and labels on whole decades only (a loss that stalls
within two decades otherwise gets a pile of overlapping minor labels)."""

from __future__ import annotations

import pyqtgraph as pg

from gui.widgets.loss_plot import LossPlot
from gui.widgets.rule_colours import rule_pen

LEGEND_PT = 9


class DecadeAxis(pg.AxisItem):
    """A log axis that labels 1, 10, 100 ... and leaves the ticks between them bare."""

    def logTickStrings(self, values, scale, spacing):
        strings = super().logTickStrings(values, scale, spacing)
        return [text if abs(v - round(v)) < 1e-6 else "" for v, text in zip(values, strings)]


class RuleLossPlot(LossPlot):
    def __init__(self, title: str = "Loss", parent=None) -> None:
        super().__init__(title, parent)
        axis = DecadeAxis("left")
        self.plotItem.setAxisItems({"left": axis})
        # The plot's log mode and grid were set before this axis came: give them to it too.
        axis.setLogMode(False, True)
        axis.setGrid(int(0.25 * 255))
        self._legend_pt = LEGEND_PT

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
        self.set_zoom(self._legend_pt / LEGEND_PT)
