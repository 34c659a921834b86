"""The window as a user drives it: start, pause, step, reset, live changes, bad input, divergence,
pending changes, a lost run process, close."""

from __future__ import annotations

import numpy as np
import pytest

from core.protocol import RunState
from tests.helpers import TIMEOUT, finish, make, run_to, settle


def test_start_runs_to_the_end_and_the_plots_hold_the_data(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="autograd", steps=300, speed=0.0)
    finish(sin_tab, qtbot)
    qtbot.waitUntil(lambda: sin_tab.snapshot.step == 300, timeout=TIMEOUT)
    losses = sin_tab.view.loss_plot.column()
    reference = run_to(make("sin-fit", "autograd", steps=300))
    np.testing.assert_array_equal(losses, reference.history.column("loss"))
    x, y = sin_tab.view.model.getData()
    assert len(x) > 100 and np.all(np.isfinite(y))
    bar = sin_tab.run_bar
    assert bar.progress.value() == 300 and "300 / 300" in bar.status.text()
    assert bar.start_button.text() == "Start again"


def test_pause_stops_the_count_and_resume_continues(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="numpy", steps=100_000, speed=1000.0)
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.snapshot.step > 20, timeout=TIMEOUT)
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.state == RunState.PAUSED, timeout=TIMEOUT)
    paused_at = sin_tab.snapshot.step
    qtbot.wait(200)
    assert sin_tab.snapshot.step == paused_at
    assert sin_tab.run_bar.start_button.text() == "Resume"
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.snapshot.step > paused_at + 20, timeout=TIMEOUT)


def test_step_advances_exactly_one_step(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="tensor")
    for expected in (1, 2, 3):
        sin_tab.step_once()
        qtbot.waitUntil(lambda: sin_tab.snapshot.step == expected
                        and sin_tab.state == RunState.PAUSED, timeout=TIMEOUT)
    assert len(sin_tab.view.loss_plot.column()) == 3


def test_reset_restores_the_seeded_start(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="nn", seed=5)
    start = sin_tab.snapshot.frame.coefficients.copy()
    for expected in range(1, 5):
        sin_tab.step_once()
        qtbot.waitUntil(lambda: sin_tab.snapshot.step == expected, timeout=TIMEOUT)
    assert not np.array_equal(sin_tab.snapshot.frame.coefficients, start)
    settle(sin_tab, qtbot)
    np.testing.assert_array_equal(sin_tab.snapshot.frame.coefficients, start)
    assert len(sin_tab.view.loss_plot.column()) == 0


def test_a_learning_rate_change_is_used_from_the_next_step_and_said(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="numpy", lr=1e-6)
    for expected in (1, 2, 3):
        sin_tab.step_once()
        qtbot.waitUntil(lambda: sin_tab.snapshot.step == expected, timeout=TIMEOUT)
    edit = sin_tab.controls.fields["lr"].inner.edit
    edit.setText("3e-6")
    edit.editingFinished.emit()
    qtbot.waitUntil(lambda: "Learning rate 3e-06 from step 4" in sin_tab.run_bar.status.text(),
                    timeout=TIMEOUT)
    sin_tab.step_once()
    qtbot.waitUntil(lambda: sin_tab.snapshot.step == 4, timeout=TIMEOUT)
    reference = run_to(make("sin-fit", "numpy", lr=1e-6), 3)
    reference.set_lr(3e-6)
    reference.step()
    assert sin_tab.snapshot.loss == reference.loss and sin_tab.snapshot.lr == 3e-6


@pytest.mark.parametrize("text, words", [
    ("abc", "must be a number"), ("-1", "must be > 0"), ("0", "must be > 0"),
    ("1e9", "between 1e-08 and 10"),
])
def test_bad_learning_rates_are_refused_with_a_message_and_nothing_starts(sin_tab, qtbot, text, words):
    edit = sin_tab.controls.fields["lr"].inner.edit
    edit.setText(text)
    edit.editingFinished.emit()
    assert words in sin_tab.controls.message.text() and "Learning rate" in sin_tab.controls.message.text()
    sin_tab.toggle_play()
    qtbot.wait(100)
    assert sin_tab.state == RunState.IDLE and sin_tab.snapshot.step == 0
    assert words in sin_tab.run_bar.status.text()


