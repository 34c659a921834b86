"""Paint pyqtgraph axes, and items that stay put, from pixmaps of themselves (and the plain
background without one).

With a grid, each axis item spans the whole plot, so every curve update replayed the axes' whole
drawings (pyqtgraph keeps them as QPictures; replaying the text is slow): most of a frame's
painting. Qt's own item cache (DeviceCoordinateCache) helped while a tab stayed on screen, but it
was thrown away each time the tab was hidden, so every tab switch replayed every axis (3-4 ms
each). Here each axis keeps its own pixmap, redrawn only when pyqtgraph redraws the axis (a new
range, ticks or style) or the plot moves on screen.

An axis also keeps its last few drawings by range: a Reset takes the loss plot back to the range
of a new run's first steps, and the view returns to ranges it showed moments ago (two of the loss
axes' three drawings per Reset were of a range drawn before).
"""

from __future__ import annotations

import types
from collections import OrderedDict

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QWidget

from gui.widgets.tick_labels import labels_apart

KEPT_RANGES = 3  # per axis: a Reset's first range and the decades a falling loss passes through
# Pixmaps of kept drawings, across the window: a picture is a few kB, but with a grid an axis's
# pixmap is as large as its plot (~0.7 MB). Beyond these, a kept picture is replayed into a new one.
KEPT_PIXMAPS = 6
_kept_pixmaps: OrderedDict[int, list] = OrderedDict()  # id(entry): [picture, pixmap entry]


class _RangeMoved:
    """Stands for an axis's picture after its range alone changed. pyqtgraph drops the picture
    (sets None) on every change; any change other than the range sets None over this one, and the
    drawings kept for earlier ranges are then thrown away."""


RANGE_MOVED = _RangeMoved()


def cache_axes(root: QWidget) -> None:
    for view in root.findChildren(pg.GraphicsView):
        # pyqtgraph keeps each view's plain background as a pixmap the size of the view (~1.5 MB
        # a plot, 22 MB over the lessons); filling it afresh costs no more than copying it.
        view.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        for item in view.scene().items():
            if isinstance(item, pg.AxisItem) and "paint" not in vars(item):
                item.paint = types.MethodType(_paint_from_pixmap, item)  # this axis only
                item.drawPicture = types.MethodType(_draw_axis, item)
                item.setRange = types.MethodType(_set_range, item)
                item._kept = {}  # (range, bounds) -> [picture, pixmap entry or None] drawn for it


def _draw_axis(axis: pg.AxisItem, painter: QPainter, axis_spec, tick_specs, text_specs):
    """pyqtgraph's drawing of the axis, with its faint grid lines antialiased and no two tick
    labels overlapping (gui.widgets.tick_labels).

    Qt draws a line that is both translucent and aliased pixel by pixel: the 72 grid lines of a
    log axis took 9-18 ms to draw, antialiased about 2 ms (and a range change redraws them)."""
    text_specs = labels_apart(text_specs, vertical=axis.orientation in ("left", "right"))
    faint = [spec for spec in tick_specs if spec[0].color().alpha() < 255]
    if faint:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for pen, start, end in faint:
            painter.setPen(pen)
            painter.drawLine(start, end)
        painter.restore()
    solid = [spec for spec in tick_specs if spec[0].color().alpha() == 255]
    type(axis).drawPicture(axis, painter, axis_spec, solid, text_specs)


def _set_range(axis: pg.AxisItem, low: float, high: float) -> None:
    shown = axis.picture
    if shown is None:
        axis._kept.clear()  # something besides the range changed since the last drawing
    elif shown is not RANGE_MOVED:
        _keep(axis, shown)
    type(axis).setRange(axis, low, high)  # drops the picture
    if axis.picture is None:
        axis.picture = RANGE_MOVED


def _keep(axis: pg.AxisItem, picture) -> None:
    drawn_as = getattr(axis, "_drawn_as", None)
    if drawn_as is None or drawn_as[0] is not picture:
        return
    cached = getattr(axis, "_pixmap", None)
    entry = [picture, cached if cached is not None and cached[0] is picture else None]
    axis._kept.pop(drawn_as[1], None)
    axis._kept[drawn_as[1]] = entry
    while len(axis._kept) > KEPT_RANGES:
        del axis._kept[next(iter(axis._kept))]  # the oldest
    if entry[1] is not None:
        _kept_pixmaps[id(entry)] = entry
        while len(_kept_pixmaps) > KEPT_PIXMAPS:
            _, oldest = _kept_pixmaps.popitem(last=False)
            oldest[1] = None


def _take_kept(axis: pg.AxisItem) -> None:
    """Bring back the drawing of the axis's range and place if it has one, else have it redrawn."""
    picture = axis.picture
    if picture is None:
        axis._kept.clear()
    elif picture is RANGE_MOVED:
        place = _place(axis)
        kept = axis._kept.get(place)
        axis.picture = None if kept is None else kept[0]
        if kept is not None:
            axis._drawn_as = (kept[0], place)
            _kept_pixmaps.pop(id(kept), None)  # the axis's own again
            if kept[1] is not None:
                axis._pixmap = kept[1]


def _paint_from_pixmap(axis: pg.AxisItem, painter: QPainter, option, widget) -> None:
    _take_kept(axis)
    if axis.picture is None:
        axis._drawn_as = None
    if not isinstance(painter.device(), QWidget):  # an export (SVG, printer): vectors, not pixels
        type(axis).paint(axis, painter, option, widget)
        _note_drawn(axis)
        return
    device = painter.worldTransform()
    ratio = painter.device().devicePixelRatioF()
    cached = getattr(axis, "_pixmap", None)
    where = (device, axis.boundingRect(), ratio)
    if axis.picture is None or cached is None or cached[0] is not axis.picture or cached[1] != where:
        target = device.mapRect(axis.boundingRect()).toAlignedRect().adjusted(-1, -1, 1, 1)
        pixmap = QPixmap(max(1, round(target.width() * ratio)), max(1, round(target.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        inner = QPainter(pixmap)
        inner.setRenderHints(painter.renderHints())
        inner.setTransform(device * QTransform.fromTranslate(-target.x(), -target.y()))
        type(axis).paint(axis, inner, option, widget)  # pyqtgraph's own: makes axis.picture
        inner.end()
        cached = axis._pixmap = (axis.picture, where, pixmap, QPointF(target.topLeft()))
        _note_drawn(axis)
    painter.save()
    painter.resetTransform()
    painter.drawPixmap(cached[3], cached[2])
    painter.restore()


def _note_drawn(axis: pg.AxisItem) -> None:
    if getattr(axis, "_drawn_as", None) is None and axis.picture is not None:
        axis._drawn_as = (axis.picture, _place(axis))


def _place(axis: pg.AxisItem) -> tuple:
    """What a drawing depends on besides what pyqtgraph drops its picture for: the range, and the
    axis's extent (with a grid, the whole plot's)."""
    return tuple(float(end) for end in axis.range), axis.boundingRect().getRect()


def cache_static(item) -> None:
    """Paint an item that stays put (a target curve, a ghost) from a pixmap of itself.

    A thick, antialiased or dashed line is stroked anew on every repaint of its plot (3-5 ms for
    sin-fit's dashed target), although it only changes when its plot's range does."""
    parts = [getattr(item, "curve", None), getattr(item, "scatter", None)]
    for part in [p for p in parts if p is not None] or [item]:
        part.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
