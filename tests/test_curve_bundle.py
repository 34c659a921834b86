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
