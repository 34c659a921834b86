"""Space transforms' view: the plane with the cloud, the basis arrows and a grid moving with the map;
above it the stage, below it the matrices (W = U S Vᵀ, the current one highlighted, and the matrix
of this frame) and what det and rank say. For the classifier: the two labelled clouds, the line
w·x + b = 0, the arrow w, the readout and the loss. Which picture is drawn follows the type of
the scene and frame the run sends."""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QBoxLayout, QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout,
                               QWidget)

from core.lesson import Lesson
from core.lessons.space_transforms import (ClassifierFrame, ClassifierScene, MapFrame, MapScene,
                                           TanhFrame)
from gui import theme
from gui.lessons.base import LessonView
from gui.widgets import space_readout as text
from gui.widgets.fit_label import FitLabel, shape
from gui.widgets.loss_plot import LossPlot
from gui.widgets.plane_items import ShadedCloud, set_arrow, set_lines

TITLE_PT = 16
TEXT_PT = 12
GRID_PEN = pg.mkPen("#c8c8c8", width=1)
ARROW_COLOURS = ("red", "green")  # where e1 and where e2 go
CLASS_COLOURS = ("blue", "orange")  # labels +1 and -1
HEAD = 0.04  # arrow heads, as a fraction of the framed box
LEGEND_SHARE = 0.5  # the legend may span at most this share of the plane's width
LEGEND_SMALLER_PT = (TEXT_PT, 9)  # sizes to try, largest first, when the zoomed one is too wide
SIDE_RATIO = 1.35  # wider than this times its height: the readout goes beside the plane