def test_divergence_pauses_the_run_and_the_app_stays_usable(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="tensor", lr=10.0, speed=0.0)
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.state == RunState.DIVERGED, timeout=TIMEOUT)
    text = sin_tab.banner.text()
    assert "inf/NaN at step" in text and "learning rate" in text.lower()
    settle(sin_tab, qtbot, lr=1e-6, steps=50)
    finish(sin_tab, qtbot)
    assert not sin_tab.banner.isVisible()


def test_an_error_in_a_run_becomes_a_message_with_details(sin_tab, qtbot, monkeypatch):
    from core.runs import sin_fit

    def broken(self):
        raise RuntimeError("shapes do not match")

    monkeypatch.setattr(sin_fit.TensorFit, "step", broken)
    sin_tab.use_worker("thread")  # the fault lives in this process, so the run must too
    settle(sin_tab, qtbot, variant="tensor")
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.state == RunState.FAILED, timeout=TIMEOUT)
    assert "shapes do not match" in sin_tab.banner.text() and "Traceback" in sin_tab.banner._details
    monkeypatch.undo()
    settle(sin_tab, qtbot, variant="tensor", steps=20)
    finish(sin_tab, qtbot)


def test_a_run_process_that_dies_is_reported_and_replaced(sin_tab, qtbot):
    assert sin_tab.controller.kind == "process"
    settle(sin_tab, qtbot, variant="autograd", steps=1_000_000, speed=0.0)
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.state == RunState.PLAYING, timeout=TIMEOUT)
    sin_tab.controller.host.process.kill()  # as if the operating system ended it
    qtbot.waitUntil(lambda: sin_tab.state == RunState.FAILED, timeout=TIMEOUT)
    assert "stopped unexpectedly" in sin_tab.banner.text()
    assert "Reset (R)" in sin_tab.banner.text() and "Start" not in sin_tab.banner.text()
    settle(sin_tab, qtbot, steps=30)  # Reset uses the new process
    finish(sin_tab, qtbot)
    assert sin_tab.snapshot.step == 30


def test_a_change_that_cannot_apply_mid_run_is_pending_until_reset(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="autograd", steps=100_000, speed=50.0)
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.snapshot.step > 2, timeout=TIMEOUT)
    variant = sin_tab.controls.fields["variant"]
    variant.set_value("numpy")
    sin_tab.controls._on_commit("variant", "numpy")
    assert sin_tab.pending()
    assert sin_tab.controls.labels["variant"].property("pending")
    sin_tab.toggle_play()  # pause: the button now says what Reset would do
    qtbot.waitUntil(lambda: sin_tab.state == RunState.PAUSED, timeout=TIMEOUT)
    assert sin_tab.run_bar.start_button.text() == "Reset to apply"
    step = sin_tab.snapshot.step
    sin_tab.toggle_play()  # refused: the shown settings are not the run's
    qtbot.wait(100)
    assert sin_tab.state == RunState.PAUSED and sin_tab.snapshot.step == step
    assert "press Reset" in sin_tab.run_bar.status.text()
    settle(sin_tab, qtbot)
    assert not sin_tab.pending() and sin_tab.controller.config.variant == "numpy"
    assert not sin_tab.controls.labels["variant"].property("pending")


def test_closing_mid_run_ends_every_process_and_thread(lesson_window, qtbot):
    from gui import run_host

    window = lesson_window("sin-fit")
    tab = window.show_lesson("sin-fit")
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=TIMEOUT)
    settle(tab, qtbot, variant="autograd", steps=1_000_000, speed=0.0)
    tab.toggle_play()
    qtbot.waitUntil(lambda: tab.state == RunState.PLAYING, timeout=TIMEOUT)
    process = tab.controller.host.process
    window.close()
    assert not run_host._HOSTS and not process.is_alive()


