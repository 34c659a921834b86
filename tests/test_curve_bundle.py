"""The sweep's bundle of curves: each row in its own pen, gaps where a value is not finite."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor


def test_each_row_is_drawn_in_its_pen_and_bounds_skip_what_is_not_finite(qtbot):
    from gui.widgets.curve_bundle import CurveBundle

    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.resize(300, 200)
    bundle = CurveBundle()
    plot.addItem(bundle)
    bundle.set_pens([pg.mkPen("#ff0000", width=3), pg.mkPen("#0000ff", width=3)])
    x = np.arange(5, dtype=float)
    bundle.set_data(x, np.array([[0, 1, np.nan, 3, 4], [4, 3, 2, np.inf, 0]], dtype=float))
    assert bundle.dataBounds(0) == (0.0, 4.0) and bundle.dataBounds(1) == (0.0, 4.0)
    plot.setRange(xRange=(0, 4), yRange=(0, 4))
    plot.show()
    qtbot.waitExposed(plot)
    image = plot.grab().toImage()
    colours = {image.pixelColor(i, j).name() for i in range(0, image.width(), 2)
               for j in range(0, image.height(), 2)}
    assert QColor("#ff0000").name() in colours and QColor("#0000ff").name() in colours
    bundle.set_data(np.zeros(0), np.zeros((2, 0)))
    assert bundle.dataBounds(1) == (None, None)  # nothing yet: no range to follow


def test_the_sweep_plots_end_on_the_last_report_even_right_after_an_earlier_one(qtbot):
    # The final-loss plot is drawn a few ms after the curves; a report overtaken by a later one
    # (here the last) must never be drawn over it.
    from core.sweep import SweepProgress
    from gui.compare.sweep_plots import FINALS_AFTER_MS, SweepPlots

    plots = SweepPlots()
    qtbot.addWidget(plots)
    lrs = np.array([1e-3, 1e-2, 1e-1])

    def report(step, losses, diverged, done):
        last = losses[:, -1] if losses.shape[1] else np.full(3, np.nan)
        return SweepProgress(lrs=lrs, step=step, steps=4, history_start=step - losses.shape[1],
                             losses=losses, diverged_at=np.array(diverged), done=done,
                             final_loss=np.where(np.array(diverged) > 0, np.nan, last))

    plots.begin(report(0, np.zeros((3, 0)), [0, 0, 0], False))
    early = report(2, np.array([[4.0, 3.0], [4.0, 2.0], [4.0, 9.0]]), [0, 0, 0], False)
    plots.take(early)
    plots.draw(early)
    last = report(4, np.array([[2.5, 2.0], [1.0, 0.5], [np.inf, np.inf]]), [0, 0, 3], True)
    plots.take(last)
    plots.draw(last)
    qtbot.wait(FINALS_AFTER_MS * 4)
    done, blown = plots.point_lrs()
    assert list(done) == [1e-3, 1e-2] and list(blown) == [1e-1]
