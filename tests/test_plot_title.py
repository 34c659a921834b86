"""A plot's title follows its plot: a new text (a count in it) never moves the plots."""

import pyqtgraph as pg
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from gui.widgets.plot_title import ElidedTitle


def test_a_new_title_text_moves_no_plot(qtbot):
    box = QWidget()  # as in the two-layer view: plots side by side in one layout
    qtbot.addWidget(box)
    layout = pg.GraphicsLayoutWidget()
    QVBoxLayout(box).addWidget(layout)
    plots = [layout.addPlot(row=0, col=col) for col in range(2)]
    titles = [ElidedTitle(plot, "ReLU mask 0 dead") for plot in plots]
    box.resize(700, 300)
    box.show()
    qtbot.waitExposed(box)
    for _ in range(3):  # drawn: the axes have measured their labels
        box.grab()
        QApplication.processEvents()
    before = [plot.getViewBox().sceneBoundingRect() for plot in plots]
    titles[0].set_text("ReLU mask 100 dead, and a longer title than before")
    titles[1].set_text("R")
    for _ in range(3):
        box.grab()
        QApplication.processEvents()
    after = [plot.getViewBox().sceneBoundingRect() for plot in plots]
    assert after == before
