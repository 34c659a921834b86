"""The side panels of every lesson tab (controls on the left; notes, code and console on the
right) can be hidden and shown from the View menu (Ctrl+[ and Ctrl+]); the choice is remembered.

A hidden panel leaves a thin strip at its edge: a click on it opens the panel again. Presenter
mode hides both for the show; a strip then opens a panel only until it is clicked again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QSizePolicy, QToolButton, QWidget

from gui import settings as store

STRIP_WIDTH = 16
PANELS = {
    # name: (menu text, keys, settings key, the tab's attribute, arrow when hidden)
    "controls": ("Controls panel", "Ctrl+[", "view/controls", "controls_box", Qt.ArrowType.RightArrow),
    "side": ("Notes, code and console", "Ctrl+]", "view/side", "side", Qt.ArrowType.LeftArrow),
}


class Strip(QToolButton):
    """A thin full-height button at a hidden panel's edge."""

    def __init__(self, tip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedWidth(STRIP_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setAutoRaise(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setToolTip(tip)
        self.setObjectName("panelStrip")


class Panels(QObject):
    """Which panels show, for every tab of ``window`` (built now or later)."""

    changed = Signal()

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.shown = {name: store.read(key, True) for name, (_, _, key, _, _) in PANELS.items()}
        self.presenting = False
        self._opened: set[str] = set()  # opened on demand during presenter mode
        self._strips: dict[int, dict[str, Strip]] = {}
        self.actions = {}
        for name, (text, keys, _, _, _) in PANELS.items():
            action = window.add_action("View", text, keys, lambda on, n=name: self.set_shown(n, on),
                                       tip=f"Show or hide the {text.lower()} ({keys})", checkable=True)
            action.setChecked(self.shown[name])
            self.actions[name] = action
        window.tab_built.connect(self.attach)
        for tab in window.built_tabs():
            self.attach(tab)

    def attach(self, tab) -> None:
        strips = {}
        for name, (text, keys, _, attr, arrow) in PANELS.items():
            strip = Strip(f"Show the {text.lower()} ({keys})")
            strip.setArrowType(arrow)
            strip.clicked.connect(lambda _=False, n=name: self.toggle_from_strip(n))
            panel = getattr(tab, attr)
            index = tab.splitter.indexOf(panel)
            tab.splitter.insertWidget(index + 1 if name == "controls" else index, strip)
            tab.splitter.setCollapsible(tab.splitter.indexOf(strip), False)
            strips[name] = strip
        self._strips[id(tab)] = strips
        tab.destroyed.connect(lambda _=None, key=id(tab): self._strips.pop(key, None))
        self._apply(tab)

    def visible(self, name: str) -> bool:
        if self.presenting:
            return name in self._opened
        return self.shown[name]

    def set_shown(self, name: str, shown: bool) -> None:
        """Show or hide a panel outside presenter mode (remembered); in it, open on demand."""
        if self.presenting:
            self._opened.symmetric_difference_update({name})
        else:
            self.shown[name] = bool(shown)
            store.write(PANELS[name][2], bool(shown))
        self.actions[name].setChecked(self.visible(name))
        self._apply_all()

    def toggle_from_strip(self, name: str) -> None:
        self.set_shown(name, not self.visible(name))

    def set_presenting(self, presenting: bool) -> None:
        self.presenting = presenting
        self._opened.clear()
        for name, action in self.actions.items():
            action.setChecked(self.visible(name))
        self._apply_all()

    def _apply_all(self) -> None:
        for tab in self.window.built_tabs():
            self._apply(tab)
        self.changed.emit()

    def _apply(self, tab) -> None:
        strips = self._strips.get(id(tab), {})
        for name, (text, keys, _, attr, arrow) in PANELS.items():
            shown = self.visible(name)
            getattr(tab, attr).setVisible(shown)
            strip = strips.get(name)
            if strip is None:
                continue
            strip.setVisible(not shown or self.presenting)
            if shown:
                back = Qt.ArrowType.LeftArrow if arrow == Qt.ArrowType.RightArrow else Qt.ArrowType.RightArrow
                strip.setArrowType(back)
                strip.setToolTip(f"Hide the {text.lower()} ({keys})")
            else:
                strip.setArrowType(arrow)
                strip.setToolTip(f"Show the {text.lower()} ({keys})")
