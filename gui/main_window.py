"""The main window: one tab per registered lesson, the menus and keys, settings, orderly shutdown.

Features beyond the tabs (presenter mode, setups, exports, comparisons) add their own menu
entries through ``add_action``; this file stays the frame they hang on.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QPixmap, QRegion
from PySide6.QtWidgets import (
    QMainWindow, QMenu, QMessageBox, QStackedWidget, QTabWidget, QVBoxLayout, QWidget,
)
from superqt.utils import QSignalThrottler

import resources
from core.lesson import Lesson
from core.registry import LESSONS
from gui import zoom as zooming
from gui.lesson_tab import LessonTab
from gui.long_lived import keep_out_of_collections
from gui.next_turn import in_next_turn
from gui.run_server import ServerStarter

# Between two background tab builds the event loop gets this long for keys, signals and paints.
BUILD_PAUSE_MS = 150
BUILD_RETRY_MS = 1000  # while a run plays, look again a second later
TITLE_EVERY_MS = 250
BUILD_QUIET_S = 1.0  # and build only once the runs have been still this long (not as one starts)


class MainWindow(QMainWindow):
    tab_built = Signal(object)  # a LessonTab, once created
    zoom_changed = Signal(float)

    def __init__(self, lessons: tuple[Lesson, ...] = LESSONS) -> None:
        super().__init__()
        self.setWindowTitle("Torch Classroom")
        self.setWindowIcon(QIcon(str(resources.path("icon.svg"))))
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.devices = None  # what torch sees in the run processes, once the server is up
        self.torch_version = ""
        self.starter: ServerStarter | None = None
        self._closed = False
        # The title follows the run a few times a second, not every frame: each new title is a
        # trip to the window system (and the taskbar's redraw), for a number nobody reads at 30/s.
        self._title_throttler = QSignalThrottler(parent=self)
        self._title_throttler.setTimeout(TITLE_EVERY_MS)
        self._title_throttler.triggered.connect(self._update_title)
        self.pages = [LessonPage(lesson, self._on_tab_built) for lesson in lessons]
        for number, page in enumerate(self.pages, start=1):
            self.tabs.addTab(page, f"{number} · {page.lesson.title}".replace("&", "&&"))
            self.tabs.setTabToolTip(number - 1, f"{page.lesson.summary} (Ctrl+{number})")
        self.setCentralWidget(self.tabs)
        self.tabs.currentChanged.connect(self._on_current_changed)
        self._base_point_size = zooming.base_point_size()
        self._zoom = 1.0
        zooming.hold_size(self)
        self.menus: dict[str, QMenu] = {}
        self._build_menus()
        from gui.compare import install as install_compare

        install_compare(self)  # ghosts of earlier runs, learning-rate sweeps
        from gui import projector

        projector.install(self)  # presenter mode, panels, keys, themes, plot views
        self.statusBar().showMessage("Loading torch… the lessons can start in a moment.")
        self._restore_settings()
        self._update_title()
        from gui.files import install

        install(self)  # File menu: setups, plans, exports, scripts; remembered controls

    # -- start-up ---------------------------------------------------------------------------------
    @property
    def lesson_tabs(self) -> list[LessonTab]:
        """Every lesson's tab (building any that is not built yet)."""
        return [page.ensure() for page in self.pages]

    def built_tabs(self) -> list[LessonTab]:
        return [page.tab for page in self.pages if page.tab is not None]

    def start_server(self) -> None:
        """Start the process server (torch loads there, not here) and learn the devices."""
        self.starter = ServerStarter(self)
        self.starter.ready.connect(self._on_server_ready)
        self.starter.failed.connect(self._on_server_failed)
        self.starter.start()

    def _on_tab_built(self, tab: LessonTab) -> None:
        tab.progressed.connect(self._title_throttler.throttle)
        tab.controller.state_changed.connect(self._note_run_activity)
        if self.zoom_factor != 1.0:
            tab.set_zoom(self.zoom_factor)
        if self.devices is not None and not self._closed:
            tab.server_ready(self.devices)
        self.tab_built.emit(tab)
        QTimer.singleShot(0, keep_out_of_collections)  # the tab lives as long as the window

    _run_activity = 0.0  # when a run last changed state (time.monotonic)

    def _note_run_activity(self, *_) -> None:
        self._run_activity = time.monotonic()

    @Slot(str, object)
    def _on_server_ready(self, version: str, devices) -> None:
        if self._closed:
            return
        self.torch_version = version
        self.devices = devices
        for tab in self.built_tabs():
            tab.server_ready(devices)
        self.current_tab().activate()
        QTimer.singleShot(0, self._build_next_tab)
        names = ", ".join(d.label for d in devices)
        self.statusBar().showMessage(f"torch {version} ready · devices: {names}", 8000)

    def _build_next_tab(self) -> None:
        """Build the tabs not on screen, one per event-loop turn, so a first visit is instant
        (their run processes still start only when they are first shown).

        Only while no run plays and no sweep goes on, and not just after a run stopped or was
        reset (the user is about to start one): a build takes 80-400 ms of the window's thread,
        which a run being watched would show as a stall. A tab still unbuilt then is built on
        its first visit."""
        if self._closed:
            return
        recently = time.monotonic() - self._run_activity < BUILD_QUIET_S
        if recently or any(tab.controller.working for tab in self.built_tabs()):
            QTimer.singleShot(BUILD_RETRY_MS, self._build_next_tab)
            return
        for page in self.pages:
            if page.tab is None:
                page.ensure()
                QTimer.singleShot(BUILD_PAUSE_MS, self._build_next_tab)
                return

    @Slot(str)
    def _on_server_failed(self, details: str) -> None:
        if self._closed:
            return
        self.statusBar().showMessage("torch could not be loaded: lessons cannot run.")
        box = QMessageBox(QMessageBox.Icon.Critical, "torch could not be loaded",
                          "Torch Classroom needs torch. Reinstall it (see the README) and restart.",
                          parent=self)
        box.setDetailedText(details)
        box.open()

    @Slot(int)
    def _on_current_changed(self, index: int) -> None:
        tab = self.current_tab()
        if self.devices is not None:
            # A tab's run process starts when the tab is first shown: after its first paint, in
            # a turn of its own (the two together held the window 35-60 ms on a first visit).
            in_next_turn(tab, tab.activate)
        self._update_title()

    # -- menus and keys -----------------------------------------------------------------------------
    def add_action(self, menu: str, text: str, keys, slot: Callable, tip: str = "",
                   checkable: bool = False) -> QAction:
        """An entry in ``menu`` whose keys work with the menu bar hidden (full screen) too."""
        action = QAction(text, self)
        shortcuts = [QKeySequence(k) for k in (keys if isinstance(keys, (list, tuple)) else [keys]) if k]
        action.setShortcuts(shortcuts)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setStatusTip(tip)
        action.setToolTip(tip or text)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.menus[menu].addAction(action)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        for name in ("&File", "&Run", "&Lessons", "&View", "&Help"):
            self.menus[name.replace("&", "")] = bar.addMenu(name)
        self.add_action("File", "&Quit", QKeySequence.StandardKey.Quit, self.close)
        self.add_action("Run", "Start / Pause", "Space", lambda: self.current_tab().toggle_play())
        self.add_action("Run", "Step", ["Right", "."], lambda: self.current_tab().step_once())
        self.add_action("Run", "Reset", "R", lambda: self.current_tab().reset())
        for index, page in enumerate(self.pages[:9]):
            self.add_action("Lessons", page.lesson.title, f"Ctrl+{index + 1}",
                            lambda _=False, i=index: self.tabs.setCurrentIndex(i))
        self.add_action("View", "Full screen", "F11", self.toggle_full_screen)
        self.add_action("View", "Zoom in", ["Ctrl+=", "Ctrl++"], lambda: self.zoom(+1))
        self.add_action("View", "Zoom out", "Ctrl+-", lambda: self.zoom(-1))
        self.add_action("View", "Actual size", "Ctrl+0", lambda: self.zoom(0))
        self.add_action("Help", "About Torch Classroom", [], self.show_about)

    @Slot()
    def _update_title(self) -> None:
        """The lesson and its progress, so a taskbar (or a class) can see how far the run is."""
        tab = self.current_tab()
        snap = tab.snapshot
        if snap is not None and snap.step > 0:
            self.setWindowTitle(f"{tab.lesson.title} — step {snap.step:,} / {snap.steps:,} — Torch Classroom")
        else:
            self.setWindowTitle(f"{tab.lesson.title} — Torch Classroom")

    def show_lesson(self, key: str) -> LessonTab:
        """Bring a lesson's tab to the front and return it."""
        index = [page.lesson.key for page in self.pages].index(key)
        self.tabs.setCurrentIndex(index)
        tab = self.pages[index].ensure()
        if self.devices is not None:
            tab.activate()
        return tab

    def current_tab(self) -> LessonTab:
        return self.tabs.currentWidget().ensure()

    @Slot()
    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def zoom(self, direction: int) -> None:
        """Whole-window zoom in steps: +1 larger, -1 smaller, 0 back to actual size."""
        self.set_zoom(zooming.next_step(self._zoom, direction))

    def set_zoom(self, factor: float) -> None:
        """Every text at ``factor`` (clamped to 50-300 %); the window keeps its size."""
        self._zoom = factor = zooming.clamp(factor)
        zooming.apply_font(self._base_point_size, factor)
        for tab in self.built_tabs():
            tab.set_zoom(factor)
        self.statusBar().showMessage(f"Zoom {factor:.0%}", 2000)
        self.zoom_changed.emit(factor)

    @property
    def zoom_factor(self) -> float:
        return self._zoom

    @Slot()
    def show_about(self) -> None:
        import pyqtgraph
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        import core

        torch_text = self.torch_version or "loading…"
        QMessageBox.about(self, "About Torch Classroom", (
            f"<h3>Torch Classroom {core.__version__}</h3>"
            "<p>Learn PyTorch by watching real training loops run.</p>"
            f"<p>torch {torch_text}<br>Qt {qVersion()} (PySide6 {pyside_version})<br>"
            f"pyqtgraph {pyqtgraph.__version__}</p>"))

    # -- settings and closing --------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        from gui import geometry, settings as store

        settings = QSettings()
        if not geometry.restore(self, settings.value("window/geometry")):
            geometry.place_fresh(self)
        if not store.writable():
            self.statusBar().showMessage(
                f"Settings cannot be saved ({settings.fileName()} is not writable): "
                "changes last until you quit.", 15000)
        key = settings.value("window/lesson", "")
        for index, page in enumerate(self.pages):
            if page.lesson.key == key:
                self.tabs.setCurrentIndex(index)
        zoom = settings.value("window/zoom", 1.0)
        try:
            zoom = float(zoom)
        except (TypeError, ValueError):
            zoom = 1.0
        if zooming.SMALLEST <= zoom <= zooming.LARGEST and zoom != 1.0:
            self.set_zoom(zoom)

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/lesson", self.current_tab().lesson.key)
        settings.setValue("window/zoom", self.zoom_factor)

    @property
    def closed(self) -> bool:
        return self._closed

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self.hide()  # gone from the screen at once; the orderly end follows
            self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Save the settings and end every run process and thread, in a known order."""
        from gui.run_host import shutdown_all

        self._closed = True
        self.save_settings()
        for tab in self.built_tabs():
            tab.shutdown()
        if self.starter is not None:
            self.starter.requestInterruption()
        shutdown_all()  # also ends the process server, which ends the starter's wait
        if self.starter is not None:
            self.starter.wait()


class LessonPage(QWidget):
    """A tab page that builds its lesson's tab the first time it is needed (start-up builds only
    the one on screen)."""

    def __init__(self, lesson: Lesson, on_built) -> None:
        super().__init__()
        self.lesson = lesson
        self.tab: LessonTab | None = None
        self._on_built = on_built
        self._laid_out_at = None  # the geometry lay_out_unseen last laid the tab out at
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> LessonTab:
        if self.tab is None:
            self.tab = LessonTab(self.lesson)
            self._layout.addWidget(self.tab)
            self._on_built(self.tab)
            if not self.isVisible():
                in_next_turn(self, self.lay_out_unseen)
        return self.tab

    def lay_out_unseen(self) -> None:
        """Lay a tab built out of sight out at the size it will be shown at, so that its first
        visit finds it laid out but for a few pixels (laying out every plot, title and axis then
        held a switch 17-28 ms, now ~6; this takes ~7 ms in a turn of its own). Qt sizes only
        the page on screen, and sends a hidden widget's resizes when it is shown or drawn:
        drawing one pixel sends them now."""
        stack, tab = self.parentWidget(), self.tab
        shown = stack.currentWidget() if isinstance(stack, QStackedWidget) else None
        if tab is None or self.isVisible() or shown is None or shown is self:
            return
        if self._laid_out_at == shown.geometry():
            return
        self._laid_out_at = shown.geometry()
        self.setGeometry(self._laid_out_at)
        for _ in range(2):  # the second sends the resizes the first one's layouts asked for
            self.render(QPixmap(1, 1), QPoint(), QRegion(0, 0, 1, 1))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.ensure)
