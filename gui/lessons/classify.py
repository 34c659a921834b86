"""Classify's view: the plane coloured by the class the model picks (paler where it is unsure), the
hidden space as the output layer reads it with the plane's grid carried along, each unit's
response as a small heat map, the loss and the accuracy of the training and the test points."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget
from superqt import QElidingLabel

from core.lesson import Lesson
from core.lessons.classify import ClassifyFrame, ClassifyScene
from core.protocol import RunState
from gui import theme
from gui.lessons.base import LessonView
from gui.widgets.loss_plot import LossPlot
from gui.widgets.moving_scatter import move_points, shown_count

READOUT_PT = 14
HEADING_PT = 11
CLASS_COLOURS = ("blue", "orange", "green", "red", "purple", "sky")  # Okabe-Ito, class k
TRAIN, TEST = theme.PALETTE["blue"], theme.PALETTE["red"]  # the two curves and readouts
LINE_EVERY = 10  # grid lines at every 10th region cell, as the run carries them
SHADE = (0.12, 0.6)  # the regions' colour strength from unsure to sure: the points stay readable
GRID_PEN = pg.mkPen(120, 120, 120, 110, width=1)
AXIS_PEN = pg.mkPen(60, 60, 60, 200, width=1.5)
WRONG_DOT = 3  # px: a dark dot in the middle of each point the model gets wrong
WRONG_BRUSH = pg.mkBrush(20, 20, 20, 150)  # see-through: many together darken the class colour
POINT_SIZE = 6
EDGE_ROOM = 0.04  # of the plane, around it: the labels of the edge ticks (±1.5) are not cut off
MOSAIC_COLUMNS = 4


def _rgb(name: str) -> np.ndarray:
    colour = theme.PALETTE[name].lstrip("#")
    return np.array([int(colour[i:i + 2], 16) for i in (0, 2, 4)], dtype=float)


def class_rgb(classes: int) -> np.ndarray:
    return np.stack([_rgb(CLASS_COLOURS[k % len(CLASS_COLOURS)]) for k in range(classes)])


def region_image(probabilities: np.ndarray) -> np.ndarray:
    """(rows, cols, 3) uint8: the most likely class's colour over white, stronger where surer."""
    classes = probabilities.shape[-1]
    finite = np.isfinite(probabilities).all(-1)
    p = np.where(finite[..., None], probabilities, 1.0 / classes)
    best = p.argmax(-1)
    sure = (p.max(-1) - 1.0 / classes) / (1.0 - 1.0 / classes)  # 0 at a tie, 1 when certain
    strength = SHADE[0] + (SHADE[1] - SHADE[0]) * np.clip(sure, 0.0, 1.0)
    colour = class_rgb(classes)[best]
    image = 255.0 * (1 - strength[..., None]) + colour * strength[..., None]
    return image.astype(np.ubyte)


def boundary_segments(probabilities: np.ndarray, axis: np.ndarray) -> np.ndarray:
    """Where the most likely class changes between neighbouring cells: (2M, 2) segment ends."""
    best = probabilities.argmax(-1)
    half = (axis[1] - axis[0]) / 2 if len(axis) > 1 else 0.0
    ends = []
    rows, cols = np.nonzero(best[:, 1:] != best[:, :-1])  # a change from column c to c + 1
    x = axis[cols] + half
    ends += [np.stack([x, axis[rows] - half], 1), np.stack([x, axis[rows] + half], 1)]
    rows, cols = np.nonzero(best[1:, :] != best[:-1, :])
    y = axis[rows] + half
    ends += [np.stack([axis[cols] - half, y], 1), np.stack([axis[cols] + half, y], 1)]
    starts = np.concatenate([ends[0], ends[2]])
    stops = np.concatenate([ends[1], ends[3]])
    return np.stack([starts, stops], 1).reshape(-1, 2)


