"""The n slices of a tensor of shape (n, n, n) as heat maps in one image, with labels and a colour
bar; reference slices (e.g. Levi-Civita's) may follow on a row of their own.

All slices share one ImageItem, separated by transparent (NaN) cells, so a frame is one setImage.
The grid picks the number of columns that makes the slices largest in the space it has, and
re-flows on resize; labels shrink rather than cover a slice.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetrics

from gui import theme

LIMIT = 1.25  # colour scale ±LIMIT: white is 0, ±1 (the Levi-Civita entries) are strong colours
LABEL_PT = 13
MAX_LABELS = 8 + 3
LABEL_GAP = 0.5  # of a cell: how far a label may reach into the gap between two slices


class SliceMaps(pg.GraphicsLayoutWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(120)
        self._n = 0
        self._extra = 0  # reference slices after the learned ones
        self._cols = 0
        self._zoom = 1.0
        self._shape = (1, 1)
        self._places: list[tuple[int, int]] = []
        self._names: list[str] = []
        self.box = self.addViewBox(row=0, col=0, lockAspect=True, enableMouse=False, invertY=True)
        self.box.setMenuEnabled(False)
        self.image = pg.ImageItem()
        self.box.addItem(self.image)
        foreground = pg.mkColor(pg.getConfigOption("foreground"))
        grid = pg.mkColor(foreground)
        grid.setAlpha(60)
        self.cell_lines = pg.PlotCurveItem(pen=pg.mkPen(grid, width=1), connect="finite")
        self.frames = pg.PlotCurveItem(pen=pg.mkPen(foreground, width=2), connect="finite")
        self.box.addItem(self.cell_lines)
        self.box.addItem(self.frames)
        self.labels = [pg.TextItem(color=foreground, anchor=(0.5, 1.0)) for _ in range(MAX_LABELS)]
        for label in self.labels:
            self.box.addItem(label)
        self.colour_bar = pg.ColorBarItem(values=(-LIMIT, LIMIT), colorMap=theme.diverging_colormap(),
                                          interactive=False, width=18)
        self.colour_bar.setImageItem(self.image)
        # fixed labels: with the zoomed font pyqtgraph may otherwise keep only "0"
        self.colour_bar.axis.setTicks([[(-1.0, "−1"), (0.0, "0"), (1.0, "1")],
                                       [(v, "") for v in (-0.5, 0.5)]])
        self.addItem(self.colour_bar, row=0, col=1)

    # -- what the view calls ----------------------------------------------------------------------
    def set_slices(self, n: int, names: list[str]) -> None:
        """Lay out ``len(names)`` slices of n x n (the first n learned, the rest references)."""
        self._n, self._names, self._cols = n, names, 0
        self._extra = len(names) - n
        self._reflow()

    def draw(self, learned: np.ndarray, reference: np.ndarray | None = None) -> None:
        mosaic = np.full(self._shape, np.nan)
        slices = list(learned) + ([] if reference is None else list(reference))
        for (top, left), matrix in zip(self._places, slices):
            mosaic[top:top + self._n, left:left + self._n] = matrix
        self.image.setImage(mosaic.T, autoLevels=False)

    def forget(self) -> None:
        self._n, self._names, self._cols, self._places = 0, [], 0, []
        self.image.clear()
        self.cell_lines.setData([], [])
        self.frames.setData([], [])
        for label in self.labels:
            label.setText("")

    def set_zoom(self, factor: float) -> None:
        self._zoom = factor
        self._fit_labels()

    def label_texts(self) -> list[str]:
        return [label.textItem.toPlainText() for label in self.labels if label.textItem.toPlainText()]

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if getattr(self, "_n", 0):  # the first resize comes before __init__ has finished
            self._reflow()

    # -- layout -----------------------------------------------------------------------------------
    def _best_columns(self) -> int:
        """The column count (for the learned slices) that gives each slice the most pixels."""
        width, height = max(self.width() - 80, 1), max(self.height(), 1)  # 80: the colour bar
        best, best_size = 1, 0.0
        for cols in range(1, self._n + 1):
            rows = math.ceil(self._n / cols) + (1 if self._extra else 0)
            span = max(cols, self._extra)
            size = min(width / (span * (self._n + 1)), height / (rows * (self._n + self._label_rows())))
            if size > best_size + 1e-9:
                best, best_size = cols, size
        return best

    def _reflow(self) -> None:
        cols = self._best_columns()
        if cols == self._cols:
            self._fit_labels()
            return
        self._cols = cols
        n = self._n
        label_rows = self._label_rows()
        learned_rows = math.ceil(n / cols)
        self._places = []
        for s in range(n + self._extra):
            row, col = (s // cols, s % cols) if s < n else (learned_rows, s - n)
            self._places.append((row * (n + label_rows) + label_rows, col * (n + 1)))
        rows = learned_rows + (1 if self._extra else 0)
        self._shape = (rows * (n + label_rows), max(cols, self._extra) * (n + 1) - 1)
        lines_x, lines_y, frame_x, frame_y = [], [], [], []
        for top, left in self._places:
            for k in range(1, n):
                lines_x += [left + k, left + k, np.nan, left, left + n, np.nan]
                lines_y += [top, top + n, np.nan, top + k, top + k, np.nan]
            frame_x += [left, left + n, left + n, left, left, np.nan]
            frame_y += [top, top, top + n, top + n, top, np.nan]
        self.cell_lines.setData(np.array(lines_x, float), np.array(lines_y, float))
        self.frames.setData(np.array(frame_x, float), np.array(frame_y, float))
        for s, label in enumerate(self.labels):
            if s < len(self._places):
                top, left = self._places[s]
                label.setText(self._names[s])
                label.setPos(left + n / 2, top - 0.1)
            else:
                label.setText("")
        height, width = self._shape
        self.box.setRange(xRange=(0, width), yRange=(0, height), padding=0.02)
        self._fit_labels()

    def _label_rows(self) -> int:
        return 1 if self._n <= 4 else 2  # small cells: two rows of them for a readable label

    def _fit_labels(self) -> None:
        """The zoomed label size, but never taller than the rows of cells left free for it, nor
        wider than a slice: shrink rather than cover the maps."""
        font = QFont()
        wanted = LABEL_PT * self._zoom
        font.setPointSizeF(wanted)
        if self._n:
            height, width = self._shape
            # pixels per cell, as the locked-aspect box will show the whole mosaic
            cell = min(max(self.width() - 90, 1) / (width * 1.04),
                       max(self.height() - 10, 1) / (height * 1.04))
            room = self._label_rows() * cell - 8  # 8: the label's own padding
            fits = QFontMetrics(font)
            widest = max((fits.horizontalAdvance(name) for name in self._names), default=1)
            # as tall as the free rows, as wide as a slice and half the gap beside it (labels
            # as wide as the whole gap touched their neighbours: "Levi-Civita [0]Levi-Civita [1]")
            scale = min(room / fits.height(), (self._n + LABEL_GAP) * cell / max(widest, 1))
            font.setPointSizeF(max(6.0, min(wanted, wanted * scale)))
        for label in self.labels:
            label.setFont(font)
