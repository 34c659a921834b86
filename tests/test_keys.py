"""Keys reach the app whatever has the focus: a field gives them up (committing its value), a code
cell and the console keep them while the user types; the key sheet lists every key."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.protocol import RunState
from tests.helpers import TIMEOUT, settle


@pytest.fixture
def sin_window(lesson_window, qtbot):
    win = lesson_window("sin-fit")
    tab = win.show_lesson("sin-fit")
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=TIMEOUT)
    settle(tab, qtbot, variant="numpy", speed=200.0)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=TIMEOUT)
    return win, tab


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed wherever the focus is, as a user presses it."""
    qtbot.keyClick(QApplication.focusWidget() or QApplication.activeWindow(), key, modifier)


def type_into(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_typed_rate_enter_space_r_starts_and_resets_the_run(sin_window, qtbot):
    win, tab = sin_window
    edit = tab.controls.fields["lr"].inner.edit
    type_into(qtbot, edit, "2e-6")
    press(qtbot, Qt.Key.Key_Return)
    assert edit.text() == "2e-06" and not edit.hasFocus()
    assert QApplication.focusWidget() is tab.view
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: tab.snapshot.step > 0, timeout=TIMEOUT)
    press(qtbot, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: tab.state == RunState.IDLE and tab.snapshot.step == 0, timeout=TIMEOUT)
    assert edit.text() == "2e-06" and tab.run_config.values["lr"] == 2e-6


def test_space_right_in_a_field_commit_it_and_act(sin_window, qtbot):
    win, tab = sin_window
    spin = tab.controls.fields["steps"].spin
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "50")
    press(qtbot, Qt.Key.Key_Right)  # not a caret move: one step, with the typed steps
    qtbot.waitUntil(lambda: tab.snapshot is not None and tab.snapshot.step == 1
                    and tab.state == RunState.PAUSED, timeout=TIMEOUT)
    assert tab.run_config.values["steps"] == 50 and spin.text() == "50"
    press(qtbot, Qt.Key.Key_F5)
    assert win.presenter.active
    press(qtbot, Qt.Key.Key_Escape)
    assert not win.presenter.active


def test_escape_in_a_field_commits_without_leaving_presenter_mode(sin_window, qtbot):
    win, tab = sin_window
    win.presenter.enter()
    win.panels.toggle_from_strip("controls")  # opened on demand
    edit = tab.controls.fields["lr"].inner.edit
    type_into(qtbot, edit, "3e-6")
    press(qtbot, Qt.Key.Key_Escape)
    assert edit.text() == "3e-06" and win.presenter.active and not edit.hasFocus()
    press(qtbot, Qt.Key.Key_Escape)
    assert not win.presenter.active


def test_the_console_keeps_space_and_r(sin_window, qtbot):
    win, tab = sin_window
    tab.side.setCurrentWidget(tab.console)
    field = tab.console.repl.input
    field.setFocus()
    qtbot.keyClicks(field, "r x")
    assert field.text() == "r x"
    assert tab.state == RunState.IDLE and tab.snapshot.step == 0


def test_the_key_sheet_lists_every_key(sin_window, qtbot):
    from gui.keys import key_sheet_html

    win, _ = sin_window
    sheet = key_sheet_html(win)
    for keys in ("Space", "R", "Right", "F5", "Esc", "F1", "F11", "Ctrl+[", "Ctrl+]", "Ctrl+1", "Ctrl+0"):
        assert f"<code>{keys}" in sheet or f" or {keys}" in sheet, keys
    press(qtbot, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: getattr(win, "key_sheet", None) is not None and win.key_sheet.isVisible(),
                    timeout=TIMEOUT)
    win.key_sheet.close()
