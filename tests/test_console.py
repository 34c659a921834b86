"""The console in every lesson tab: it evaluates in the run's process, on copies of the run's
objects, and nothing typed there can end, freeze or change the app or its run."""

from __future__ import annotations

import numpy as np

from core.protocol import RunState
from tests.helpers import TIMEOUT, finish, make, run_to, settle


def console_says(tab, qtbot, line: str) -> str:
    """Type ``line`` into the console and return its answer."""
    before = len(tab.console.outputs)
    tab.console.execute(line)
    qtbot.waitUntil(lambda: len(tab.console.outputs) > before, timeout=TIMEOUT)
    return tab.console.outputs[-1]


def test_the_names_arrive_when_the_run_stops(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="nn", steps=50, speed=0.0)
    finish(sin_tab, qtbot)
    expected = run_to(make("sin-fit", "nn", steps=50)).coefficients()
    assert console_says(sin_tab, qtbot, "print((a, b, c, d) == %r)" % (expected,)) == "True\n"
    out = console_says(sin_tab, qtbot, "round(model(torch.ones(1, 3)).item(), 6)")
    assert float(out) == round(sum(expected), 6)
    assert console_says(sin_tab, qtbot, "step, snapshot.step") == "(50, 50)\n"


def test_typing_while_a_run_goes_on_does_not_change_its_numbers(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="module", steps=1500, speed=1000.0)
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.snapshot is not None and sin_tab.snapshot.step > 10, timeout=TIMEOUT)
    for _ in range(5):  # meddle with everything the console can reach, while the run steps
        console_says(sin_tab, qtbot, "model.a.data.fill_(123.0); a = 999")
    sin_tab.controls.speed_field.full.click()
    qtbot.waitUntil(lambda: sin_tab.state == RunState.FINISHED, timeout=60_000)
    reference = run_to(make("sin-fit", "module", steps=1500))
    assert sin_tab.snapshot.loss == reference.loss
    np.testing.assert_array_equal(sin_tab.snapshot.frame.coefficients, reference.coefficients())


def test_exit_an_endless_loop_and_a_huge_line_leave_the_app_working(sin_tab, qtbot):
    for line in ("exit()", "quit()", "import sys; sys.exit(0)"):
        assert "do nothing here" in console_says(sin_tab, qtbot, line)
    assert "KeyboardInterrupt" in console_says(sin_tab, qtbot, "raise KeyboardInterrupt")
    assert console_says(sin_tab, qtbot, "while True: pass") == ""  # a block: the REPL asks for more
    sin_tab.console.execute("")  # ... and the empty line starts it
    qtbot.wait(200)
    assert sin_tab.console.busy
    sin_tab.console.stop_button.click()  # Stop: the line is interrupted inside the run process
    qtbot.waitUntil(lambda: not sin_tab.console.busy, timeout=5_000)
    assert "Stopped" in sin_tab.console.outputs[-1]
    huge = console_says(sin_tab, qtbot, "x = '" + "a" * 1_000_000 + "'; len(x)")
    assert huge == "1000000\n"
    shown = sin_tab.console.repl.output.toPlainText()
    assert len(shown) < 50_000  # the echo of a 1 MB line is cut on screen, not laid out
    settle(sin_tab, qtbot, steps=20, speed=0.0)  # and the lesson still runs
    finish(sin_tab, qtbot)


def test_a_line_stuck_in_c_code_ends_its_process_and_the_tab_recovers(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="numpy", steps=30, speed=0.0)
    sin_tab.console.execute("sum(range(10**12))")  # one long C call: no signal reaches Python
    qtbot.wait(200)
    sin_tab.console.stop_button.click()
    qtbot.waitUntil(lambda: not sin_tab.console.busy, timeout=10_000)
    assert "restarted" in sin_tab.console.outputs[-1]
    qtbot.waitUntil(lambda: sin_tab.state == RunState.IDLE and sin_tab.snapshot is not None,
                    timeout=TIMEOUT)
    finish(sin_tab, qtbot)
    assert sin_tab.snapshot.step == 30


def test_every_tab_has_a_console(window):
    for tab in window.lesson_tabs:
        titles = [tab.side.tabText(i) for i in range(tab.side.count())]
        assert "Console" in titles, tab.lesson.key
