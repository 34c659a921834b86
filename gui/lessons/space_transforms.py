"""Space transforms' view: a square plane with the cloud, the basis arrows and a faint grid moving
with the map; beside it the stage, W, its singular values, det and what they mean. For the
classifier: the two labelled clouds, the line w·x + b = 0, the arrow w, the loss and the
accuracy."""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from core.lesson import Lesson
from gui import theme
from gui.lessons.base import LessonView
from gui.widgets.loss_plot import LossPlot

STAGE_PT = 20
READOUT_PT = 16
AXIS_PT = 12
COLOUR_LEVELS = 16  # one scatter item per colour: redraws stay fast with 1000 points
COLOUR_RANGE = 2.5  # original x from -2.5 to 2.5 spans the colour map
STAGE_NUMBER = {"rotation Vᵀ": 1, "scaling S": 2, "rotation U": 3}
GRID_PEN = pg.mkPen("#c8c8c8", width=1)


class SpaceTransformsView(LessonView):
    def __init__(self, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(lesson, parent)
        self.plane = pg.PlotWidget()
        self.plane.setAspectLocked(True)
        self.plane.showGrid(x=True, y=True, alpha=0.15)
        self.plane.setMenuEnabled(False)
        self.plane.hideButtons()
        plot = self.plane.getPlotItem()
        self.grid = pg.PlotDataItem(pen=GRID_PEN)
        cividis = pg.colormap.get("cividis")  # blue to yellow: no red or green, like the arrows
        self.cloud = [pg.ScatterPlotItem(size=6, pen=None, brush=pg.mkBrush(colour))
                      for colour in cividis.getLookupTable(0.0, 1.0, COLOUR_LEVELS)]
        self.classes = [pg.ScatterPlotItem(size=6, pen=None, brush=pg.mkBrush(theme.PALETTE[name]))
                        for name in ("blue", "orange")]  # labels +1 and -1
        # Each arrow on a white halo, so it stands out from the points under it.
        self.halos = [pg.PlotDataItem(pen=pg.mkPen("w", width=9)) for _ in range(3)]
        self.arrows = [pg.PlotDataItem(pen=theme.pen(name, 5)) for name in ("red", "green")]
        self.line = pg.PlotDataItem(pen=theme.pen("black", 3, dashed=True))
        self.w_arrow = pg.PlotDataItem(pen=theme.pen("purple", 5))
        for item in (self.grid, *self.cloud, *self.classes, self.line, *self.halos, *self.arrows,
                     self.w_arrow):
            plot.addItem(item)
        for name in ("left", "bottom"):
            plot.getAxis(name).setStyle(tickFont=_font(AXIS_PT))
        plot.getAxis("left").setWidth(56)  # room for "−0.5" from the first frame on
        self.w_label = pg.TextItem("w", color=theme.PALETTE["purple"], anchor=(0.5, 0.5),
                                   fill=pg.mkBrush(255, 255, 255, 220))
        self.w_label.setFont(_font(STAGE_PT))
        plot.addItem(self.w_label)
        self._groups: list[np.ndarray] = []  # which points wear each colour
        self._colour_key: np.ndarray | None = None
        self._extent: float | None = None

        self.stage = QLabel()
        self.stage.setWordWrap(True)
        self.readout = QLabel()
        self.readout.setWordWrap(True)
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.loss_plot = LossPlot("Logistic loss")
        self.loss_plot.setVisible(False)
        side = QVBoxLayout()
        side.addWidget(self.stage)
        side.addWidget(self.readout)
        side.addWidget(self.loss_plot, 1)
        side.addStretch(0)
        side_host = QWidget()
        side_host.setLayout(side)
        side_host.setMinimumWidth(280)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plane, 3)
        layout.addWidget(side_host, 2)
        self.set_zoom(1.0)
        self.clear()

    # -- the contract ------------------------------------------------------------------------------
    def clear(self) -> None:
        for item in (self.grid, self.line, self.w_arrow, *self.arrows, *self.halos):
            item.setData([], [])
        for scatter in (*self.cloud, *self.classes):
            scatter.setData([], [])
        self._extent = None
        self.stage.setText("Press Start (Space)")
        self.readout.setText("")
        self.loss_plot.clear_history()

    def show_snapshot(self, snapshot) -> None:
        state = snapshot.state
        self._set_extent(float(state["extent"]))
        if state["kind"] == "classifier":
            self._show_classifier(snapshot)
        else:
            self._show_map(snapshot)

    def set_zoom(self, factor: float) -> None:
        self.stage.setStyleSheet(f"font-size: {STAGE_PT * factor:.0f}pt; font-weight: bold;")
        self.readout.setStyleSheet(f"font-size: {READOUT_PT * factor:.0f}pt;")

    # -- the maps ----------------------------------------------------------------------------------
    def _show_map(self, snapshot) -> None:
        state = snapshot.state
        self._show_kind(classifier=False)
        points = state["points"]
        for scatter, group in zip(self.cloud, self._groups_for(state["colour"])):
            scatter.setData(pos=points[group])
        grid = state["grid"]
        self.grid.setData(grid[..., 0].ravel(), grid[..., 1].ravel(), connect=_connect(grid.shape))
        head = 0.05 * self._extent
        for item, halo, polyline in zip(self.arrows, self.halos, state["arrows"]):
            xy, connect = arrow_path(polyline, head)
            item.setData(xy[:, 0], xy[:, 1], connect=connect)
            halo.setData(xy[:, 0], xy[:, 1], connect=connect)
        self.stage.setText(self._stage_title(snapshot))
        self.readout.setText(map_readout(state, "layer.weight" if snapshot.variant == "nn-linear"
                                         else "M(t)"))

    def _stage_title(self, snapshot) -> str:
        stage = snapshot.state["stage"]
        number = STAGE_NUMBER.get(stage)
        title = f"Stage {number} of 3 · {stage}" if number else stage
        if snapshot.step == snapshot.steps and number:
            title = "Done: W = U S Vᵀ"
        detail = snapshot.state["stage_detail"]
        return f"{title}<br><span style='font-size: small; font-weight: normal;'>{detail}</span>"

    def _groups_for(self, colour: np.ndarray) -> list[np.ndarray]:
        """Points grouped by their original x; worked out once per run (it never changes in one)."""
        if self._colour_key is None or not np.array_equal(self._colour_key, colour):
            level = (np.clip(colour, -COLOUR_RANGE, COLOUR_RANGE) / COLOUR_RANGE + 1) / 2
            index = np.round(level * (COLOUR_LEVELS - 1)).astype(int)
            self._groups = [np.flatnonzero(index == i) for i in range(COLOUR_LEVELS)]
            self._colour_key = colour.copy()
        return self._groups

    # -- the classifier ----------------------------------------------------------------------------
    def _show_classifier(self, snapshot) -> None:
        state = snapshot.state
        self._show_kind(classifier=True)
        points, labels = state["points"], state["labels"]
        self.classes[0].setData(pos=points[labels > 0])
        self.classes[1].setData(pos=points[labels < 0])
        line = state["line"]
        self.line.setData(line[:, 0], line[:, 1])
        if len(state["w_arrow"]):
            xy, connect = arrow_path(state["w_arrow"], 0.05 * self._extent)
            self.w_arrow.setData(xy[:, 0], xy[:, 1], connect=connect)
            self.halos[2].setData(xy[:, 0], xy[:, 1], connect=connect)
            base, tip = state["w_arrow"]
            beside = np.array([base[1] - tip[1], tip[0] - base[0]])  # the arrow turned by 90°
            self.w_label.setPos(*((base + tip) / 2 + 0.2 * beside))
            self.w_label.setVisible(True)
        else:
            self.w_label.setVisible(False)
            self.w_arrow.setData([], [])
            self.halos[2].setData([], [])
        self.loss_plot.append(snapshot)
        self.stage.setText("sign(w·x + b)<br><span style='font-size: small; font-weight: normal;'>"
                           f"step {snapshot.step} of {snapshot.steps}</span>")
        self.readout.setText(classifier_readout(state))

    # -- shared ------------------------------------------------------------------------------------
    def _set_extent(self, extent: float) -> None:
        if extent != self._extent:
            self._extent = extent
            self.plane.setRange(xRange=(-extent, extent), yRange=(-extent, extent), padding=0)

    def _show_kind(self, classifier: bool) -> None:
        for item in (self.grid, *self.cloud, *self.arrows, *self.halos[:2]):
            item.setVisible(not classifier)
        for item in (*self.classes, self.line, self.w_arrow, self.halos[2], self.w_label):
            item.setVisible(classifier)
        self.loss_plot.setVisible(classifier)


