"""Setups: a saved screen reopens identically, runs the same headless, and a bad file changes nothing."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData, QSettings, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from core.cli import main as cli
from core.config import build_config
from core.protocol import RunState
from core.registry import get_lesson
from core.setups import Setup, load_setup, save_setup
from gui.files.command_line import open_from_arguments
from tests.conftest import TIMEOUT
from tests.helpers import finish, settle

GOOD = {"format": "torch-classroom/setup", "version": 1, "lesson": "sin-fit",
        "values": {"variant": "optim", "optimizer": "Adam", "lr": 0.02, "steps": 25}}
BAD = {
    "not JSON": "{'lesson': 'sin-fit',",
    "an unknown lesson": {**GOOD, "lesson": "knitting"},
    "an unknown variant": {**GOOD, "values": {"variant": "magic"}},
    "an unknown knob": {**GOOD, "values": {"variant": "optim", "momentum": 0.9}},
    "a bad value": {**GOOD, "values": {"variant": "optim", "lr": "abc"}},
    "a value out of range": {**GOOD, "values": {"variant": "optim", "steps": -5}},
    "a newer version": {**GOOD, "version": 2},
    "another format": {**GOOD, "format": "something/else"},
    "cells for a lesson without cells": {**GOOD, "cells": {"0": "print(1)"}},
}


def write(path, content) -> str:
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return str(path)


def test_a_setup_file_keeps_every_value_including_a_typed_matrix(tmp_path):
    lesson = get_lesson("space-transforms")
    variant = next(v for v in lesson.variant_names if lesson.applies(lesson.param("matrix"), v))
    config = build_config(lesson, {"variant": variant, "matrix": (2.0, 1.0, -0.5, 1.5), "seed": 9,
                                   "speed": 40.0})
    save_setup(tmp_path / "s.json", Setup.of(config))
    data = json.loads((tmp_path / "s.json").read_text())
    assert (data["format"], data["version"]) == ("torch-classroom/setup", 1)
    assert data["values"]["matrix"] == [2.0, 1.0, -0.5, 1.5]
    assert load_setup(tmp_path / "s.json").config() == config


@pytest.mark.parametrize("case", BAD)
def test_the_cli_refuses_a_bad_setup_with_one_line(case, tmp_path, capsys):
    path = write(tmp_path / "bad.json", BAD[case])
    with pytest.raises(SystemExit) as exit_:
        cli(["run", "--setup", path, "--json"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err and "Traceback" not in err
    assert err.count("bad.json") == 1  # which file, said once


def test_a_saved_setup_reopens_identically_and_matches_the_cli(lesson_window, qtbot, tmp_path, capsys):
    win = lesson_window("sin-fit")
    tab = win.show_lesson("sin-fit")
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=TIMEOUT)
    settle(tab, qtbot, variant="optim", optimizer="Adam", lr=0.02, steps=30, seed=4, dtype="float64",
           speed=0.0)
    shown = tab.controls.values()
    path = tmp_path / "class.json"
    assert win.files.save_setup(path)
    settle(tab, qtbot, variant="numpy", lr=1e-6, steps=50, seed=0, speed=200.0)
    assert win.files.open_path(path)
    assert tab.controls.values() == shown
    qtbot.waitUntil(lambda: tab.state == RunState.IDLE and tab.run_config is not None
                    and tab.run_config.variant == "optim", timeout=TIMEOUT)
    finish(tab, qtbot)
    capsys.readouterr()
    assert cli(["run", "--setup", str(path), "--json"]) == 0
    headless = json.loads(capsys.readouterr().out)
    assert tab.snapshot.step == headless["steps"] == 30
    assert tab.snapshot.loss == pytest.approx(headless["final_loss"], rel=1e-9)

    QSettings().clear()  # a restart on another machine: only the file knows the values
    again = lesson_window("sin-fit")
    open_from_arguments(again, [str(path)])  # torch-classroom FILE
    assert again.current_tab().controls.values() == shown


def test_a_device_asked_for_before_torch_lists_the_devices_is_kept(qtbot):
    from core.devices import DeviceInfo
    from gui.controls.fields import field_for

    field = field_for(get_lesson("sin-fit").param("device"))
    qtbot.addWidget(field)
    field.set_value("cuda:0")  # a setup opened at start-up, before torch has loaded
    field.set_devices([DeviceInfo("cpu", "cpu"), DeviceInfo("cuda:0", "cuda:0 (a GPU)")])
    assert field.value() == "cuda:0"
    field.set_devices([DeviceInfo("cpu", "cpu")])  # a machine without it: cpu, the only one
    assert field.value() == "cpu"


def test_a_bad_file_changes_nothing_on_screen(lesson_window, qtbot, tmp_path):
    win = lesson_window("sin-fit")
    tab = win.show_lesson("sin-fit")
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=TIMEOUT)
    settle(tab, qtbot, variant="nn", lr=2e-6, steps=40)
    before = (win.tabs.currentIndex(), tab.controls.values(), tab.run_config)
    for case, content in BAD.items():
        assert not win.files.open_path(write(tmp_path / "bad.json", content)), case
        message = win.files.last_message
        assert message and "\n" not in message, case
        assert win.files.message_box.text() == message
        assert (win.tabs.currentIndex(), tab.controls.values(), tab.run_config) == before, case
    win.files.message_box.close()


def test_a_file_dropped_on_the_window_or_named_on_the_command_line_opens(lesson_window, qtbot, tmp_path):
    win = lesson_window("sin-fit")
    tab = win.show_lesson("sin-fit")
    path = write(tmp_path / "drop.json", GOOD)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(path)])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(win, enter)
    assert enter.isAccepted()  # the pointer shows that the window takes it
    # Qt delivers a drop only to the target of a real drag; hand it to the window's filter.
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, buttons, keys)
    assert win.files.drop.eventFilter(win, drop)
    assert (tab.controls.variant, tab.controls.values()["lr"]) == ("optim", 0.02)
    other = write(tmp_path / "other.json", {**GOOD, "values": {"variant": "module", "steps": 12}})
    open_from_arguments(win, ["--zoom", "150", other])
    assert (tab.controls.variant, tab.controls.values()["steps"]) == ("module", 12)


def test_edited_tensors_cells_travel_in_the_setup(lesson_window, tmp_path):
    win = lesson_window("tensors")
    tab = win.show_lesson("tensors")
    tab.view.cell_widgets[2].set_code("print('my own cell')\n")
    path = tmp_path / "cells.json"
    assert win.files.save_setup(path)
    assert json.loads(path.read_text())["cells"] == {"2": "print('my own cell')\n"}
    tab.view.cell_widgets[2].set_code(tab.view.cell_widgets[2].original())
    assert win.files.open_path(path)
    assert tab.view.edited_cells() == {2: "print('my own cell')\n"}
    bad = write(tmp_path / "bad.json", {**json.loads(path.read_text()), "cells": {"99": "x"}})
    assert not win.files.open_path(bad)
    assert tab.view.edited_cells() == {2: "print('my own cell')\n"}
