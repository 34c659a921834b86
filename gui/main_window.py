"""The main window: one tab per registered lesson, the menus and keys, settings, orderly shutdown."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QTabWidget, QVBoxLayout, QWidget

import resources
from core.registry import LESSONS
from gui.lesson_tab import LessonTab
from gui.torch_loader import TorchLoader

ZOOM_STEPS = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5)


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Torch Classroom")
        self.setWindowIcon(QIcon(str(resources.path("icon.svg"))))
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.devices = None  # what torch sees, once it has loaded
        self._closed = False
        self.pages = [LessonPage(lesson, self._on_tab_built) for lesson in LESSONS]
        for number, page in enumerate(self.pages, start=1):
            self.tabs.addTab(page, f"{number} · {page.lesson.title}".replace("&", "&&"))
            self.tabs.setTabToolTip(number - 1, f"{page.lesson.summary} (Ctrl+{number})")
        self.setCentralWidget(self.tabs)
        self.tabs.currentChanged.connect(self._update_title)
        self.torch_version = ""
        self.loader: TorchLoader | None = None
        self._base_point_size = QApplication.font().pointSizeF()
        self._zoom_index = ZOOM_STEPS.index(1.0)
        self._build_menus()
        self.statusBar().showMessage("Loading torch… the lessons can start in a moment.")
        self._restore_settings()
        self._update_title()

    # -- start-up ---------------------------------------------------------------------------------
    @property
    def lesson_tabs(self) -> list[LessonTab]:
        """Every lesson's tab (building any that is not built yet)."""
        return [page.ensure() for page in self.pages]

    def built_tabs(self) -> list[LessonTab]:
        return [page.tab for page in self.pages if page.tab is not None]

    def _prepare_next_tab(self) -> None:
        """Build and ready the tabs not on screen, one per event-loop turn once torch has loaded
        (built while torch imports, each competed with it for the GIL and froze the window)."""
        if self._closed:
            return
        for page in self.pages:
            if page.tab is None or not page.tab.torch_loaded:
                page.ensure().torch_ready(self.devices)
                QTimer.singleShot(0, self._prepare_next_tab)
                return

    def _on_tab_built(self, tab: LessonTab) -> None:
        tab.progressed.connect(self._update_title)
        if self.zoom_factor != 1.0:
            tab.set_zoom(self.zoom_factor)
        if self.devices is not None and not self._closed:
            tab.torch_ready(self.devices)

    def start_loading_torch(self) -> None:
        self.loader = TorchLoader(self)
        self.loader.loaded.connect(self._on_torch_loaded)
        self.loader.failed.connect(self._on_torch_failed)
        self.loader.start()

    @Slot(object, str)
    def _on_torch_loaded(self, devices, version: str) -> None:
        self.torch_version = version
        self.devices = devices
        self.current_tab().torch_ready(devices)
        QTimer.singleShot(0, self._prepare_next_tab)
        names = ", ".join(d.label for d in devices)
        self.statusBar().showMessage(f"torch {version} ready · devices: {names}")

    @Slot(str)
    def _on_torch_failed(self, details: str) -> None:
        self.statusBar().showMessage("torch could not be loaded: lessons cannot run.")
        box = QMessageBox(QMessageBox.Icon.Critical, "torch could not be loaded",
                          "Torch Classroom needs torch. Reinstall it (see the README) and restart.",
                          parent=self)
        box.setDetailedText(details)
        box.open()

    # -- menus and keys -----------------------------------------------------------------------------
    def _action(self, menu, text: str, keys, slot, tip: str = "") -> QAction:
        action = QAction(text, self)
        shortcuts = [QKeySequence(k) for k in (keys if isinstance(keys, (list, tuple)) else [keys])]
        action.setShortcuts(shortcuts)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)  # shortcuts work with the menu bar hidden (full screen)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        run_menu = bar.addMenu("&Run")
        self._action(run_menu, "Start / Pause", "Space", lambda: self._on_tab("toggle_play"))
        self._action(run_menu, "Step", ["Right", "."], lambda: self._on_tab("step_once"))
        self._action(run_menu, "Reset", "R", lambda: self._on_tab("reset"))
        lesson_menu = bar.addMenu("&Lessons")
        for index, page in enumerate(self.pages[:9]):
            self._action(lesson_menu, page.lesson.title, f"Ctrl+{index + 1}",
                         lambda _=False, i=index: self.tabs.setCurrentIndex(i))
        view_menu = bar.addMenu("&View")
        self._action(view_menu, "Full screen", "F11", self.toggle_full_screen)
        self._action(view_menu, "Zoom in", ["Ctrl+=", "Ctrl++"], lambda: self.zoom(+1))
        self._action(view_menu, "Zoom out", "Ctrl+-", lambda: self.zoom(-1))
        self._action(view_menu, "Actual size", "Ctrl+0", lambda: self.zoom(0))
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "About Torch Classroom", [], self.show_about)

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
        return self.pages[index].ensure()

    def current_tab(self) -> LessonTab:
        return self.tabs.currentWidget().ensure()

    def _on_tab(self, method: str) -> None:
        getattr(self.current_tab(), method)()

    @Slot()
    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def zoom(self, direction: int) -> None:
        """Whole-window zoom in steps: +1 larger, -1 smaller, 0 back to actual size."""
        if direction == 0:
            self._zoom_index = ZOOM_STEPS.index(1.0)
        else:
            self._zoom_index = min(max(self._zoom_index + direction, 0), len(ZOOM_STEPS) - 1)
        factor = ZOOM_STEPS[self._zoom_index]
        font = QApplication.font()
        font.setPointSizeF(self._base_point_size * factor)
        QApplication.setFont(font)
        for tab in self.built_tabs():
            tab.set_zoom(factor)
        self.statusBar().showMessage(f"Zoom {factor:.0%}", 2000)

    @property
    def zoom_factor(self) -> float:
        return ZOOM_STEPS[self._zoom_index]

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
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1500, 900)
        key = settings.value("window/lesson", "")
        for index, page in enumerate(self.pages):
            if page.lesson.key == key:
                self.tabs.setCurrentIndex(index)
        zoom = settings.value("window/zoom", 1.0, type=float)
        if zoom in ZOOM_STEPS and zoom != 1.0:
            self.zoom(ZOOM_STEPS.index(zoom) - self._zoom_index)

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/lesson", self.current_tab().lesson.key)
        settings.setValue("window/zoom", self.zoom_factor)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True
        self.save_settings()
        if self.loader is not None and self.loader.isRunning():
            self.loader.wait()  # torch's import cannot be interrupted; it is nearly done by now
        for tab in self.built_tabs():
            tab.shutdown()
        event.accept()


class LessonPage(QWidget):
    """A tab page that builds its lesson's tab the first time it is needed (start-up builds only
    the one on screen)."""

    def __init__(self, lesson, on_built) -> None:
        super().__init__()
        self.lesson = lesson
        self.tab: LessonTab | None = None
        self._on_built = on_built
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> LessonTab:
        if self.tab is None:
            self.tab = LessonTab(self.lesson)
            self._layout.addWidget(self.tab)
            self._on_built(self.tab)
        return self.tab
