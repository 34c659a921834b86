"""An axis brought back to a range it showed a moment ago (a Reset's first decades) shows that
drawing again without redrawing it, and only while nothing else about the axis changed."""

import pyqtgraph as pg
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from gui.widgets.loss_plot import LossPlot
from gui.widgets.plot_cache import cache_axes
from gui.widgets.plot_zoom import zoom_plots

FIRST, LATER = (4, 5), (1, 5)  # sin-fit's first steps, and the decades it falls through


def shown(qtbot, monkeypatch):
    drawings = []
    original = pg.AxisItem.generateDrawSpecs

    def counted(axis, painter):
        if axis.orientation == "left":
            drawings.append(tuple(axis.range))
        return original(axis, painter)

    monkeypatch.setattr(pg.AxisItem, "generateDrawSpecs", counted)
    box = QWidget()  # as in a tab
    qtbot.addWidget(box)
    plot = LossPlot("Loss")
    QVBoxLayout(box).addWidget(plot)
    zoom_plots(box, 1.0)
    cache_axes(box)
    box.resize(600, 260)
    box.show()
    qtbot.waitExposed(box)
    plot.box = box
    return plot, drawings


def show_decades(plot, decades) -> None:
    plot.setYRange(*decades, padding=0)
    for _ in range(2):
        QApplication.processEvents()
        plot.repaint()


def test_a_range_shown_again_is_not_redrawn_and_looks_the_same(qtbot, monkeypatch):
    plot, drawings = shown(qtbot, monkeypatch)
    show_decades(plot, FIRST)
    first = plot.grab().toImage()
    show_decades(plot, LATER)
    assert plot.grab().toImage() != first  # the axis shows other decades
    drawings.clear()
    show_decades(plot, FIRST)
    assert drawings == [], "the left axis was drawn again for a range it had just shown"
    assert plot.grab().toImage() == first


def test_a_new_tick_size_redraws_a_range_shown_before(qtbot, monkeypatch):
    plot, drawings = shown(qtbot, monkeypatch)
    show_decades(plot, FIRST)
    show_decades(plot, LATER)
    big = QFont()
    big.setPointSizeF(20)
    plot.getAxis("left").setStyle(tickFont=big)
    drawings.clear()
    show_decades(plot, FIRST)
    assert drawings, "the axis brought back a drawing made with the old tick size"


def test_a_resized_plot_redraws_a_range_shown_before(qtbot, monkeypatch):
    plot, drawings = shown(qtbot, monkeypatch)
    show_decades(plot, FIRST)
    show_decades(plot, LATER)
    plot.box.resize(600, 360)  # the grid lines now span a taller plot
    QApplication.processEvents()
    drawings.clear()
    show_decades(plot, FIRST)
    assert drawings, "the axis brought back a drawing made for the smaller plot"


def test_kept_pixmaps_stay_few_however_many_plots_change_range(qtbot, monkeypatch):
    from gui.widgets import plot_cache

    plots = [shown(qtbot, monkeypatch)[0] for _ in range(4)]
    *_, drawings = shown(qtbot, monkeypatch)  # the spy that counts every plot's left axis
    for decades in (FIRST, LATER, (2, 5), FIRST):
        for plot in plots:
            show_decades(plot, decades)
    axes = [plot.getAxis(name) for plot in plots for name in ("left", "bottom")]
    kept = [entry for axis in axes for entry in axis._kept.values()]
    held = sum(entry[1] is not None for entry in kept)
    assert held <= plot_cache.KEPT_PIXMAPS < len(kept)  # a pixmap is ~as large as its plot
    drawings.clear()
    for plot in plots:
        show_decades(plot, LATER)  # kept as pictures: replayed, not measured afresh
    assert drawings == []