VIEW = SpaceTransformsView


# -- drawing helpers -------------------------------------------------------------------------------
def _font(points: float) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    return font


def _connect(shape: tuple[int, ...]) -> np.ndarray:
    """Join the samples of each grid line, never the end of one line to the start of the next."""
    lines, samples = shape[0], shape[1]
    connect = np.ones((lines, samples), dtype=bool)
    connect[:, -1] = False
    return connect.ravel()


def arrow_path(polyline: np.ndarray, head: float) -> tuple[np.ndarray, np.ndarray]:
    """A shaft along ``polyline`` and an open head at its end, as one path with breaks.

    The head's direction comes from the last stretch of the shaft, so a bent arrow points along its
    bend. A shaft of length 0 (a collapsed axis) gets no head.
    """
    tip = polyline[-1]
    direction = tip - polyline[max(len(polyline) - 3, 0)]
    size = float(np.hypot(*direction))
    if size < 1e-9 or not np.isfinite(size):
        return polyline, np.ones(len(polyline), dtype=bool)
    back = -direction / size * head
    side = np.array([-back[1], back[0]]) * 0.6
    barbs = np.stack([tip + back + side, tip, tip + back - side])
    xy = np.concatenate([polyline, barbs])
    connect = np.ones(len(xy), dtype=bool)
    connect[len(polyline) - 1] = False  # the shaft's end and the first barb are drawn separately
    return xy, connect


