"""The console in every lesson tab: copies of the run's objects, and no race with a running run."""

from __future__ import annotations

import numpy as np
import pytest

from tests.helpers import make, run_to

TIMEOUT = 20_000


def test_sin_fit_names_arrive_when_the_run_pauses(sin_tab, qtbot):
    sin_tab.controls.load({"variant": "nn", "steps": 50})
    sin_tab.reset()
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.state == "finished", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: sin_tab.console.namespace.get("step") == 50, timeout=TIMEOUT)
    console = sin_tab.console
    console.execute("coeffs = (a, b, c, d)")
    expected = run_to(make("sin-fit", "nn", steps=50)).coefficients()
    assert console.namespace["coeffs"] == expected
    console.execute("out = model(torch.ones(1, 3)).item()")
    assert np.isclose(console.namespace["out"], sum(expected))


def test_typing_while_a_run_goes_on_does_not_change_its_numbers(sin_tab, qtbot):
    sin_tab.controls.load({"variant": "module", "steps": 3000, "speed": "1000"})
    sin_tab.reset()
    qtbot.waitUntil(lambda: "model" in sin_tab.console.namespace, timeout=TIMEOUT)
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.snapshot.step > 10, timeout=TIMEOUT)
    console = sin_tab.console
    # Meddle with everything the console can reach, while the worker steps.
    for _ in range(20):
        console.execute("model.a.data.fill_(123.0); a = 999")
        qtbot.wait(10)
    sin_tab.controls.load({"speed": "full"})
    sin_tab.controls.changed.emit("speed", "full")
    qtbot.waitUntil(lambda: sin_tab.state == "finished", timeout=60_000)
    reference = run_to(make("sin-fit", "module", steps=3000))
    assert sin_tab.snapshot.loss == reference.loss
    np.testing.assert_array_equal(sin_tab.snapshot.state["coefficients"], reference.coefficients())


def test_every_tab_has_a_console(window):
    for tab in window.lesson_tabs:
        titles = [tab.side.tabText(i) for i in range(tab.side.count())]
        assert "Console" in titles, tab.lesson.key


NAMES = {  # what each lesson's notes tell the class to look at in the console
    "sin-fit": {"a", "b", "c", "d"},
    "space-transforms": {"W", "points", "U", "S", "Vt"},
    "two-layer-net": {"w1", "w2", "x", "y"},
    "cross-product": {"eps"},
}


@pytest.mark.parametrize("key", sorted(NAMES))
def test_each_lessons_console_holds_its_named_objects_after_a_run(window, qtbot, key):
    tab = window.show_lesson(key)
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=TIMEOUT)
    tab.controls.load({"steps": 5})
    tab.reset()
    qtbot.waitUntil(lambda: tab.state == "idle" and tab.snapshot.step == 0, timeout=TIMEOUT)
    tab.toggle_play()
    qtbot.waitUntil(lambda: tab.state == "finished", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: tab.console.namespace.get("step") == 5, timeout=TIMEOUT)
    assert NAMES[key] <= set(tab.console.namespace)
    tab.side.setCurrentWidget(tab.console)  # the console opens when its tab is first shown
    qtbot.waitUntil(lambda: tab.console.console is not None, timeout=TIMEOUT)
    assert {"torch", "np", "snapshot"} | NAMES[key] <= set(tab.console.namespace)


def test_the_tensors_console_holds_a_cells_variables(window, qtbot):
    tab = window.show_lesson("tensors")
    view = tab.view
    view.cell_widgets[0].run_button.click()
    qtbot.waitUntil(lambda: "x" in tab.console.namespace, timeout=TIMEOUT)
    assert str(tab.console.namespace["x"].dtype) == "torch.int64"