def test_window_remembers_its_last_tab_and_size(qtbot):
    from gui.main_window import MainWindow

    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.resize(800, 580)  # the offscreen screen is 800 x 600
    first.tabs.setCurrentIndex(first.tabs.count() - 1)
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.tabs.currentIndex() == second.tabs.count() - 1
    # restoreGeometry keeps a window on its screen: within the offscreen frame's 2 pixels
    assert abs(second.width() - 800) <= 2 and second.height() == 580
    second.close()


def test_keys_drive_the_current_tab(lesson_window, qtbot):
    from PySide6.QtCore import Qt

    window = lesson_window("sin-fit")
    tab = window.show_lesson("sin-fit")
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=TIMEOUT)
    settle(tab, qtbot, variant="numpy", steps=50_000, speed=1000.0)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: tab.state == RunState.PLAYING, timeout=TIMEOUT)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: tab.state == RunState.PAUSED, timeout=TIMEOUT)
    before = tab.snapshot.step
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: tab.snapshot.step == before + 1, timeout=TIMEOUT)
    qtbot.keyClick(window, Qt.Key.Key_Period)
    qtbot.waitUntil(lambda: tab.snapshot.step == before + 2, timeout=TIMEOUT)
    qtbot.keyClick(window, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: tab.snapshot is not None and tab.snapshot.step == 0, timeout=TIMEOUT)


def test_zoom_scales_text_and_plot_labels(sin_tab, qtbot):
    from PySide6.QtCore import Qt

    window = sin_tab.window()

    def sizes():
        axis = sin_tab.view.loss_plot.getPlotItem().getAxis("bottom")
        return (sin_tab.notes.font().pointSizeF(), sin_tab.code.text.font().pointSizeF(),
                axis.style["tickFont"].pointSizeF() if axis.style["tickFont"] else 0.0)

    before = sizes()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    after = sizes()
    assert all(a > b for a, b in zip(after, before[:2])) and after[2] > 0
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert sizes()[:2] == before[:2]


def test_a_killed_process_server_comes_back_without_blocking_the_window(sin_tab, qtbot):
    import os
    import signal

    from PySide6.QtCore import QElapsedTimer, QTimer

    from gui.processes import server_pid

    pid = server_pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)  # the server and, with it, the tab's run process
    qtbot.waitUntil(lambda: sin_tab.state == RunState.FAILED, timeout=TIMEOUT)
    gaps, clock, ticker = [], QElapsedTimer(), QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(lambda: (gaps.append(clock.restart()) if clock.isValid() else clock.start()))
    ticker.start()
    settle(sin_tab, qtbot, steps=10, speed=0.0)  # Reset: a new server and run process start
    ticker.stop()
    finish(sin_tab, qtbot)
    assert server_pid() not in (None, pid)
    # The restart (torch loading in the new server) happened off the GUI thread.
    assert max(gaps) < 1000, f"the window stalled {max(gaps)} ms while the server restarted"


def test_a_device_this_machine_lacks_is_said_and_auto_takes_the_best_there_is(sin_tab, qtbot):
    field = sin_tab.controls.fields["device"]
    names = [field.combo.itemData(i) for i in range(field.combo.count())]
    sin_tab.controls.load({"device": "cuda:7"})  # a setup made on a machine with eight GPUs
    assert field.value() == "cpu"
    message = sin_tab.controls.message.text()
    assert "cuda:7 is not on this machine" in message and "the runs use cpu" in message
    assert "cuda:7" in sin_tab.run_bar.status.text()  # the status line says it too
    sin_tab.controls.load({"device": "auto"})
    assert field.value() == next((n for n in names if n != "cpu"), "cpu")