def _num(value: float) -> str:
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text.replace("-", "−")


def _matrix_html(name: str, M: np.ndarray) -> str:
    cells = "".join(
        "<tr>" + "".join(f"<td align='right' style='padding: 0 8px;'>{_num(v)}</td>" for v in row)
        + "</tr>" for row in M)
    return (f"<table><tr><td valign='middle' style='padding-right: 6px;'>{name} =</td>"
            f"<td><table style='font-family: monospace; border-left: 2px solid #202020; "
            f"border-right: 2px solid #202020;'>{cells}</table></td></tr></table>")


def map_readout(state: dict, frame_name: str = "M(t)") -> str:
    S = state["singular_values"]
    det = state["det"]
    if state["rank"] < 2:
        colour = "#B03A00"
    elif det < 0:
        colour = "#8A4B00"
    else:
        colour = "#2F6B3F"
    parts = [_matrix_html("W", state["W"])]
    if "M" in state:
        parts.append(_matrix_html(frame_name, state["M"]))
    parts.append(f"σ₁ = {_num(S[0])}, σ₂ = {_num(S[1])}")
    parts.append(f"det W = {_num(det)}")
    verdict = html.escape(state["verdict"])
    if "s" in state:
        verdict = "W alone: " + verdict
    parts.append(f"<b style='color: {colour};'>{verdict}</b>")
    parts.append("<span style='color: #D55E00;'>■</span> where e₁ goes &nbsp; "
                 "<span style='color: #009E73;'>■</span> where e₂ goes")
    return "<br>".join(parts)


def classifier_readout(state: dict) -> str:
    w, b = state["w"], state["b"]
    norm = float(np.hypot(*w))
    lines = [
        f"w = ({_num(w[0])}, {_num(w[1])}), |w| = {_num(norm)}",
        f"b = {_num(b)}",
        f"loss = {state['loss_now']:.4f}",
        f"accuracy = {100 * state['accuracy']:.1f} %",
        "<span style='color: #CC79A7;'>■</span> w (its direction; the line is at right angles)",
        "<span style='color: #0072B2;'>■</span> label +1 &nbsp; "
        "<span style='color: #E69F00;'>■</span> label −1",
    ]
    if norm < 1e-12:
        lines.insert(0, "<b>w = 0: no line yet</b>")
    return "<br>".join(lines)
