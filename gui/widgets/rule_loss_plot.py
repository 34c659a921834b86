"""A loss plot whose curves are a loss and its rules: each rule in its own colour and dash."""

from __future__ import annotations

from gui.widgets.loss_plot import LossPlot
from gui.widgets.rule_colours import rule_pen


class RuleLossPlot(LossPlot):
    def _start(self, names: tuple[str, ...]) -> None:
        super()._start(names)
        for name, curve in self._curves.items():
            curve.setPen(rule_pen(name))
