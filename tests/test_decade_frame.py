"""A loss plot labels the decades at both ends of its range: a loss that stays within one decade
still reads as a number, at 100 % and at a projector's 200 %."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from core.snapshot import Snapshot
from gui.plot_views import decade_labels
from gui.widgets.loss_plot import LossPlot
from gui.widgets.plot_zoom import zoom_plots


def losses_between(low: float, high: float, steps: int = 50) -> Snapshot:
    values = np.geomspace(high, low, steps)
    return Snapshot(step=steps, steps=1000, loss=float(values[-1]), lr=1e-3, history_start=0,
                    history={"loss": values}, frame=None)


@pytest.fixture
def labels(monkeypatch):
    """The left axis's labels as last drawn."""
    drawn = {}
    original = pg.AxisItem.drawPicture

    def spy(axis, painter, axis_spec, tick_specs, text_specs):
        if axis.orientation == "left":
            drawn["left"] = [text for *_, text in text_specs]
        original(axis, painter, axis_spec, tick_specs, text_specs)

    monkeypatch.setattr(pg.AxisItem, "drawPicture", spy)
    return drawn


@pytest.mark.parametrize("zoom", [1.0, 2.0])
@pytest.mark.parametrize("low, high, ends", [(2e4, 9e4, ("10⁴", "10⁵")), (20.0, 900.0, ("10¹", "10³"))])
def test_the_decades_at_both_ends_are_labelled(qtbot, labels, zoom, low, high, ends):
    box = QWidget()  # as in a tab: the plot inside a lesson's view, labelled on decades only
    qtbot.addWidget(box)
    plot = LossPlot("Loss")
    QVBoxLayout(box).addWidget(plot)
    decade_labels(plot.getAxis("left"))
    zoom_plots(box, zoom)
    box.resize(600, 260)
    box.show()
    qtbot.waitExposed(box)
    plot.append(losses_between(low, high))
    for _ in range(3):
        QApplication.processEvents()
        box.grab()
    for end in ends:
        assert end in labels["left"], f"{end} missing from {labels['left']}"


def test_the_ends_stay_labelled_when_the_plot_shrinks(qtbot, labels):
    box = QWidget()
    qtbot.addWidget(box)
    plot = LossPlot("Loss")
    QVBoxLayout(box).addWidget(plot)
    decade_labels(plot.getAxis("left"))
    zoom_plots(box, 2.0)
    box.resize(600, 400)
    box.show()
    qtbot.waitExposed(box)
    plot.append(losses_between(2e4, 9e4))
    box.resize(600, 170)  # the window made smaller: the room for labels is taken again
    for _ in range(3):
        QApplication.processEvents()
        box.grab()
    assert {"10⁴", "10⁵"} <= set(labels["left"]), labels["left"]
