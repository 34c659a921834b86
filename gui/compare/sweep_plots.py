"""The sweep's two plots: each learning rate's loss curve, coloured by lr (with a colour bar),
and final loss against lr on log-log axes, blow-ups marked at the top with their step. A click
on a point names its lr."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gui import theme
from gui.widgets.curve_bundle import CurveBundle
from gui.widgets.decade_frame import DecadeFrame
from gui.widgets.moving_scatter import move_points
from gui.widgets.plot_cache import cache_axes

COLOURMAP = "viridis"
MAX_POINTS = 300  # per curve: longer sweeps draw every n-th step (the plot is ~300 px wide)
DIVERGED = "#D55E00"
TINY = 1e-300
SUMMARY_LINES = 3
FINALS_AFTER_MS = 5


def chosen_lr(lr: float) -> float:
    """A swept lr as a person would type it (three significant digits)."""
    return float(f"{lr:.3g}")


class SweepPlots(QWidget):
    lr_chosen = Signal(float)  # a point was clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.curves_plot = pg.PlotWidget(title="Loss of each learning rate")
        self.curves_plot.setLogMode(x=False, y=True)
        self.curves_plot.setLabel("bottom", "step")
        self.curves_plot.showGrid(x=True, y=True, alpha=0.25)
        self._curves_frame = DecadeFrame(self.curves_plot.getPlotItem())  # room for end labels
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
        # Fed log10 values (the plot's axes are logarithmic). The points are styled once a sweep
        # (one colour per lr) and then only move: restyling 32 points was most of a frame.
        self.line = pg.PlotCurveItem(pen=pg.mkPen(theme.TARGET, width=1), connect="finite")
        self.points = pg.ScatterPlotItem(symbol="o", size=9)
        self.blown = pg.ScatterPlotItem(symbol="t", size=11, brush=pg.mkBrush(DIVERGED), pen=None,
                                        hoverable=True, tip=self._blow_up_tip)
        self._blown_steps: dict[float, int] = {}  # lr: the step it blew up at
        self.now_line = pg.InfiniteLine(angle=90, pen=theme.pen(theme.PALETTE["blue"], 1.5, dashed=True))
        self.now_line.hide()
        for thing in (self.line, self.points, self.blown, self.now_line):
            self.final_plot.addItem(thing)
        self.points.sigClicked.connect(self._on_clicked)
        self.blown.sigClicked.connect(self._on_clicked)
        box = self.final_plot.getPlotItem().getViewBox()
        box.sigResized.connect(self._show_labels_with_room)  # the zoom, the window's size
        box.sigRangeChanged.connect(self._show_labels_with_room)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self._reserve_summary_lines()
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.curves_plot, 1)
        layout.addWidget(self.final_plot, 1)
        layout.addWidget(self.summary)
        for plot in (self.curves_plot, self.final_plot):
            plot.getPlotItem().setMenuEnabled(False)
            plot.getPlotItem().vb.disableAutoRange()  # ranges move when the data leaves them
        cache_axes(self)
        self.curves = CurveBundle()  # every lr's curve, fed log10 values
        self._finals_due = None
        self._final_span: tuple[float, float] | None = None
        self._finals_timer = QTimer(self)
        self._finals_timer.setSingleShot(True)
        self._finals_timer.setInterval(FINALS_AFTER_MS)
        self._finals_timer.timeout.connect(self._draw_due_finals)
        self.curves_plot.addItem(self.curves)
        self._labels: list[pg.TextItem] = []
        self._lrs = np.zeros(0)
        self._losses = np.zeros((0, 0))
        self._stride = 1
        self._decades = (0, 0)
        self._kept = 0  # steps received

    def _reserve_summary_lines(self) -> None:
        # The summary's length changes with every report; at a fixed height the plots above it
        # are not resized (and their axes redrawn) when it wraps to one line more or less.
        self.summary.setMinimumHeight(self.summary.fontMetrics().lineSpacing() * SUMMARY_LINES + 4)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the zoom
            self._reserve_summary_lines()

    @property
    def count(self) -> int:
        return len(self._lrs)

    def mark_lr(self, lr: float | None) -> None:
        """The lr of the run on screen, as a dashed line among the points."""
        if lr is None or lr <= 0:
            self.now_line.hide()
            return
        self.now_line.setValue(math.log10(lr))
        self.now_line.show()

    def begin(self, progress) -> None:
        """A new sweep: one curve per lr, coloured by it."""
        lrs = np.asarray(progress.lrs, dtype=float)
        self._lrs = lrs
        self._stride = max(1, math.ceil(progress.steps / MAX_POINTS))
        self._losses = np.full((len(lrs), math.ceil(progress.steps / self._stride)), np.nan)
        self._finals_timer.stop()  # nothing of the last sweep is drawn over this one
        self._finals_due = None
        logs = np.log10(lrs)
        low, high = float(logs.min()), float(logs.max())
        self.colour_bar.setLevels((low, high))
        colours = self.colour_bar.colorMap().mapToQColor((logs - low) / max(high - low, 1e-12))
        self.curves.set_pens([pg.mkPen(colour, width=2) for colour in colours])
        self.curves.set_data(np.zeros(0), np.zeros((len(lrs), 0)))
        self._brushes = [pg.mkBrush(c) for c in colours]
        self.points.setData([], [])
        self.line.setData([], [])
        self.blown.setData([], [])
        self.curves_plot.setXRange(0, progress.steps, padding=0.01)
        self._final_span = (low, high)  # framed with the first finals, in a turn of their own
        self._final_decades = None
        self._blown_shown = None

    def take(self, progress) -> None:
        """Keep a progress report's losses (every n-th step); drawing comes later."""
        chunk = progress.losses
        start = progress.history_start
        keep = np.arange(start, start + chunk.shape[1])
        keep = keep[keep % self._stride == 0]
        if keep.size:
            self._losses[:, keep // self._stride] = chunk[:, keep - start]
        self._kept = progress.step

    def draw(self, progress) -> None:
        self._draw_curves()
        self._finals_due = progress
        if not self._finals_timer.isActive():
            # A few ms later, after the curves have painted: a plot repaints as soon as its scene
            # has taken in the change, so the two would otherwise hold the window up together.
            self._finals_timer.start()

    def _draw_due_finals(self) -> None:
        progress, self._finals_due = self._finals_due, None
        if progress is not None:
            self._draw_finals(progress)  # the latest report's, never an older one

    def _draw_curves(self) -> None:
        count = math.ceil(self._kept / self._stride)
        steps = np.arange(count, dtype=float) * self._stride + 1
        shown = np.abs(self._losses[:, :count])
        shown = np.where(shown > 0, shown, TINY)
        with np.errstate(all="ignore"):
            logs = np.log10(shown)
        self.curves.set_data(steps, logs)
        # Rows that blow up leave through the top: the range follows the start, not the blow-up.
        first = shown[:, 0] if count else np.zeros(0)
        finite = shown[np.isfinite(shown) & (shown > TINY) & (shown <= 10 * np.nanmax(first, initial=0))]
        if finite.size:
            low, high = math.floor(np.log10(finite.min())), math.ceil(np.log10(finite.max()))
            if (low, high) != self._decades:  # move the axes only when the data leaves them
                self._decades = (low, high)
                self._curves_frame.show(low, max(high, low + 1))

    def _draw_finals(self, progress) -> None:
        if self._final_span is not None:
            low, high = self._final_span
            self._final_span = None
            self.final_plot.setXRange(low, high, padding=0.05)
            self.final_plot.getAxis("bottom").setTicks([_lr_ticks(low, high), []])
        final = np.asarray(progress.final_loss, dtype=float)
        diverged = np.asarray(progress.diverged_at)
        ok = (diverged == 0) & np.isfinite(final) & (final > 0)
        # A row still finite but far above where every row started is blowing up: show it
        # pinned to the top of the range, or the others would be squashed flat.
        start = np.abs(self._losses[:, 0])
        ceiling = 10 * float(np.nanmax(start[np.isfinite(start)], initial=1.0))
        shown = np.minimum(final, ceiling)
        logs = np.log10(self._lrs)
        with np.errstate(all="ignore"):
            heights = np.where(ok, np.log10(np.where(ok, shown, 1.0)), np.nan)
        self._show_points(np.column_stack([logs, heights]))
        self.line.setData(logs[ok], heights[ok])
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
        if self._blown_shown != (tuple(diverged), top):  # these change only when a row blows up
            self._blown_shown = (tuple(diverged), top)
            self.blown.setData(x=logs[blown], y=np.full(int(blown.sum()), math.log10(top)),
                               data=self._lrs[blown])
            self._label_blow_ups(diverged, top)
        self.summary.setText(_summary(progress, self._lrs, diverged))

    def _show_points(self, positions: np.ndarray) -> None:
        """The finished lrs' points (rows of NaN are not drawn), each in its lr's colour."""
        if not np.isfinite(positions).all(1).any():
            if len(self.points.data):
                self.points.setData([], [])  # none yet (an all-NaN item has no bounds)
        elif len(self.points.data) != len(positions):
            self.points.setData(pos=positions, data=self._lrs, brush=self._brushes)  # styled once
        else:
            move_points(self.points, positions)

    def _blow_up_tip(self, x, y, data) -> str:
        step = self._blown_steps.get(float(data))
        return f"lr {float(data):.3g} blew up at step {step:,}" if step else f"lr {float(data):.3g}"

    def _label_blow_ups(self, diverged: np.ndarray, top: float) -> None:
        self._blown_steps = {float(lr): int(step) for lr, step in zip(self._lrs, diverged) if step}
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
        self._show_labels_with_room()

    def _show_labels_with_room(self, *_) -> None:
        """Show the blow-up labels that have room: within the plot's height and clear of the one
        shown before (the first, the edge of the blow-up, comes first). Large text on a short plot
        had them run into the axis and over each other."""
        box = self.final_plot.getPlotItem().getViewBox()
        (left, right), _ = box.viewRange()
        per_unit = box.width() / (right - left) if right > left else 0.0
        shown_at = None
        for label in self._labels:
            text = label.textItem.boundingRect()  # upright: its width runs down the plot
            at = (label.pos().x() - left) * per_unit
            room = text.width() * 1.15 <= box.height() and (
                shown_at is None or at - shown_at >= text.height())
            label.setVisible(room)
            if room:
                shown_at = at

    def _on_clicked(self, item, points, event=None) -> None:
        if len(points):
            self.lr_chosen.emit(chosen_lr(float(points[0].data())))

    def curve_losses(self, row: int) -> np.ndarray:
        """The losses drawn for one lr (for tests)."""
        return self._losses[row, :math.ceil(self._kept / self._stride)]

    def point_lrs(self) -> tuple[np.ndarray, np.ndarray]:
        """The lrs drawn as finished points and as blown up (for tests), the latest report's."""
        self._draw_due_finals()
        finished = self.points.data
        drawn = finished["data"][np.isfinite(finished["y"])] if len(finished) else []
        return np.asarray(drawn, dtype=float), np.asarray(self.blown.data["data"], dtype=float)


def _lr_ticks(low: float, high: float) -> list[tuple[float, str]]:
    """1 and 3 of each decade between 10**low and 10**high, labelled as typed (3e-06)."""
    ticks = []
    for exponent in range(math.floor(low) - 1, math.ceil(high) + 1):
        for mantissa in (1, 3):
            value = mantissa * 10.0 ** exponent
            if low - 0.1 <= math.log10(value) <= high + 0.1:
                ticks.append((math.log10(value), f"{value:g}"))
    return ticks


def _summary(progress, lrs: np.ndarray, diverged: np.ndarray) -> str:
    words = [f"{len(lrs)} learning rates, step {progress.step:,} of {progress.steps:,}."]
    best = progress.best_lr
    if best is not None:
        words.append(f"Lowest final loss at lr {best:.3g}.")
    if (diverged > 0).any():
        first = int(np.flatnonzero(diverged > 0)[0])
        words.append(f"Blew up from lr {lrs[first]:.3g} on (▲; its step is written under it, "
                     "or shown when pointed at).")
    words.append("Click a point to take its lr.")
    return " ".join(words)
