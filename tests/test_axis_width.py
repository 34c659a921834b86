"""A plot's side axis keeps its room for labels when the labels narrow, so the plot does not jump
sideways as the loss falls (and a new range redraws its axes once, not twice); the zoom still
measures that room afresh."""

from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from gui.widgets.loss_plot import LossPlot
from gui.widgets.plot_zoom import zoom_plots

# The loss falling through decades: "0.001" to "10", then "10³" and "10⁴", then one decade only.
DECADES = [(-3, 1), (2, 5), (3, 5), (4, 5)]


def drawn(plot) -> None:
    for _ in range(2):  # a drawing measures the labels; a second shows any new width
        plot.grab()
        QApplication.processEvents()


def shown_plot(qtbot) -> LossPlot:
    box = QWidget()  # as in a tab: the plot inside a lesson's view
    qtbot.addWidget(box)
    plot = LossPlot("Loss")
    QVBoxLayout(box).addWidget(plot)
    zoom_plots(box, 1.0)  # as every lesson tab does
    box.resize(600, 240)
    box.show()
    qtbot.waitExposed(box)
    plot.box = box
    return plot


def test_the_loss_axis_keeps_its_width_as_the_labels_narrow(qtbot):
    plot = shown_plot(qtbot)
    axis, box = plot.getAxis("left"), plot.getPlotItem().getViewBox()
    widths, boxes = [], []
    for low, high in DECADES:
        plot.setYRange(low, high, padding=0)
        drawn(plot)
        widths.append(axis.width())
        boxes.append(box.width())
    assert widths[0] > 0
    assert widths == [widths[0]] * len(widths), f"the axis changed width: {widths}"
    assert boxes == [boxes[0]] * len(boxes), f"the plot moved: {boxes}"


def test_zooming_measures_the_labels_afresh(qtbot):
    plot = shown_plot(qtbot)
    axis = plot.getAxis("left")
    plot.setYRange(-3, 1, padding=0)
    drawn(plot)
    normal = axis.width()
    zoom_plots(plot.box, 2.0)
    drawn(plot)
    assert axis.width() > normal * 1.5  # room for the larger labels
    zoom_plots(plot.box, 1.0)
    drawn(plot)
    assert abs(axis.width() - normal) < 1  # and given back at 100 %
