"""Presenter mode (F5 or View → Present; Esc leaves): full screen, the lesson's picture takes the
screen, the side panels fold to thin strips that open on demand, the run bar stays large at the
bottom, the menus and status bar step aside (their keys still work), and plots ignore the mouse
wheel and drags, so a stray scroll cannot spoil the picture mid-lesson.

Leaving puts back exactly what was there before: full screen or not, panels, bars.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

RUN_BAR_SCALE = 1.25  # the run bar's buttons and status, relative to the zoom


class Presenter(QObject):
    toggled = Signal(bool)

    def __init__(self, window, panels) -> None:
        super().__init__(window)
        self.window = window
        self.panels = panels
        self.active = False
        self._was_full_screen = False
        self.action = window.add_action("View", "Present", "F5", self.toggle,
                                        tip="Presenter mode: the picture fills the screen (Esc leaves)",
                                        checkable=True)
        self.leave_action = window.add_action("View", "Leave presenter mode", "Esc", self.leave)
        self.leave_action.setEnabled(False)
        window.tab_built.connect(self._dress)

    def toggle(self) -> None:
        self.leave() if self.active else self.enter()

    def enter(self) -> None:
        if self.active:
            return
        self.active = True
        w = self.window
        self._was_full_screen = w.isFullScreen()
        w.menuBar().hide()
        w.statusBar().hide()
        w.tabs.tabBar().hide()
        self.panels.set_presenting(True)
        for tab in w.built_tabs():
            self._dress(tab)
        w.showFullScreen()
        self._sync()

    def leave(self) -> None:
        if not self.active:
            return
        self.active = False
        w = self.window
        w.menuBar().show()
        w.statusBar().show()
        w.tabs.tabBar().show()
        self.panels.set_presenting(False)
        for tab in w.built_tabs():
            self._dress(tab)
        if not self._was_full_screen:
            w.showNormal()
        self._sync()

    def zoom_changed(self) -> None:
        for tab in self.window.built_tabs():
            self._dress(tab)

    def _dress(self, tab) -> None:
        """A tab as the mode wants it: its run bar's size and its plots' mouse."""
        zoom = self.window.zoom_factor
        tab.run_bar.set_zoom(zoom * RUN_BAR_SCALE if self.active else zoom)
        views = getattr(tab, "plot_views", None)
        if views is not None:
            views.set_mouse(not self.active)

    def _sync(self) -> None:
        self.action.setChecked(self.active)
        self.leave_action.setEnabled(self.active)
        self.toggled.emit(self.active)