def unit_mosaic(units: np.ndarray, columns: int = MOSAIC_COLUMNS) -> np.ndarray:
    """The unit maps side by side, each scaled to ±1 by its own largest value, gaps NaN.

    Row 0 of a map is the bottom of the plane, as in the plot (y grows upwards).
    """
    count, size = units.shape[0], units.shape[1]
    columns = min(columns, count) or 1
    rows = math.ceil(count / columns)
    mosaic = np.full((rows * (size + 1) - 1, columns * (size + 1) - 1), np.nan, dtype=np.float32)
    for u in range(count):
        tile = units[u]
        scale = np.nanmax(np.abs(tile)) if np.isfinite(tile).any() else 0.0
        scaled = tile / scale if scale > 0 else np.zeros_like(tile)
        row, col = divmod(u, columns)
        top = (rows - 1 - row) * (size + 1)  # the first row of maps at the top
        mosaic[top:top + size, col * (size + 1):col * (size + 1) + size] = scaled
    return mosaic


class Heading(QElidingLabel):
    """A one-line heading that shortens itself with … when narrow; the tooltip has it all."""

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self.setToolTip(text)


def _titled(heading: QLabel, plot: QWidget) -> QVBoxLayout:
    column = QVBoxLayout()
    column.setSpacing(2)
    column.addWidget(heading)
    column.addWidget(plot, 1)
    return column


def _square_plot(extent: float) -> pg.PlotWidget:
    plot = pg.PlotWidget()
    plot.setAspectLocked(True)
    plot.setMouseEnabled(x=False, y=False)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.setRange(xRange=(-extent, extent), yRange=(-extent, extent), padding=EDGE_ROOM)
    plot.getPlotItem().vb.disableAutoRange()
    plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    plot.setMinimumSize(120, 120)
    return plot


