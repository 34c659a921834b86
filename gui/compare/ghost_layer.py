"""Ghosts on a lesson's plots: each one's loss curve, faded in its own colour, and the view's
own ghost picture (sin-fit: the earlier cubic) in its main plot; a small legend names them."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from core.compare import Ghost, GhostShelf
from gui import theme
from gui.widgets.peaks import peaks
from gui.widgets.plot_cache import cache_static

# Distinct from the live run's blue loss and orange model, and from each other.
COLOURS = ("#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8C564B", "#7F7F00", "#17BECF", "#9467BD")
FADE = 120  # alpha of a ghost's lines, of 255
TINY = 1e-300  # as the loss plot: a log axis cannot show 0
GHOST_POINTS = 2000  # a ghost's loss curve is drawn from at most this many (about 2 a pixel)


def colour(ghost: Ghost, alpha: int = 255) -> QColor:
    c = QColor(COLOURS[ghost.colour % len(COLOURS)])
    c.setAlpha(alpha)
    return c


def faded(ghost: Ghost) -> QColor:
    """The ghost's colour faded into the plots' background, opaque.

    An opaque, aliased pen lets pyqtgraph draw a thick curve as line segments; a translucent one
    is stroked as a path, which took most of a frame's painting with a few ghosts on screen."""
    ink, paper = colour(ghost), pg.mkColor(pg.getConfigOption("background"))
    share = FADE / 255
    return QColor.fromRgbF(*(share * a + (1 - share) * b for a, b in
                             zip(ink.getRgbF()[:3], paper.getRgbF()[:3])))


def ghost_pen(ghost: Ghost, width: float = 2.0):
    return pg.mkPen(faded(ghost), width=width)


def _aliased(item) -> None:
    for curve in (getattr(item, "curve", None), item):
        if isinstance(curve, pg.PlotCurveItem):
            curve.opts["antialias"] = False


class GhostLayer:
    """Draws the shelf's ghosts behind the live run in ``view``'s loss plot and main plot."""

    def __init__(self, view) -> None:
        self.view = view
        self.loss_plot = getattr(view, "loss_plot", None)
        self._items: dict[int, list[tuple[object, object]]] = {}  # id(ghost): (plot, item)
        self.legend = None
        if self.loss_plot is not None:
            # Top right, where falling loss curves leave room; readable over any curve.
            self.legend = pg.LegendItem(offset=(-10, 10), labelTextSize="9pt",
                                        brush=pg.mkBrush(255, 255, 255, 200))
            self.legend.setParentItem(self.loss_plot.getPlotItem().getViewBox())
            self.legend.hide()
        self._now_sample = pg.PlotDataItem(pen=pg.mkPen(theme.series_colour(0), width=3))
        self._legend_rows = None  # what the legend shows now: rebuilt only when it changes

    def add_curve(self, ghost: Ghost) -> None:
        """The ghost's loss curve (each plot it changes is repainted: the two can wait a turn
        apart)."""
        if self.loss_plot is None:
            return
        steps = np.arange(1, ghost.steps + 1, dtype=float)
        magnitude = np.abs(ghost.losses)
        shown = np.where(magnitude > 0, magnitude, TINY)
        # Thinned once: four 20,000-step ghosts redrawn in full held a repaint 20 ms.
        curve = pg.PlotDataItem(*peaks(steps, shown, GHOST_POINTS), pen=ghost_pen(ghost),
                                connect="finite", antialias=False)
        self._place(ghost, self.loss_plot.getPlotItem(), curve)
        curve.setClipToView(True)  # after adding: clipping needs the item's view box
        curve.setDownsampling(auto=True, method="peak")
        self.loss_plot.keep_in_view(id(ghost), ghost.losses)  # an earlier run lower down stays seen

    def add_picture(self, ghost: Ghost) -> None:
        """The view's own ghost picture (sin-fit: the earlier cubic) in its main plot."""
        main = self.view.main_plot()
        if main is None or ghost.scene is None or ghost.frame is None:
            return
        try:
            drawn = self.view.ghost_items(ghost.scene, ghost.frame, ghost_pen(ghost, 2.5))
        except Exception:  # a picture from another variant may not fit: the curve is enough
            drawn = []
        for item in drawn:
            self._place(ghost, main, item)

    def _place(self, ghost: Ghost, plot, item) -> None:
        _aliased(item)
        cache_static(item)  # a ghost never changes: painted from a pixmap of itself
        item.setZValue(-5)  # behind the live run
        plot.addItem(item)
        self._items.setdefault(id(ghost), []).append((plot, item))

    def remove(self, ghost: Ghost) -> None:
        for plot, item in self._items.pop(id(ghost), []):
            plot.removeItem(item)
        if self.loss_plot is not None:
            self.loss_plot.let_go(id(ghost))

    def curve(self, ghost: Ghost):
        """The ghost's loss curve item (None where the view has no loss plot)."""
        return self.curve_of(self._items.get(id(ghost), []))

    def curve_of(self, items):
        for plot, item in items:
            if self.loss_plot is not None and plot is self.loss_plot.getPlotItem():
                return item
        return None

    def relabel(self, shelf: GhostShelf, current) -> None:
        """Name every ghost by what differs from ``current``, and the live run by the same knobs."""
        if self.legend is None:
            return
        own = self.loss_plot.getPlotItem().legend  # the loss plot's own (its terms) holds the corner
        corner = (10, -10) if own is not None and own.isVisible() else (-10, 10)
        rows = []
        if len(shelf):
            now = shelf.current_label(current)
            rows.append((self._now_sample, f"now: {now}" if now else "now"))
            for ghost, text in zip(shelf.ghosts, shelf.labels(current)):
                item = self.curve(ghost)
                if item is not None:
                    rows.append((item, f"{'★ ' if ghost.pinned else ''}{text}"))
        if self._legend_rows is not None and _same_rows(self._legend_rows, (corner, rows)):
            return  # rebuilding the legend costs ~20 ms: only when what it says changed
        self._legend_rows = (corner, rows)
        self.legend.anchor(itemPos=_corner(corner), parentPos=_corner(corner), offset=corner)
        if not rows:
            self.legend.clear()
            self.legend.hide()
            return
        _fill(self.legend, rows)
        self.legend.show()

    def legend_texts(self) -> list[str]:
        if self.legend is None:
            return []
        return [label.text for _, label in self.legend.items]


def _fill(legend: pg.LegendItem, rows) -> None:
    """Show ``rows`` reusing the legend's rows in place: a new row (a label laid out from HTML)
    costs ~2 ms, and a new ghost changes every row's text but adds only one."""
    have = list(legend.items)
    for (sample, label), (item, text) in zip(have, rows):
        if sample.item is not item:
            sample.item = item
            sample.update()
        if label.text != text:
            label.setText(text)
    for sample, _label in have[len(rows):]:
        legend.removeItem(sample.item)
    for item, text in rows[len(have):]:
        legend.addItem(item, text)
    legend.updateSize()


def _same_rows(old, new) -> bool:
    """The same corner and the same items (by identity) with the same texts."""
    (old_corner, old_rows), (new_corner, new_rows) = old, new
    return old_corner == new_corner and len(old_rows) == len(new_rows) and all(
        a is b and s == t for (a, s), (b, t) in zip(old_rows, new_rows))


def _corner(offset: tuple[int, int]) -> tuple[int, int]:
    return (0 if offset[0] > 0 else 1, 0 if offset[1] > 0 else 1)
