"""Each lesson's controls come back on the next start; a corrupt store is ignored value by value;
tests never touch the user's own settings."""

from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QSettings

from core.registry import get_lesson
from tests.conftest import TIMEOUT, close_window, open_window
from tests.helpers import settle


def test_knobs_speed_and_side_panel_come_back_on_the_next_start(qtbot, _shared_server):
    win = open_window(qtbot, ("sin-fit",))
    tab = win.show_lesson("sin-fit")
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=TIMEOUT)
    tab.controls.fields["variant"].combo.setCurrentIndex(5)  # as a user picks "6 · optim"
    tab.controls.fields["optimizer"].combo.setCurrentText("Adam")
    tab.controls.fields["steps"].spin.setValue(321)
    tab.controls.fields["speed"].full.setChecked(True)
    tab.side.setCurrentIndex(1)
    shown = tab.controls.values()
    assert shown["variant"] == "optim" and shown["optimizer"] == "Adam" and shown["speed"] == 0.0
    close_window(win)

    again = open_window(qtbot, ("sin-fit",))
    tab = again.show_lesson("sin-fit")
    assert tab.controls.values() == shown and tab.side.currentIndex() == 1
    qtbot.waitUntil(lambda: tab.run_config is not None, timeout=TIMEOUT)
    assert tab.run_config.variant == "optim" and tab.run_config.steps == 321  # the run uses them
    close_window(again)


def test_a_corrupt_store_is_ignored_value_by_value(qtbot, _shared_server):
    settings = QSettings()
    for key, value in {"variant": '"nope"', "lr": "abc", "steps": "-5", "seed": "7", "speed": "[1, 2]",
                       "dtype": QByteArray(b"\x00\xff"), "~splitter": "garbage", "~side": "x"}.items():
        settings.setValue(f"lessons/sin-fit/{key}", value)
    settings.setValue("lessons/sin-fit", 12)  # a value where a group was
    settings.setValue("files/recent", "{not json")
    settings.sync()
    win = open_window(qtbot, ("sin-fit",))
    tab = win.show_lesson("sin-fit")
    defaults = get_lesson("sin-fit").defaults_for("numpy")
    shown = tab.controls.values()
    assert shown["seed"] == 7  # the one good value is kept
    for name in ("variant", "lr", "steps", "speed"):
        assert shown[name] == defaults[name], name
    win.files._fill_recent()
    assert [a.text() for a in win.files.recent_menu.actions()] == ["(none yet)"]
    close_window(win)


def test_tests_keep_their_settings_out_of_the_users_store():
    folder = os.environ["TORCH_CLASSROOM_SETTINGS"]
    assert QSettings().fileName().startswith(folder)
