"""Lesson plans: the shipped plans fit the lessons' declarations; PageDown / PageUp walk a plan."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

import resources
from core.cli.run import run_headless
from core.protocol import RunState
from core.setups import load_plan
from tests.conftest import TIMEOUT

PLANS = sorted(Path(resources.path("plans")).glob("*.json"))


@pytest.mark.parametrize("path", PLANS, ids=[p.stem for p in PLANS])
def test_shipped_plans_validate_against_the_declarations(path):
    plan = load_plan(path)  # every setup is checked like a setup file: lesson, variant, knobs, values
    assert plan.title and all(step.title and step.note for step in plan.steps)
    for step in plan.steps:
        step.setup.config()


def test_the_shipped_plans_are_the_ones_the_class_needs():
    first = load_plan(resources.path("plans/first-class.json"))
    variants = [s.setup.config().variant for s in first.steps]
    assert variants[:7] == ["numpy", "tensor", "autograd", "function", "nn", "optim", "module"]
    assert len(variants) == 8
    assert run_headless(first.steps[-1].setup.config(), progress=False)["diverged_at_step"]
    cross = load_plan(resources.path("plans/cross-product.json"))
    assert [s.setup.config().values["dim"] for s in cross.steps][-4:] == [4, 5, 6, 7]


def test_the_readmes_examples_are_valid_files():
    from core.setups import plan_from_json, setup_from_json

    text = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    setup, plan = (json.loads(b) for b in re.findall(r"```json\n(.*?)```", text, re.S))
    setup_from_json(setup)
    plan_from_json(plan)


def ready(tab) -> bool:
    snap = tab.snapshot
    return tab.state == RunState.IDLE and snap is not None and snap.step == 0 and not tab.pending()


def test_page_down_walks_the_first_class_plan_with_the_chrome_hidden(lesson_window, qtbot):
    win = lesson_window("sin-fit")
    tab = win.show_lesson("sin-fit")
    assert win.files.open_path(resources.path("plans/first-class.json"))
    strip = win.files.plans.strip
    assert strip.isVisible() and "1 / 8" in strip.position.text()
    assert tab.controls.variant == "numpy" and "NumPy" in strip.title.text() and strip.note.text()
    win.menuBar().hide()  # as presenter mode does: the keys and the strip stay
    win.statusBar().hide()
    height = strip.note.height()
    win.zoom(+2)  # a projector's zoom reaches the strip too
    qtbot.waitUntil(lambda: strip.note.height() > height, timeout=TIMEOUT)
    win.zoom(0)  # the application's font is shared with the tests after this one
    qtbot.waitUntil(lambda: ready(tab), timeout=TIMEOUT)
    tab.toggle_play()
    qtbot.waitUntil(lambda: tab.snapshot.step > 0, timeout=TIMEOUT)
    QTest.keyClick(win, Qt.Key.Key_PageDown)
    assert "2 / 8" in strip.position.text() and tab.controls.variant == "tensor"
    qtbot.waitUntil(lambda: ready(tab), timeout=TIMEOUT)  # reset, ready to start, not running
    for _ in range(10):  # past the end it stays on the last step
        QTest.keyClick(win, Qt.Key.Key_PageDown)
    assert "8 / 8" in strip.position.text() and tab.controls.values()["lr"] == 5e-6
    QTest.keyClick(win, Qt.Key.Key_PageUp)
    assert "7 / 8" in strip.position.text() and tab.controls.variant == "module"
    strip.close_requested.emit()
    assert not strip.isVisible()
    QTest.keyClick(win, Qt.Key.Key_PageUp)  # no plan: the key does nothing here
    assert tab.controls.variant == "module"


def test_a_plan_with_one_bad_step_is_refused_whole(lesson_window, tmp_path):
    win = lesson_window("sin-fit")
    tab = win.show_lesson("sin-fit")
    plan = json.loads(resources.path("plans/first-class.json").read_text())
    plan["steps"][3]["setup"]["values"]["lr"] = -1
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    before = tab.controls.values()
    assert not win.files.open_path(path)
    assert "plan step 4" in win.files.last_message and "'lr'" in win.files.last_message
    assert not win.files.plans.strip.isVisible() and tab.controls.values() == before
    win.files.message_box.close()
