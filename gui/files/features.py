"""The File menu's setups, plans, exports and scripts, PageUp / PageDown through a plan, dropped
files, and each lesson's remembered controls, hung on a MainWindow through its ``add_action``."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from core.errors import ConfigError
from core.setups import file_kind, load_plan, load_setup, save_setup
from gui.files import dialogs, export, recent, remembered
from gui.files.drop import DropOpener
from gui.files.plan_player import PlanPlayer
from gui.files.setup_io import apply_setup, setup_of

SETUP_FILTERS = ["Torch Classroom setup or plan (*.json)", "All files (*)"]
FIGURE_FILTERS = ["PNG image (*.png)", "PNG image, twice the size (*.png)", "SVG drawing (*.svg)"]


class FileFeatures(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.last_message = ""  # the last refusal, as the user read it
        self.message_box: QMessageBox | None = None
        self.plans = PlanPlayer(window, self.refuse)
        self._build_menu()
        self.drop = DropOpener(window, self.open_path)
        for tab in window.built_tabs():
            self._on_tab_built(tab)
        window.tab_built.connect(self._on_tab_built)

    # -- menu ---------------------------------------------------------------------------------------
    def _build_menu(self) -> None:
        w = self.window
        menu: QMenu = w.menus["File"]
        quit_actions = list(menu.actions())
        for action in quit_actions:
            menu.removeAction(action)  # Quit goes back at the end
        w.add_action("File", "&Open setup or plan…", QKeySequence.StandardKey.Open, self.ask_open,
                     "Open a saved setup or a lesson plan")
        self.recent_menu = menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        w.add_action("File", "&Save setup…", QKeySequence.StandardKey.Save, self.ask_save_setup,
                     "Save the lesson, variant and every control to a file")
        menu.addSeparator()
        w.add_action("File", "&Export figure…", "Ctrl+E", self.ask_export_figure,
                     "The lesson's picture as PNG (1x or 2x) or SVG")
        w.add_action("File", "&Copy figure", "Ctrl+Shift+E", self.copy_figure,
                     "The lesson's picture on the clipboard, for slides")
        w.add_action("File", "Export &data (CSV)…", [], self.ask_export_data,
                     "The loss history as CSV, under a line naming the settings")
        w.add_action("File", "Save as &Python script…", [], self.ask_save_script,
                     "The run as a standalone script that needs only torch and numpy")
        menu.addSeparator()
        menu.addActions(quit_actions)
        self.next_action = w.add_action("Lessons", "Next plan step", "PgDown", self.plans.next,
                                        "The plan's next setup, reset and ready")
        self.previous_action = w.add_action("Lessons", "Previous plan step", "PgUp",
                                            self.plans.previous, "The plan's previous setup")
        self.plans.strip.visibilityChanged.connect(self._on_plan_shown)
        self._on_plan_shown(False)

    def _on_plan_shown(self, shown: bool) -> None:
        # Without a plan, PageUp / PageDown stay with the widget that has focus.
        self.next_action.setEnabled(shown)
        self.previous_action.setEnabled(shown)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        paths = recent.recent_files()
        for path in paths:
            self.recent_menu.addAction(Path(path).name, partial(self.open_path, path)).setToolTip(path)
        if not paths:
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    # -- messages -------------------------------------------------------------------------------------
    def refuse(self, text: str) -> None:
        """One clear line in a message and on the status bar; nothing else changes."""
        self.last_message = text
        self.window.statusBar().showMessage(text, 15000)
        if self.message_box is not None:
            self.message_box.close()
        self.message_box = QMessageBox(QMessageBox.Icon.Warning, "Torch Classroom", text,
                                       parent=self.window)
        if self.window.isVisible():
            self.message_box.open()
        else:  # at start-up, from the command line: once the window is there
            print(f"error: {text}", file=sys.stderr)
            QTimer.singleShot(0, self.message_box.open)

    def _done(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    # -- setups and plans -------------------------------------------------------------------------
    def open_path(self, path: str | Path) -> bool:
        """Open a setup or a plan; False, with a message and no change on screen, if refused."""
        try:
            if file_kind(path) == "plan":
                self.plans.open(load_plan(path))
            else:
                setup = load_setup(path)
                apply_setup(self.window, setup)
                remembered.save_values(self.window.current_tab())
        except ConfigError as error:
            self.refuse(str(error))
            return False
        recent.remember(path)
        self._done(f"Opened {Path(path).name}")
        return True

    def ask_open(self) -> None:
        path = dialogs.ask_open(self.window, "Open a setup or a lesson plan", SETUP_FILTERS)
        if path:
            self.open_path(path)

    def save_setup(self, path: str | Path) -> bool:
        """Save what the current tab shows to ``path``."""
        tab = self.window.current_tab()
        try:
            setup = setup_of(tab)
        except ConfigError as error:
            self.refuse(f"Not saved: {error}")
            return False
        try:
            save_setup(path, setup)
        except OSError as error:
            self.refuse(f"Not saved: {path}: {error.strerror or error}")
            return False
        recent.remember(path)
        self._done(f"Saved {Path(path).name}")
        return True

    def ask_save_setup(self) -> None:
        tab = self.window.current_tab()
        name = f"{tab.lesson.key}-{tab.controls.variant}.json"
        path, _ = dialogs.ask_save(self.window, "Save setup", name, SETUP_FILTERS[:1])
        if path:
            self.save_setup(_with_suffix(path, ".json"))

    # -- exports ----------------------------------------------------------------------------------
    def export_figure(self, path: str | Path, scale: float = 1.0) -> bool:
        tab = self.window.current_tab()
        try:
            if str(path).lower().endswith(".svg"):
                export.export_svg(tab.view, path, tab.lesson.title)
            else:
                export.export_png(tab.view, path, scale)
        except OSError as error:
            self.refuse(f"Not exported: {error}")
            return False
        self._done(f"Figure saved to {Path(path).name}")
        return True

    def ask_export_figure(self) -> None:
        tab = self.window.current_tab()
        path, chosen = dialogs.ask_save(self.window, "Export figure", f"{tab.lesson.key}.png",
                                        FIGURE_FILTERS)
        if not path:
            return
        svg = chosen == FIGURE_FILTERS[2] or path.lower().endswith(".svg")
        path = _with_suffix(path, ".svg" if svg else ".png")
        self.export_figure(path, 2.0 if chosen == FIGURE_FILTERS[1] else 1.0)

    def copy_figure(self) -> None:
        export.copy_figure(self.window.current_tab().view)
        self._done("Figure copied to the clipboard")

    def export_data(self, path: str | Path) -> bool:
        tab = self.window.current_tab()
        try:
            if tab.run_config is None:
                raise ConfigError("there is no run to export yet")
            rows = export.export_csv(tab.view, tab.run_config, tab.lesson.title, path)
        except ConfigError as error:
            self.refuse(f"Not exported: {error}")
            return False
        except OSError as error:
            self.refuse(f"Not exported: {path}: {error.strerror or error}")
            return False
        self._done(f"{rows:,} steps saved to {Path(path).name}")
        return True

    def ask_export_data(self) -> None:
        tab = self.window.current_tab()
        path, _ = dialogs.ask_save(self.window, "Export the loss history",
                                   f"{tab.lesson.key}-{tab.controls.variant}-loss.csv",
                                   ["CSV table (*.csv)"])
        if path:
            self.export_data(_with_suffix(path, ".csv"))

    def save_script(self, path: str | Path) -> bool:
        """The current tab's run as a standalone script (what ``python -m core script`` writes)."""
        from core.script import script

        tab = self.window.current_tab()
        try:
            text = script(tab.controls.config(), tab.view.edited_cells())
            Path(path).write_text(text, encoding="utf-8")
        except ConfigError as error:
            self.refuse(f"No script: {error}")
            return False
        except OSError as error:
            self.refuse(f"Not saved: {path}: {error.strerror or error}")
            return False
        self._done(f"Script saved to {Path(path).name}: run it with python {Path(path).name}")
        return True

    def ask_save_script(self) -> None:
        tab = self.window.current_tab()
        name = f"{tab.lesson.key}-{tab.controls.variant}.py".replace("-", "_")
        path, _ = dialogs.ask_save(self.window, "Save as Python script", name, ["Python script (*.py)"])
        if path:
            self.save_script(_with_suffix(path, ".py"))

    # -- remembered controls --------------------------------------------------------------------------
    def _on_tab_built(self, tab) -> None:
        remembered.restore(tab)
        tab.controls.changed.connect(lambda *_: remembered.save_values(tab))
        tab.splitter.splitterMoved.connect(lambda *_: remembered.save_layout(tab))
        tab.side.currentChanged.connect(lambda *_: remembered.save_layout(tab))


def _with_suffix(path: str, suffix: str) -> str:
    return path if path.lower().endswith(suffix) else path + suffix