class PointCloud:
    """The points of one plot: one scatter item per class and split (few items, fast redraws),
    and a dark dot in every point the model gets wrong (circles: training, triangles: test)."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.groups: list[tuple[pg.ScatterPlotItem, np.ndarray]] = []
        self.test = np.zeros(0, dtype=bool)
        # A dot, not an outline: where most points are wrong, outlines ran together into dark
        # bands that hid the classes' colours.
        self.wrong_items = [pg.ScatterPlotItem(size=WRONG_DOT, symbol="o", pen=None,
                                               brush=WRONG_BRUSH) for _ in range(2)]
        for item in self.wrong_items:
            item.setZValue(3)
            plot.addItem(item)

    @property
    def wrong_count(self) -> int:
        return sum(shown_count(item) for item in self.wrong_items)

    def set_scene(self, scene: ClassifyScene) -> None:
        for item, _ in self.groups:
            self.plot.removeItem(item)
        self.groups = []
        self.test = scene.test
        for k in range(scene.classes):
            colour = theme.PALETTE[CLASS_COLOURS[k % len(CLASS_COLOURS)]]
            for held_out, symbol in ((False, "o"), (True, "t")):
                members = np.flatnonzero((scene.labels == k) & (scene.test == held_out))
                item = pg.ScatterPlotItem(size=POINT_SIZE + (1 if held_out else 0), symbol=symbol,
                                          pen=pg.mkPen("w", width=0.8), brush=pg.mkBrush(colour))
                item.setZValue(2)
                self.plot.addItem(item)
                self.groups.append((item, members))

    def show(self, positions: np.ndarray, wrong: np.ndarray) -> None:
        # Every item keeps all its points and only moves them (a blown-up model's non-finite
        # points are not drawn; a dot is hidden by moving it nowhere): no restyling per frame.
        for item, members in self.groups:
            move_points(item, positions[members])
        for item, held_out in zip(self.wrong_items, (False, True)):
            split = self.test == held_out
            move_points(item, np.where(wrong[split, None], positions[split], np.nan))

    def clear(self) -> None:
        for item, _ in (*self.groups, *((w, None) for w in self.wrong_items)):
            item.setData([], [])


class ClassifyView(LessonView):
    def __init__(self, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(lesson, parent)
        self._scene: ClassifyScene | None = None
        self._steps = 1

        self.train_readout = Heading()
        self.test_readout = Heading()

        # The plane: regions, grid lines, points.
        self.plane_heading = Heading("The plane · the class chosen at each spot")
        self.plane = _square_plot(1.5)
        self.regions = pg.ImageItem(axisOrder="row-major")
        self.plane_grid = pg.PlotCurveItem(pen=GRID_PEN, connect="pairs")
        self.plane_axes = pg.PlotCurveItem(pen=AXIS_PEN, connect="pairs")
        plane = self.plane.getPlotItem()
        for item in (self.regions, self.plane_grid, self.plane_axes):
            plane.addItem(item)
        self.plane_points = PointCloud(plane)

        # The hidden space: regions of the output layer, the carried grid, the points.
        self.hidden_heading = Heading("Hidden space, as the output layer reads it")
        self.hidden = _square_plot(1.2)
        for name in ("left", "bottom"):
            self.hidden.getPlotItem().getAxis(name).setStyle(showValues=False)
        self.hidden_regions = pg.ImageItem(axisOrder="row-major")
        self.hidden_grid = pg.PlotCurveItem(pen=GRID_PEN, connect="finite")
        self.hidden_axes = pg.PlotCurveItem(pen=AXIS_PEN, connect="finite")
        hidden = self.hidden.getPlotItem()
        for item in (self.hidden_regions, self.hidden_grid, self.hidden_axes):
            hidden.addItem(item)
        self.hidden_points = PointCloud(hidden)

        # The units: one small heat map each.
        self.units_heading = Heading("Each hidden unit over the plane")
        self.units = pg.PlotWidget()
        self.units.setAspectLocked(True)
        self.units.setMouseEnabled(x=False, y=False)
        self.units.setMenuEnabled(False)
        self.units.hideButtons()
        for name in ("left", "bottom"):
            self.units.getPlotItem().hideAxis(name)
        self.unit_image = pg.ImageItem(axisOrder="row-major")
        self.unit_image.setLookupTable(theme.diverging_colormap().getLookupTable(0.0, 1.0, 256))
        self.units.addItem(self.unit_image)
        self._mosaic_shape: tuple[int, int] = (0, 0)

        # Loss and accuracy over the run.
        self.loss_plot = LossPlot("Loss")
        self.loss_plot.plotItem.legend.hide()
        self.loss_plot.getAxis("left").setTicks(_decade_ticks())  # the plot is short: decades only
        self.test_loss = self.loss_plot.plot(pen=pg.mkPen(TEST, width=2.5))
        self.accuracy_plot = pg.PlotWidget(title="Accuracy")
        self.accuracy_plot.setMouseEnabled(x=False, y=False)
        self.accuracy_plot.setMenuEnabled(False)
        self.accuracy_plot.hideButtons()
        self.accuracy_plot.showGrid(x=True, y=True, alpha=0.25)
        self.accuracy_plot.setYRange(0.0, 1.0, padding=0.02)
        self.accuracy_plot.getPlotItem().vb.disableAutoRange()
        self.train_curve = self.accuracy_plot.plot(pen=pg.mkPen(TRAIN, width=2.5))
        self.test_curve = self.accuracy_plot.plot(pen=pg.mkPen(TEST, width=2.5))
        self._history = np.zeros((0, 4))  # step, test loss, train accuracy, test accuracy

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        readouts = QHBoxLayout()
        readouts.addWidget(self.train_readout, 1)
        readouts.addWidget(self.test_readout, 1)
        layout.addLayout(readouts)
        top = QHBoxLayout()
        top.addLayout(_titled(self.plane_heading, self.plane), 1)
        top.addLayout(_titled(self.hidden_heading, self.hidden), 1)
        layout.addLayout(top, 3)
        bottom = QHBoxLayout()
        bottom.addWidget(self.loss_plot, 1)
        bottom.addWidget(self.accuracy_plot, 1)
        bottom.addLayout(_titled(self.units_heading, self.units), 1)
        layout.addLayout(bottom, 2)
        for widget in (self.loss_plot, self.accuracy_plot, self.units):
            widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
            widget.setMinimumSize(100, 100)
        self.set_zoom(1.0)
        self.clear()

    # -- the contract ------------------------------------------------------------------------------
    def set_scene(self, scene: ClassifyScene) -> None:
        self._scene = scene
        self._pictured_step = None
        extent, axis = scene.extent, scene.grid
        self.plane.setRange(xRange=(-extent, extent), yRange=(-extent, extent), padding=EDGE_ROOM)
        lines = axis[::LINE_EVERY]
        self.plane_grid.setData(*_plane_lines(lines, axis[0], axis[-1]))
        self.plane_axes.setData(*_plane_lines(np.array([0.0]), axis[0], axis[-1]))
        self.plane_points.set_scene(scene)
        self.hidden_points.set_scene(scene)
        self.hidden_heading.setText(f"Hidden space · {scene.layer}" if scene.layer
                                    else "The plane as the output layer reads it")

    def clear(self) -> None:
        self._pictured_step = None
        for image in (self.regions, self.hidden_regions, self.unit_image):
            image.clear()
        self.plane_points.clear()
        self.hidden_points.clear()
        self.hidden_grid.setData([], [])
        self.hidden_axes.setData([], [])
        self.loss_plot.clear_history()
        self.test_loss.setData([], [])
        self.train_curve.setData([], [])
        self.test_curve.setData([], [])
        self._history = np.zeros((0, 4))
        self._set_readouts(math.nan, math.nan)

    def show_snapshot(self, snapshot) -> None:
        frame: ClassifyFrame = snapshot.frame
        scene = self._scene
        if scene is None or frame is None:
            return
        self.loss_plot.append(snapshot)
        self._record(snapshot.steps, frame)
        if frame.step == self._pictured_step:
            return  # the run repeats its last pictures between new ones: nothing to redraw
        self._pictured_step = frame.step
        self.regions.setImage(region_image(frame.regions), autoLevels=False)
        axis = scene.grid
        half = (axis[1] - axis[0]) / 2  # each cell centred on its grid point
        self.regions.setRect(axis[0] - half, axis[0] - half, axis[-1] - axis[0] + 2 * half,
                             axis[-1] - axis[0] + 2 * half)
        wrong = frame.predicted != scene.labels
        self.plane_points.show(scene.points, wrong)
        self._show_hidden(frame, wrong)
        self._show_units(frame)
        self._set_readouts(frame.train_accuracy, frame.test_accuracy, frame.test_loss)

    def on_state(self, state: RunState) -> None:
        if state == RunState.PAUSED:
            # Frames during a run may repeat the last picture (see core.runs.classify): a paused
            # run shows the step it stopped at.
            self.lesson_command.emit("refresh", None)

    def main_plot(self):
        return self.plane.getPlotItem()

    def ghost_items(self, scene: ClassifyScene, frame: ClassifyFrame, pen) -> list:
        ends = boundary_segments(frame.regions, scene.grid)
        if not len(ends):
            return []
        return [pg.PlotCurveItem(ends[:, 0], ends[:, 1], pen=pen, connect="pairs")]

    def set_zoom(self, factor: float) -> None:
        style = f"font-size: {READOUT_PT * factor:.0f}pt; font-weight: bold; color: "
        self.train_readout.setStyleSheet(style + TRAIN + ";")
        self.test_readout.setStyleSheet(style + TEST + ";")
        for heading in (self.plane_heading, self.hidden_heading, self.units_heading):
            heading.setStyleSheet(f"font-size: {HEADING_PT * factor:.0f}pt; font-weight: bold;")

    # -- pieces ------------------------------------------------------------------------------------
    def _show_hidden(self, frame: ClassifyFrame, wrong: np.ndarray) -> None:
        size = frame.hidden_regions.shape[0]
        reach = 1.2  # the run scales the hidden points into [-1, 1] and its grid covers ±1.2
        cell = 2 * reach / (size - 1)
        self.hidden_regions.setImage(region_image(frame.hidden_regions), autoLevels=False)
        self.hidden_regions.setRect(-reach - cell / 2, -reach - cell / 2, 2 * reach + cell,
                                    2 * reach + cell)
        lines = frame.hidden_grid  # (L, S, 2): rows of the plane's grid, then its columns
        middle = lines.shape[0] // 4  # the line through 0 of each half (11 lines each way)
        axes = lines[[middle, lines.shape[0] // 2 + middle]]
        for item, drawn in ((self.hidden_grid, lines), (self.hidden_axes, axes)):
            if np.isfinite(drawn).any():
                item.setData(*_polylines(drawn))
            else:
                item.setData([], [])
        self.hidden_points.show(frame.hidden_points, wrong)

    def _show_units(self, frame: ClassifyFrame) -> None:
        units = frame.units
        mosaic = unit_mosaic(units)
        self.unit_image.setImage(mosaic, autoLevels=False, levels=(-1.0, 1.0))
        if mosaic.shape != self._mosaic_shape:
            self._mosaic_shape = mosaic.shape
            self.units.setRange(xRange=(0, mosaic.shape[1]), yRange=(0, mosaic.shape[0]),
                                padding=0.02)
        scene = self._scene
        count = units.shape[0]
        if scene is not None and not scene.layer:
            text = "Each class's probability"
        elif count < frame.unit_total:
            text = f"Units 1–{count} of {frame.unit_total}"
        else:
            text = f"All {count} hidden units" if count > 1 else "The hidden unit"
        if text != self.units_heading.text():
            self.units_heading.setText(text)

    def _record(self, steps: int, frame: ClassifyFrame) -> None:
        step = frame.step  # a frame may repeat the last pictures: record each step once
        row = np.array([[step, frame.test_loss, frame.train_accuracy, frame.test_accuracy]])
        if len(self._history) and self._history[-1, 0] >= step:
            self._history = self._history[self._history[:, 0] < step]  # a repeat, or a new run
        self._history = np.concatenate([self._history, row])
        steps_axis = self._history[:, 0]
        self.train_curve.setData(steps_axis, self._history[:, 2], connect="finite")
        self.test_curve.setData(steps_axis, self._history[:, 3], connect="finite")
        test_loss = np.abs(self._history[:, 1])
        self.test_loss.setData(steps_axis, np.where(test_loss > 0, test_loss, 1e-300),
                               connect="finite")
        if steps != self._steps:
            self._steps = steps
            self.accuracy_plot.setXRange(0, steps, padding=0.01)

    def _set_readouts(self, train: float, test: float, test_loss: float = math.nan) -> None:
        self.train_readout.setText(f"train {_percent(train)}")
        self.train_readout.setToolTip(f"accuracy on the training points: {_percent(train)}")
        if self._scene is not None and not self._scene.test.any():
            self.test_readout.setText("no test points")
        else:
            self.test_readout.setText(f"test {_percent(test)}")
        self.test_readout.setToolTip(f"test accuracy {_percent(test)}, test loss {_number(test_loss)}"
                                     " (points held out: never trained on)")


VIEW = ClassifyView


def _percent(value: float) -> str:
    return "—" if not math.isfinite(value) else f"{100 * value:.1f} %"


def _number(value: float) -> str:
    return "—" if not math.isfinite(value) else f"{value:.3f}"


def _decade_ticks(low: int = -8, high: int = 3) -> list:
    """Log-axis ticks: a label at each power of ten, unlabelled marks at 2..9 times it."""
    major = [(float(d), f"{10.0 ** d:g}") for d in range(low, high + 1)]
    minor = [(d + math.log10(m), "") for d in range(low, high) for m in range(2, 10)]
    return [major, minor]


def _plane_lines(positions: np.ndarray, low: float, high: float) -> tuple[np.ndarray, np.ndarray]:
    """Vertical and horizontal segments at ``positions``, as pairs of ends."""
    count = len(positions)
    xs = np.concatenate([np.repeat(positions, 2), np.tile([low, high], count)])
    ys = np.concatenate([np.tile([low, high], count), np.repeat(positions, 2)])
    return xs, ys


def _polylines(lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(L, S, 2) polylines as one path, broken (NaN) between lines."""
    padded = np.concatenate([lines, np.full((lines.shape[0], 1, 2), np.nan, np.float32)], 1)
    flat = padded.reshape(-1, 2)
    return flat[:, 0], flat[:, 1]
