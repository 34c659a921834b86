"""No two tick labels print over each other, however large the text and small the plot."""

import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui.widgets.plot_cache import cache_axes
from gui.widgets.tick_labels import GAP_PX, labels_apart


def spec(left: float, width: float, text: str):
    return (QRectF(left, 0, width, 12), 0, text)


def test_a_label_that_would_touch_the_last_one_kept_is_left_out():
    specs = [spec(0, 30, "0"), spec(20, 30, "200"), spec(40, 30, "400"), spec(60, 30, "600")]
    assert [text for *_, text in labels_apart(specs, vertical=False)] == ["0", "400"]


def test_labels_with_room_between_them_all_stay():
    specs = [spec(left, 20, str(left)) for left in (0, 20 + GAP_PX, 40 + 2 * GAP_PX)]
    assert len(labels_apart(specs, vertical=False)) == 3


def test_a_small_plot_with_projector_sized_ticks_draws_labels_apart(qtbot, monkeypatch):
    drawn = {}
    original = pg.AxisItem.drawPicture

    def spy(axis, painter, axis_spec, tick_specs, text_specs):
        drawn[axis.orientation] = [rect for rect, *_ in text_specs]
        original(axis, painter, axis_spec, tick_specs, text_specs)

    monkeypatch.setattr(pg.AxisItem, "drawPicture", spy)
    box = QWidget()  # as in a tab: the plot inside a window
    qtbot.addWidget(box)
    plot = pg.PlotWidget()
    QVBoxLayout(box).addWidget(plot)
    box.resize(190, 170)
    big = QFont()
    big.setPointSizeF(20)  # 200 % of the app's tick size
    for name in ("bottom", "left"):
        plot.getAxis(name).setStyle(tickFont=big)
    plot.setXRange(0, 1000, padding=0)
    plot.setYRange(0, 1, padding=0)
    cache_axes(box)
    box.show()
    qtbot.waitExposed(box)
    qtbot.waitUntil(lambda: len(drawn.get("bottom", [])) >= 1 and len(drawn.get("left", [])) >= 2)
    for name, rects in drawn.items():
        for one, other in zip(rects, rects[1:]):
            assert not one.intersects(other), f"{name} axis: labels overlap"
