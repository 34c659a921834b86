"""Plots that stay readable: a small "reset view" button in place of pyqtgraph's "A", Reset (R)
puts back every plot's view, mouse zoom can be switched off (presenter mode), and log axes label
whole decades only.

A plot's home view is what its lesson view set up: its ranges after the view was built and after
each new scene. A plot that frames its own data (``reset_view()``, the loss plot) reframes instead.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QToolButton, QWidget

from core.protocol import RunState
from gui.widgets.plot_zoom import fit_title

BUTTON_TEXT = "⟲"
BUTTON_TIP = "Reset this plot's view (Reset R does every plot)"


class PlotViews(QObject):
    """The plots of one lesson view: their home views, reset buttons and mouse switch."""

    def __init__(self, tab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.mouse = True
        self._homes: dict[pg.ViewBox, dict] = {}
        self._buttons: list[QToolButton] = []
        for widget in tab.view.findChildren(pg.GraphicsView):
            self._add_button(widget)
        for item in self.plot_items():
            item.hideButtons()
            for axis in item.axes.values():
                decade_labels(axis["item"])
        self.remember()
        tab.controller.state_changed.connect(self._on_state)
        tab.controller.scene_changed.connect(self.remember)  # after the view framed the scene

    def plot_items(self) -> list[pg.PlotItem]:
        found = []
        for widget in self.tab.view.findChildren(pg.GraphicsView):
            found += [i for i in widget.scene().items() if isinstance(i, pg.PlotItem)]
        return found

    def view_boxes(self) -> list[pg.ViewBox]:
        found = []
        for widget in self.tab.view.findChildren(pg.GraphicsView):
            found += [i for i in widget.scene().items() if isinstance(i, pg.ViewBox)]
        return found

    def remember(self, *_) -> None:
        self._homes = {box: box.getState(copy=True) for box in self.view_boxes()}

    def restore(self) -> None:
        """Every plot back to its home view."""
        for widget in self.tab.view.findChildren(pg.GraphicsView):
            self._restore_widget(widget)

    def set_mouse(self, enabled: bool) -> None:
        """Mouse zoom and pan (and the plot menus) on or off."""
        self.mouse = enabled
        for box in self.view_boxes():
            box.setMouseEnabled(enabled, enabled)
            box.setMenuEnabled(enabled)

    def _restore_widget(self, widget: pg.GraphicsView) -> None:
        for box in [i for i in widget.scene().items() if isinstance(i, pg.ViewBox)]:
            home = self._homes.get(box)
            if home is not None:
                state = dict(home)
                state["mouseEnabled"] = [self.mouse, self.mouse]
                state["enableMenu"] = self.mouse
                if box.getState(copy=False) == state:
                    continue  # setting it anyway cost ~1 ms a Reset
                # The range goes through setRange: pyqtgraph's setState writes the new range
                # before comparing it with the old, so neither the axes nor the curves clipped
                # to the view heard of it (the loss axis went on showing the last run's decades).
                target = state.pop("targetRange")
                del state["viewRange"]
                box.setState(state)
                box.setRange(xRange=target[0], yRange=target[1], padding=0,
                             disableAutoRange=False)
        if hasattr(widget, "reset_view"):
            widget.reset_view()

    def _on_state(self, state: RunState) -> None:
        if state == RunState.RESETTING:
            self.restore()

    def _add_button(self, widget: pg.GraphicsView) -> None:
        button = QToolButton(widget)
        button.setText(BUTTON_TEXT)
        button.setToolTip(BUTTON_TIP)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setObjectName("resetViewButton")
        button.clicked.connect(lambda: self._restore_widget(widget))
        keeper = _Corner(button, widget)
        widget.installEventFilter(keeper)
        keeper.place()
        self._buttons.append(button)


class _Corner(QObject):
    """Keeps a button in its plot's bottom-left corner, and the plot's titles fitted to its width.

    Titles are refitted only when the plot's size changed since the last fit: showing a tab again
    at the same size (every tab switch) costs nothing. Zooming refits them itself."""

    def __init__(self, button: QToolButton, widget: QWidget) -> None:
        super().__init__(widget)
        self.button, self.widget = button, widget
        self._fitted = None  # the size the titles were last fitted to

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.place()
            if self.widget.size() != self._fitted:
                self._fitted = self.widget.size()
                for plot in [i for i in self.widget.scene().items() if isinstance(i, pg.PlotItem)]:
                    fit_title(self.widget, plot)
        return False

    def place(self) -> None:
        self.button.adjustSize()
        self.button.move(2, self.widget.height() - self.button.height() - 2)
        self.button.raise_()


def decade_labels(axis: pg.AxisItem) -> None:
    """In log mode, label only whole decades (minor ticks keep their lines, not their text)."""
    original = axis.logTickStrings

    def strings(values, scale, spacing):
        texts = original(values, scale, spacing)
        return [t if abs(v - round(v)) < 1e-9 else "" for v, t in zip(values, texts)]

    axis.logTickStrings = strings