class SpaceTransformsView(LessonView):
    def __init__(self, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(lesson, parent)
        self.plane = pg.PlotWidget()
        self.plane.setAspectLocked(True)
        self.plane.showGrid(x=True, y=True, alpha=0.15)
        self.plane.setMenuEnabled(False)
        self.plane.hideButtons()
        self.plane.setToolTip(CLOUD_TIP)
        plot = self.plane.getPlotItem()
        plot.vb.disableAutoRange()  # the scene's box frames every frame: nothing jumps
        self.grid = pg.PlotDataItem(pen=GRID_PEN)
        plot.addItem(self.grid)
        self.cloud = ShadedCloud(plot)  # dark blue to yellow by original x: no red or green
        self.classes = [pg.ScatterPlotItem(size=6, pen=None, brush=pg.mkBrush(theme.PALETTE[c]))
                        for c in CLASS_COLOURS]
        self.line = pg.PlotDataItem(pen=theme.pen("black", 3, dashed=True))
        # Each arrow on a white halo, so it stands out from the points under it.
        self.halos = [pg.PlotDataItem(pen=pg.mkPen("w", width=9)) for _ in range(3)]
        self.arrows = [pg.PlotDataItem(pen=theme.pen(c, 5), name=f"where e{i} goes")
                       for i, c in zip("₁₂", ARROW_COLOURS)]
        self.w_arrow = pg.PlotDataItem(pen=theme.pen("purple", 5))
        for item in (*self.classes, self.line, *self.halos, *self.arrows, self.w_arrow):
            plot.addItem(item)
        self.legend = _legend(plot, [(item, item.name()) for item in self.arrows])
        self.w_label = pg.TextItem("w", color=theme.PALETTE["purple"], anchor=(0.5, 0.5),
                                   fill=pg.mkBrush(255, 255, 255, 220))
        plot.addItem(self.w_label)
        self._box = np.array([[-1.0, 1.0], [-1.0, 1.0]])
        self._legend_pt = float(TEXT_PT)

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.matrices = FitLabel(TEXT_PT)  # picks fewer or more rows of matrices to fit its width
        self.readout = QLabel()
        self.readout.setWordWrap(True)
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.loss_plot = LossPlot("Logistic loss")
        texts = QWidget()
        text_layout = QVBoxLayout(texts)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(self.matrices)
        text_layout.addWidget(self.readout)
        text_layout.addStretch(1)
        # Under the plane or beside it, whichever leaves the plane more room; in a scroll area so
        # that large text in a small window scrolls rather than being cut off.
        self.text_box = QScrollArea()
        self.text_box.setWidget(texts)
        self.text_box.setWidgetResizable(True)
        self.text_box.setFrameShape(QFrame.Shape.NoFrame)
        self.text_box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.picture = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.picture.addWidget(self.plane, 3)
        self.picture.addWidget(self.text_box, 0)
        self.texts = texts
        self._text_heights: dict[tuple, int] = {}
        self.matrices.reflowed.connect(self._fit_text_box)  # more rows of matrices: a taller box
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(self.picture, 3)
        layout.addWidget(self.loss_plot, 2)
        self._scene: MapScene | ClassifierScene | None = None
        self._last = None  # the snapshot on screen
        self.side_by_side = False
        self._draw = {MapFrame: self._show_map, TanhFrame: self._show_tanh,
                      ClassifierFrame: self._show_classifier}
        self._show_kind(classifier=False)
        self.set_zoom(1.0)
        self.clear()
        plot.vb.sigResized.connect(self._fit_legend)

    # -- the contract ------------------------------------------------------------------------------
    def set_scene(self, scene) -> None:
        self._scene = scene
        self._last = None  # a frame of the run before belongs to its own scene
        self._set_box(scene.bounds)
        classifier = isinstance(scene, ClassifierScene)
        self._show_kind(classifier)
        if classifier:
            self.classes[0].setData(pos=scene.points[scene.labels > 0])
            self.classes[1].setData(pos=scene.points[scene.labels < 0])
        else:
            self.cloud.set_shades(scene.shade)

    def clear(self) -> None:
        for item in (self.grid, self.line, self.w_arrow, *self.arrows, *self.halos):
            item.setData([], [])
        self.cloud.clear()
        self.w_label.setVisible(False)
        self.title.setText("Press Start (Space)")
        self.matrices.setText("")
        self.readout.setText("")
        self._last = None
        self.loss_plot.clear_history()

    def show_snapshot(self, snapshot) -> None:
        if not isinstance(self._scene, SCENE_OF[type(snapshot.frame)]):
            return  # a late frame of the run before a reset: its scene is gone
        self._last = snapshot
        self._draw[type(snapshot.frame)](snapshot)
        self._fit_text_box()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._choose_layout()

    def _choose_layout(self) -> None:
        """Readout under the plane or beside it: whichever leaves the plane the larger square."""
        height = self.picture.geometry().height()
        width = self.width()
        if height <= 0 or width <= 0:
            return
        below = self.readout.heightForWidth(width) if self.readout.text() else 0
        if self.matrices.isVisibleTo(self):
            below += 3 * self.matrices.fontMetrics().lineSpacing()  # names and two rows
        under = min(width, height - below)
        beside = min(0.6 * width, height)
        side = beside > 1.1 * under  # only when clearly better: no flipping back and forth
        if side != self.side_by_side:
            self.side_by_side = side
            self.picture.setDirection(QBoxLayout.Direction.LeftToRight if side
                                      else QBoxLayout.Direction.TopToBottom)
            self.picture.setStretchFactor(self.text_box, 3 if side else 0)
            if self._last is not None:  # the matrices' rows follow the layout
                self._draw[type(self._last.frame)](self._last)
        self._fit_text_box()

    def _fit_text_box(self) -> None:
        """Under the plane the texts take their own height; beside it, whatever there is."""
        if self.side_by_side:
            self.text_box.setMinimumHeight(0)
            self.text_box.setMaximumHeight(16_777_215)
            return
        width = self.text_box.viewport().width() or self.width()
        # The same shapes of text at the same width take the same height: measured once
        # (laying the readouts out again took ~5 ms of every frame).
        key = (width, *((shape(label.text()), label.font().pointSizeF(), label.styleSheet())
                        for label in (self.matrices, self.readout)))
        height = self._text_heights.get(key)
        if height is None:
            height = self.texts.heightForWidth(width)
            if height < 0:
                height = self.texts.sizeHint().height()
            if len(self._text_heights) > 256:
                self._text_heights.clear()
            self._text_heights[key] = height
        if height != self.text_box.maximumHeight() or height != self.text_box.minimumHeight():
            self.text_box.setFixedHeight(height)

    def set_zoom(self, factor: float) -> None:
        self.title.setStyleSheet(f"font-size: {TITLE_PT * factor:.0f}pt; font-weight: bold;")
        self.readout.setStyleSheet(f"font-size: {TEXT_PT * factor:.0f}pt;")
        self.matrices.set_point_size(TEXT_PT * factor)
        self._choose_layout()
        self._legend_pt = TEXT_PT * min(factor, 1.5)  # larger would hide the cloud under it
        self._fit_legend()
        font = self.w_label.textItem.font()
        font.setPointSizeF(TITLE_PT * factor)
        self.w_label.setFont(font)

    def _fit_legend(self) -> None:
        """The legend at its zoomed size, smaller in a small plane, and none where even the
        smallest would cover more than half the plane's width (the notes say what the arrows are)."""
        room = LEGEND_SHARE * self.plane.getPlotItem().vb.width()
        for size in (self._legend_pt, *[pt for pt in LEGEND_SMALLER_PT if pt < self._legend_pt]):
            self._set_legend_pt(size)
            if room <= 0 or _legend_width(self.legend) <= room:
                break
        fits = room <= 0 or _legend_width(self.legend) <= room
        self.legend.setVisible(self.matrices.isVisibleTo(self) and fits)  # maps only

    def _set_legend_pt(self, size: float) -> None:
        text_size = f"{size:.0f}pt"
        if self.legend.opts.get("labelTextSize") == text_size:
            return
        self.legend.setLabelTextSize(text_size)
        for _, label in self.legend.items:  # the size applies to text set after it: set it again
            label.setText(label.text, size=text_size)

    def main_plot(self):
        return self.plane.getPlotItem()

    def ghost_items(self, scene, frame, pen) -> list:
        """The earlier image of the basis arrows; for the classifier, its earlier line."""
        if isinstance(frame, ClassifierFrame):
            return [pg.PlotDataItem(frame.line[:, 0], frame.line[:, 1], pen=pen)] if len(frame.line) else []
        items = []
        for polyline in frame.arrows:
            item = pg.PlotDataItem(pen=pen)
            set_arrow(item, polyline, HEAD * _size(scene.bounds))
            items.append(item)
        return items

    # -- the maps ----------------------------------------------------------------------------------
    def _show_moved(self, frame) -> None:
        self.cloud.set_points(frame.points)
        set_lines(self.grid, frame.grid)
        head = HEAD * _size(self._box)
        for item, halo, polyline in zip(self.arrows, self.halos, frame.arrows):
            set_arrow(item, polyline, head)
            set_arrow(halo, polyline, head)

    def _show_map(self, snapshot) -> None:
        frame: MapFrame = snapshot.frame
        self._show_moved(frame)
        self._set_title(frame.title, frame.detail)
        self.matrices.set_choices(text.map_matrices(self._scene, frame, self.side_by_side))
        self.readout.setText(text.map_readout(self._scene, frame))

    def _show_tanh(self, snapshot) -> None:
        frame: TanhFrame = snapshot.frame
        self._show_moved(frame)
        self._set_title("tanh(s · W x)", f"s = {frame.s:.2f} (from 1 to 5): no matrix does this")
        self.matrices.set_choices(text.tanh_matrices(self._scene, self.side_by_side))
        self.readout.setText(text.tanh_readout(self._scene, frame))

    # -- the classifier ----------------------------------------------------------------------------
    def _show_classifier(self, snapshot) -> None:
        frame: ClassifierFrame = snapshot.frame
        if len(frame.line):
            self.line.setData(frame.line[:, 0], frame.line[:, 1])
            set_arrow(self.w_arrow, frame.w_arrow, HEAD * _size(self._box))
            set_arrow(self.halos[2], frame.w_arrow, HEAD * _size(self._box))
            base, tip = frame.w_arrow
            beside = np.array([base[1] - tip[1], tip[0] - base[0]])  # the arrow turned by 90°
            self.w_label.setPos(*((base + tip) / 2 + 0.2 * beside))
            self.w_label.setVisible(True)
        else:
            for item in (self.line, self.w_arrow, self.halos[2]):
                item.setData([], [])
            self.w_label.setVisible(False)
        self.loss_plot.append(snapshot)
        self._set_title("sign(w·x + b)", f"step {snapshot.step} of {snapshot.steps}")
        self.readout.setText(text.classifier_readout(frame))

    # -- shared ------------------------------------------------------------------------------------
    def _set_title(self, title: str, detail: str) -> None:
        self.title.setText(f"{html.escape(title)}<br><span style='font-size: small; "
                           f"font-weight: normal;'>{html.escape(detail)}</span>")

    def _set_box(self, bounds: np.ndarray) -> None:
        self._box = np.asarray(bounds, dtype=float)
        (x0, x1), (y0, y1) = self._box
        self.plane.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def _show_kind(self, classifier: bool) -> None:
        for item in (self.grid, self.cloud, *self.arrows, *self.halos[:2]):
            item.setVisible(not classifier)
        for item in (*self.classes, self.line, self.w_arrow, self.halos[2]):
            item.setVisible(classifier)
        self.w_label.setVisible(False)
        self.matrices.setVisible(not classifier)
        self._fit_legend()
        self.loss_plot.setVisible(classifier)


VIEW = SpaceTransformsView
SCENE_OF = {MapFrame: MapScene, TanhFrame: MapScene, ClassifierFrame: ClassifierScene}

CLOUD_TIP = "Each dot keeps the colour of where it began: dark blue on the left, yellow on the right."


def _legend(plot: pg.PlotItem, entries) -> pg.LegendItem:
    """A legend in the plane's top-left corner (the framed box leaves its corners mostly empty)."""
    legend = pg.LegendItem(offset=(8, 8), brush=pg.mkBrush(255, 255, 255, 170))
    legend.setParentItem(plot.vb)
    for item, name in entries:
        legend.addItem(item, name)
    return legend


def _size(bounds: np.ndarray) -> float:
    return float(np.max(bounds[:, 1] - bounds[:, 0]))


def _legend_width(legend: pg.LegendItem) -> float:
    """The legend's width as its labels are now (its own layout catches up only later)."""
    sample = 20 + 2 * 5  # pyqtgraph's sample swatch and the layout's margins
    return sample + max((label.item.boundingRect().width() for _, label in legend.items), default=0)
