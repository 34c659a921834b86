"""The loss over the whole run, on a log axis, one curve per recorded column (loss and its terms)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg

from core.history import History
from gui import theme
from gui.widgets.decade_frame import DecadeFrame

if TYPE_CHECKING:
    from core.snapshot import Snapshot

TINY = 1e-300  # a log axis cannot show 0; an exact zero is drawn at the bottom instead of vanishing


class LossPlot(pg.PlotWidget):
    """Appends each snapshot's history chunk to growing buffers and redraws with ``setData``.

    Clip-to-view and peak downsampling keep a million-step history cheap to draw.
    """

    def __init__(self, title: str = "Loss", parent=None) -> None:
        super().__init__(parent=parent, title=title)
        self.setLogMode(x=False, y=True)
        # Ranges move only when the data leaves them (x: the run's length, y: whole decades), so
        # the axes are not redrawn on every frame.
        self.plotItem.vb.disableAutoRange()
        self.plotItem.setMenuEnabled(False)
        self._decades = (0.0, 1.0)
        self._frame = DecadeFrame(self.plotItem)  # room for the labels of the end decades
        self._x_end = 1.0
        self.showGrid(x=True, y=True, alpha=0.25)
        self.setLabel("bottom", "step")
        self.addLegend(offset=(-10, 10))
        self._history: History | None = None  # the values as the run recorded them
        self._shown: History | None = None  # step numbers and |values|, zeros lifted to TINY
        self._range = (np.inf, -np.inf)  # smallest and largest finite positive loss so far
        self._steps = 1.0  # the run's length
        self._others: dict[object, tuple[float, float, int]] = {}  # framed too: low, high, steps
        self._curves: dict[str, pg.PlotDataItem] = {}

    @property
    def history(self) -> History | None:
        """Every recorded value of this run so far (for exporting), None before the first."""
        return self._history

    def clear_history(self) -> None:
        self._history = self._shown = None
        for curve in self._curves.values():
            curve.setData([], [])
        self._decades = (0.0, 1.0)
        self._x_end = 1.0
        self._range = (np.inf, -np.inf)

    def keep_in_view(self, key, losses: np.ndarray) -> None:
        """Frame these losses too (an earlier run's, drawn over this plot) until ``let_go(key)``."""
        magnitude = np.abs(np.asarray(losses, dtype=float))
        finite = magnitude[np.isfinite(magnitude) & (magnitude > 0)]
        if finite.size:
            self._others[key] = (float(finite.min()), float(finite.max()), len(magnitude))
            self._follow(self._steps)

    def let_go(self, key) -> None:
        if self._others.pop(key, None) is not None:
            self._follow(self._steps)

    def append(self, snapshot: Snapshot) -> None:
        names = tuple(snapshot.history)
        if self._history is None or self._history.names != names:
            self._start(names)
        if snapshot.history_start != len(self._history):
            # A gap or overlap means the run was replaced: start over from this chunk.
            self._history.clear()
            self._shown.clear()
            self._range = (np.inf, -np.inf)
            if snapshot.history_start != 0:
                return
        self._add(snapshot.history_start, snapshot.history)
        for name, curve in self._curves.items():
            curve.setData(self._shown.column("step"), self._shown.column(name), connect="finite")
        self._follow(snapshot.steps)

    def _add(self, start: int, chunk: dict[str, np.ndarray]) -> None:
        """Keep the chunk, its drawable form and the loss range: work per chunk, not per frame."""
        self._history.extend(chunk)
        count = len(next(iter(chunk.values())))
        shown = {"step": np.arange(start + 1, start + count + 1, dtype=float)}
        for name, values in chunk.items():
            magnitude = np.abs(values)
            shown[name] = np.where(magnitude > 0, magnitude, TINY)
        self._shown.extend(shown)
        loss = chunk[self._history.names[0]]
        finite = loss[np.isfinite(loss) & (loss > 0)]
        if finite.size:
            self._range = (min(self._range[0], finite.min()), max(self._range[1], finite.max()))

    def _start(self, names: tuple[str, ...]) -> None:
        self._history = History(names)
        self._shown = History(("step", *names))
        if tuple(self._curves) == names:
            return  # the same curves take the new run (remaking them and their legend: ~4 ms)
        for curve in self._curves.values():
            self.removeItem(curve)
        self.plotItem.legend.clear()
        self._curves = {}
        for index, name in enumerate(names):
            width = 3.0 if name == "loss" else 2.0
            curve = self.plot(name=name, pen=pg.mkPen(theme.series_colour(index), width=width),
                              antialias=False)
            curve.setClipToView(True)
            curve.setDownsampling(auto=True, method="peak")
            self._curves[name] = curve
        if len(names) == 1:
            self.plotItem.legend.hide()
        else:
            self.plotItem.legend.show()

    def _follow(self, steps: int) -> None:
        """Show the whole run (and the runs kept in view) on x; widen y to whole decades around
        their losses when these leave them."""
        self._steps = steps
        x_end = max([steps, *(n for *_, n in self._others.values())])
        if x_end != self._x_end:
            self._x_end = x_end
            self.setXRange(0, x_end, padding=0.01)
        smallest = min([self._range[0], *(low for low, _, _ in self._others.values())])
        largest = max([self._range[1], *(high for _, high, _ in self._others.values())])
        if smallest > largest:
            return  # no finite positive loss yet
        low, high = np.floor(np.log10(smallest)), np.ceil(np.log10(largest))
        high = max(high, low + 1)
        if (low, high) != self._decades:
            self._decades = (low, high)
            self._frame.show(low, high)

    def reset_view(self) -> None:
        """Frame the whole run again (after the view was zoomed by hand)."""
        self._x_end, self._decades = -1.0, (0.0, 0.0)
        self._follow(self._steps)
        if self._decades == (0.0, 0.0):  # nothing to frame yet
            self._decades = (0.0, 1.0)
            self._frame.show(0.0, 1.0)

    def column(self, name: str = "loss") -> np.ndarray:
        """What the plot holds for one curve (for tests and exports)."""
        return np.zeros(0) if self._history is None else self._history.column(name)
