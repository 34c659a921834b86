"""A matrix as a heat map: rows down, columns across, a colour bar, a title that never overflows.

Signed values get symmetric levels around 0 (white): the data's largest magnitude rounded up to 1,
2 or 5 times a power of ten, shown on the colour bar. Rounded, the scale (and the colours of
cells whose values stay put) holds still from one frame to the next while the weights drift, and
the colour bar's labels are redrawn only when the scale steps. ``setImage`` runs with
``autoLevels=False`` so the scale is never searched for. A categorical map (a lookup table of a
few colours) has no colour bar.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from gui.widgets.plot_title import ElidedTitle

LABEL_PT = 10
BAR_WIDTH = 14  # px at zoom 1
SMALL = 6  # up to this many rows or columns, every index gets a tick


class HeatMap:
    """One ``PlotItem`` holding one image; ``colour_map`` None means categorical (``lut`` given)."""

    def __init__(self, plot: pg.PlotItem, name: str, rows: str,
                 colour_map: pg.ColorMap | None = None, lut: np.ndarray | None = None) -> None:
        self.plot = plot
        self.name = name
        self.rows = rows
        self.image = pg.ImageItem(axisOrder="row-major")
        plot.addItem(self.image)
        plot.invertY(True)  # row 0 at the top, as a matrix is written
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)  # a stray wheel must not zoom a matrix away
        plot.hideButtons()
        self.bar: pg.ColorBarItem | None = None
        if colour_map is not None:
            self.bar = plot.addColorBar(self.image, colorMap=colour_map, values=(-1.0, 1.0),
                                        interactive=False, width=BAR_WIDTH, colorMapMenu=False)
        elif lut is not None:
            self.image.setLookupTable(lut)
        self.title = ElidedTitle(plot, name)
        self._shape: tuple[int, ...] = ()
        self.set_zoom(1.0)

    def show(self, values: np.ndarray, levels: tuple[float, float] | None = None,
             title: str | None = None) -> None:
        """Draw ``values``; signed levels from the data unless ``levels`` is given."""
        values = np.asarray(values)
        finite = np.isfinite(values)
        if not finite.all():  # a diverged run: draw what is finite, leave the rest blank
            values = np.where(finite, values, np.nan)
        rows, cols = values.shape
        title = title if title is not None else f"{self.name}   {rows}×{cols}"
        if levels is None:
            scale = float(np.abs(values[finite]).max()) if finite.any() else 0.0
            bound = nice_ceiling(scale) if scale > 0 else 1.0
            levels = (-bound, bound)
            if not finite.all():
                title += "   inf/NaN"
            elif scale == 0:
                title += "   all 0"  # the colour bar's ±1 is only a placeholder then
        self.image.setImage(values, autoLevels=False, levels=levels)
        if self.bar is not None and tuple(self.bar.levels()) != tuple(levels):
            self.bar.setLevels(levels)
        if values.shape != self._shape:
            self._shape = values.shape
            self.image.setRect(-0.5, -0.5, cols, rows)  # cell (i, j) centred on (j, i)
            self.plot.getAxis("left").setTicks(_index_ticks(rows))
            self.plot.getAxis("bottom").setTicks(_index_ticks(cols))
            self.plot.setYRange(-0.5, rows - 0.5, padding=0)
        self.title.set_text(title)

    def set_zoom(self, factor: float) -> None:
        self.plot.setLabel("left", self.rows, **{"font-size": f"{LABEL_PT * factor:.0f}pt"})
        self.title.set_zoom(factor)

    def clear(self) -> None:
        self.image.clear()
        self._shape = ()
        self.title.set_text(self.name)


def _index_ticks(count: int) -> list | None:
    """Whole-number ticks on the cells of a small matrix; pyqtgraph's own ticks for a large one."""
    return [[(i, str(i)) for i in range(count)]] if count <= SMALL else None


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2 or 5 times a power of ten that is at least ``value`` (> 0)."""
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 5.0, 10.0):
        if step * power >= value * (1 - 1e-12):
            return step * power
    return 10.0 * power
