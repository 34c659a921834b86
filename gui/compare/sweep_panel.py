"""The Sweep side tab: K learning rates trained at once, as loss curves coloured by lr and as
final loss against lr; clicking a point takes that lr.

The sweep itself runs in the tab's run process (the driver's SWEEP job); this panel only asks
for it and draws the progress it reports (about 15 times a second).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QSpinBox, QVBoxLayout,
    QWidget,
)

from core.errors import ConfigError
from core.sweep import DEFAULT_COUNT, MAX_COUNT, SweepRequest
from gui import theme
from gui.widgets.plot_cache import cache_axes

COLOURMAP = "viridis"
MAX_POINTS = 300  # per curve: longer sweeps draw every n-th step (the plot is ~300 px wide)
DRAW_MS = 150  # redraw at most ~7 times a second, however fast progress arrives
DIVERGED = "#D55E00"
TINY = 1e-300
NO_LR = "This part of the lesson has no learning rate to sweep."


def chosen_lr(lr: float) -> float:
    """A swept lr as a person would type it (three significant digits)."""
    return float(f"{lr:.3g}")


class SweepPanel(QWidget):
    sweep_requested = Signal(object)  # SweepRequest
    stop_requested = Signal()
    lr_chosen = Signal(float)  # a point was clicked: take this lr and reset

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count = QSpinBox()
        self.count.setRange(2, MAX_COUNT)
        self.count.setValue(DEFAULT_COUNT)
        self.count.setToolTip("How many learning rates, log-spaced between the two ends")
        self.low, self.high = QLineEdit(), QLineEdit()
        self.low.setToolTip("The lowest learning rate swept")
        self.edited = False  # the range was typed: keep it instead of following the lr
        for edit in (self.low, self.high):
            edit.textEdited.connect(self._on_edited)
        self.high.setToolTip("The highest learning rate swept")
        self.button = QPushButton("Sweep learning rate")
        self.button.setToolTip("Train every learning rate at once, from the same start (Ctrl+L)")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setFormat("step %v / %m")
        self.progress.hide()
        form = QFormLayout()
        ends = QHBoxLayout()
        ends.addWidget(self.low)
        ends.addWidget(QLabel("to"))
        ends.addWidget(self.high)
        form.addRow("Learning rates", ends)
        form.addRow("How many", self.count)

        self.curves_plot = pg.PlotWidget(title="Loss of each learning rate")
        self.curves_plot.setLogMode(x=False, y=True)
        self.curves_plot.setLabel("bottom", "step")
        self.curves_plot.showGrid(x=True, y=True, alpha=0.25)
        self.colour_bar = pg.ColorBarItem(values=(0, 1), colorMap=COLOURMAP, interactive=False,
                                          width=12, label="log10 lr")
        item = self.curves_plot.getPlotItem()
        item.layout.addItem(self.colour_bar, 2, 5)
        item.layout.setColumnFixedWidth(4, 5)
        self.final_plot = pg.PlotWidget(title="Final loss against learning rate (click one)")
        self.final_plot.setLogMode(x=True, y=True)
        self.final_plot.setLabel("bottom", "learning rate")
        self.final_plot.getAxis("bottom").enableAutoSIPrefix(False)  # 1e-06, not "0.6 (x1e-06)"
        self.final_plot.showGrid(x=True, y=True, alpha=0.25)
        self.points = pg.PlotDataItem(pen=pg.mkPen(theme.TARGET, width=1), symbol="o", symbolSize=9)
        self.blown = pg.PlotDataItem(pen=None, symbol="t", symbolSize=11,
                                     symbolBrush=pg.mkBrush(DIVERGED), symbolPen=None)
        self.now_line = pg.InfiniteLine(angle=90, pen=theme.pen(theme.PALETTE["blue"], 1.5, dashed=True))
        self.now_line.hide()
        for thing in (self.points, self.blown, self.now_line):
            self.final_plot.addItem(thing)
        self.points.sigPointsClicked.connect(self._on_clicked)
        self.blown.sigPointsClicked.connect(self._on_clicked)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(form)
        layout.addWidget(self.button)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.curves_plot, 1)
        layout.addWidget(self.final_plot, 1)
        layout.addWidget(self.summary)
        self.button.clicked.connect(self._on_button)
        for plot in (self.curves_plot, self.final_plot):
            plot.getPlotItem().setMenuEnabled(False)
            plot.getPlotItem().vb.disableAutoRange()  # ranges move when the data leaves them
        cache_axes(self)
        self._running = False
        self._curves: list[pg.PlotCurveItem] = []
        self._labels: list[pg.TextItem] = []
        self._lrs = np.zeros(0)
        self._losses = np.zeros((0, 0))
        self._stride = 1
        self._decades = (0, 0)
        self._kept = 0  # steps received
        self.progress_seen = None  # the latest SweepProgress (for tests)
        self._draw_timer = QTimer(self)
        self._draw_timer.setSingleShot(True)
        self._draw_timer.setInterval(DRAW_MS)
        self._draw_timer.timeout.connect(self._draw)

    # -- asking -------------------------------------------------------------------------------
    def _on_edited(self, _text: str) -> None:
        self.edited = True

    def centre_on(self, lr: float | None, force: bool = False) -> None:
        """Show the default range around ``lr`` (a decade either side), unless a range was typed."""
        if lr is None or (self.edited and not force):
            return
        self.edited = False
        around = SweepRequest.around(lr, self.count.value())
        self.low.setText(f"{around.lr_min:.3g}")
        self.high.setText(f"{around.lr_max:.3g}")

    def request(self) -> SweepRequest:
        """The range shown, checked; raises ConfigError with one sentence."""
        ends = []
        for edit, name in ((self.low, "lowest"), (self.high, "highest")):
            try:
                ends.append(float(edit.text()))
            except ValueError:
                raise ConfigError(f"the sweep's {name} lr must be a number, got {edit.text()!r}") from None
        return SweepRequest(ends[0], ends[1], self.count.value()).checked()

    def start(self) -> bool:
        """Ask for a sweep of the range shown; False (and a message) when it is not valid."""
        try:
            request = self.request()
        except ConfigError as error:
            self.show_message(str(error).capitalize(), error=True)
            return False
        self.show_message("")
        self.sweep_requested.emit(request)
        self.set_running(True)
        return True

    def _on_button(self) -> None:
        if self._running:
            self.stop_requested.emit()
            self.set_running(False)
        else:
            self.start()

    def set_running(self, running: bool) -> None:
        self._running = running
        self.button.setText("Stop the sweep" if running else "Sweep learning rate")

    @property
    def running(self) -> bool:
        return self._running

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #B03A00; font-weight: bold;" if error else "")
        self.message.setText(text)

    def set_enabled_for(self, trains: bool) -> None:
        self.button.setEnabled(trains)
        if not trains:
            self.show_message(NO_LR)
        elif self.message.text() == NO_LR:
            self.show_message("")

    def mark_lr(self, lr: float | None) -> None:
        """The lr of the run on screen, as a dashed line among the points."""
        if lr is None or lr <= 0:
            self.now_line.hide()
            return
        self.now_line.setValue(math.log10(lr))
        self.now_line.show()

    # -- drawing ------------------------------------------------------------------------------
    def show_progress(self, progress) -> None:
        self.progress_seen = progress
        if progress.history_start == 0 or len(self._lrs) != len(progress.lrs):
            self._begin(progress)
        chunk = progress.losses
        start = progress.history_start
        keep = np.arange(start, start + chunk.shape[1])
        keep = keep[keep % self._stride == 0]
        if keep.size:
            self._losses[:, keep // self._stride] = chunk[:, keep - start]
        self._kept = progress.step
        if progress.done or not self._running:
            self._draw()  # the last word at once
        elif not self._draw_timer.isActive():
            self._draw_timer.start()
        if progress.done or not self._running:
            self.set_running(False)
            self.progress.hide()
        if not progress.done and not self._running:
            self.show_message(f"Stopped at step {progress.step:,} of {progress.steps:,}.")

    def _draw(self) -> None:
        self._draw_timer.stop()
        if self.progress_seen is not None:
            self.progress.setMaximum(self.progress_seen.steps)
            self.progress.setValue(self.progress_seen.step)
            self._draw_curves()
            self._draw_finals(self.progress_seen)

    def _begin(self, progress) -> None:
        lrs = np.asarray(progress.lrs, dtype=float)
        self._lrs = lrs
        self._stride = max(1, math.ceil(progress.steps / MAX_POINTS))
        self._losses = np.full((len(lrs), math.ceil(progress.steps / self._stride)), np.nan)
        self.progress.show()
        item = self.curves_plot.getPlotItem()
        for curve in self._curves:
            item.removeItem(curve)
        logs = np.log10(lrs)
        low, high = float(logs.min()), float(logs.max())
        self.colour_bar.setLevels((low, high))
        colours = self.colour_bar.colorMap().mapToQColor((logs - low) / max(high - low, 1e-12))
        self._curves = []
        for colour in colours:
            # Plain curve items, fed log10 values: a fraction of a PlotDataItem's cost per update,
            # and the points are already few (MAX_POINTS).
            curve = pg.PlotCurveItem(pen=pg.mkPen(colour, width=2), connect="finite", antialias=False)
            item.addItem(curve)
            self._curves.append(curve)
        self._brushes = [pg.mkBrush(c) for c in colours]
        self.curves_plot.setXRange(0, progress.steps, padding=0.01)
        self.final_plot.setXRange(low, high, padding=0.05)
        self.final_plot.getAxis("bottom").setTicks([_lr_ticks(low, high), []])
        self._final_decades = None
        self._blown_shown = None

    def _draw_curves(self) -> None:
        count = math.ceil(self._kept / self._stride)
        steps = np.arange(count, dtype=float) * self._stride + 1
        shown = np.abs(self._losses[:, :count])
        shown = np.where(shown > 0, shown, TINY)
        with np.errstate(all="ignore"):
            logs = np.log10(shown)
        for curve, row in zip(self._curves, logs):
            curve.setData(steps, row)
        # Rows that blow up leave through the top: the range follows the start, not the blow-up.
        first = shown[:, 0] if count else np.zeros(0)
        finite = shown[np.isfinite(shown) & (shown > TINY) & (shown <= 10 * np.nanmax(first, initial=0))]
        if finite.size:
            low, high = math.floor(np.log10(finite.min())), math.ceil(np.log10(finite.max()))
            if (low, high) != self._decades:  # move the axes only when the data leaves them
                self._decades = (low, high)
                self.curves_plot.setYRange(low, max(high, low + 1), padding=0.02)

    def _draw_finals(self, progress) -> None:
        final = np.asarray(progress.final_loss, dtype=float)
        diverged = np.asarray(progress.diverged_at)
        ok = (diverged == 0) & np.isfinite(final) & (final > 0)
        # A row still finite but far above where every row started is blowing up: show it
        # pinned to the top of the range, or the others would be squashed flat.
        start = np.abs(self._losses[:, 0])
        ceiling = 10 * float(np.nanmax(start[np.isfinite(start)], initial=1.0))
        shown = np.minimum(final, ceiling)
        self.points.setData(self._lrs[ok], shown[ok], symbolBrush=[b for b, k in zip(self._brushes, ok) if k],
                            data=self._lrs[ok])
        if ok.any():
            low, high = np.log10(shown[ok].min()), np.log10(shown[ok].max())
            decades = (math.floor(low), math.ceil(high) + 1)  # a decade on top for the blow-ups
        else:
            decades = (-1, 1)
        if decades != self._final_decades:
            self._final_decades = decades
            self.final_plot.setYRange(*decades, padding=0.02)
        top = 10.0 ** (decades[1] - 0.3)
        blown = diverged > 0
        self.blown.setData(self._lrs[blown], np.full(int(blown.sum()), top), data=self._lrs[blown])
        if self._blown_shown != (tuple(diverged), top):  # labels change only when a row blows up
            self._blown_shown = (tuple(diverged), top)
            self._label_blow_ups(diverged, top)
        self.summary.setText(_summary(progress, self._lrs, diverged))

    def _label_blow_ups(self, diverged: np.ndarray, top: float) -> None:
        for label in self._labels:
            self.final_plot.removeItem(label)
        self._labels = []
        marked = np.flatnonzero(diverged > 0)
        if len(marked) > 12:  # too many to read: the edge of the blow-up is what matters
            marked = marked[:1]
        for index in marked:
            # upright under its marker, so neighbours do not overlap
            label = pg.TextItem(f"step {int(diverged[index]):,}", color=DIVERGED, angle=90,
                                anchor=(1.15, 0.5))
            label.setPos(math.log10(self._lrs[index]), math.log10(top))
            self.final_plot.addItem(label)
            self._labels.append(label)

    def _on_clicked(self, item, points, event=None) -> None:
        if len(points):
            self.lr_chosen.emit(chosen_lr(float(points[0].data())))

    def curve_losses(self, row: int) -> np.ndarray:
        """The losses drawn for one lr (for tests)."""
        return self._losses[row, :math.ceil(self._kept / self._stride)]

    def point_lrs(self) -> tuple[np.ndarray, np.ndarray]:
        """The lrs drawn as finished points and as blown up (for tests)."""
        return _given(self.points.xData), _given(self.blown.xData)


def _lr_ticks(low: float, high: float) -> list[tuple[float, str]]:
    """1 and 3 of each decade between 10**low and 10**high, labelled as typed (3e-06)."""
    ticks = []
    for exponent in range(math.floor(low) - 1, math.ceil(high) + 1):
        for mantissa in (1, 3):
            value = mantissa * 10.0 ** exponent
            if low - 0.1 <= math.log10(value) <= high + 0.1:
                ticks.append((math.log10(value), f"{value:g}"))
    return ticks


def _given(values) -> np.ndarray:
    return np.zeros(0) if values is None else np.asarray(values)


def _summary(progress, lrs: np.ndarray, diverged: np.ndarray) -> str:
    words = [f"{len(lrs)} learning rates, step {progress.step:,} of {progress.steps:,}."]
    best = progress.best_lr
    if best is not None:
        words.append(f"Lowest final loss at lr {best:.3g}.")
    if (diverged > 0).any():
        first = int(np.flatnonzero(diverged > 0)[0])
        words.append(f"Blew up from lr {lrs[first]:.3g} on (▲, with the step it happened).")
    words.append("Click a point to take its lr.")
    return " ".join(words)
