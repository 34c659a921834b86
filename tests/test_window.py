"""The window as a user drives it: start, pause, step, reset, live lr, bad input, divergence, close."""

from __future__ import annotations

import numpy as np
import pytest

from tests.helpers import make, run_to

TIMEOUT = 20_000


def settle(tab, qtbot, **values):
    """Set controls as a user would and wait for the prepared run to match them."""
    tab.controls.load(values)
    assert tab.reset()
    qtbot.waitUntil(lambda: tab.state == "idle" and tab.snapshot is not None
                    and tab.snapshot.step == 0, timeout=TIMEOUT)


def test_start_runs_to_the_end_and_the_plots_hold_the_data(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="autograd", steps=300)
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.state == "finished", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: sin_tab.snapshot.step == 300, timeout=TIMEOUT)
    losses = sin_tab.view.loss_plot.column()
    reference = run_to(make("sin-fit", "autograd", steps=300))
    np.testing.assert_array_equal(losses, reference.history.column("loss"))
    x, y = sin_tab.view.model.getData()
    assert len(x) > 100 and np.all(np.isfinite(y))
    assert sin_tab.progress.value() == 300 and "300 / 300" in sin_tab.status.text()


def test_pause_stops_the_count_and_resume_continues(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="numpy", steps=100_000, speed="1000")
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.snapshot.step > 20, timeout=TIMEOUT)
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.state == "paused", timeout=TIMEOUT)
    paused_at = sin_tab.snapshot.step
    qtbot.wait(300)
    assert sin_tab.snapshot.step == paused_at
    assert sin_tab.start_button.text() == "Resume"
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.snapshot.step > paused_at + 20, timeout=TIMEOUT)
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.state == "paused", timeout=TIMEOUT)


def test_step_advances_exactly_one_step(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="tensor")
    for expected in (1, 2, 3):
        sin_tab.step_once()
        qtbot.waitUntil(lambda: sin_tab.snapshot.step == expected and sin_tab.state == "paused",
                        timeout=TIMEOUT)
    assert len(sin_tab.view.loss_plot.column()) == 3


def test_reset_restores_the_seeded_start(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="nn", seed=5)
    start = sin_tab.snapshot.state["coefficients"].copy()
    for _ in range(4):
        sin_tab.step_once()
    qtbot.waitUntil(lambda: sin_tab.snapshot.step == 4, timeout=TIMEOUT)
    assert not np.array_equal(sin_tab.snapshot.state["coefficients"], start)
    sin_tab.reset()
    qtbot.waitUntil(lambda: sin_tab.snapshot is not None and sin_tab.snapshot.step == 0,
                    timeout=TIMEOUT)
    np.testing.assert_array_equal(sin_tab.snapshot.state["coefficients"], start)
    assert len(sin_tab.view.loss_plot.column()) == 0


def test_a_learning_rate_change_is_used_from_the_next_step(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="numpy", lr=1e-6)
    for _ in range(3):
        sin_tab.step_once()
    qtbot.waitUntil(lambda: sin_tab.snapshot.step == 3, timeout=TIMEOUT)
    sin_tab.controls.fields["lr"].inner.edit.setText("3e-6")
    sin_tab.controls.fields["lr"].inner.edit.editingFinished.emit()
    sin_tab.step_once()
    qtbot.waitUntil(lambda: sin_tab.snapshot.step == 4, timeout=TIMEOUT)
    reference = run_to(make("sin-fit", "numpy", lr=1e-6), 3)
    reference.set_lr(3e-6)
    reference.step()
    assert sin_tab.snapshot.loss == reference.loss
    np.testing.assert_array_equal(sin_tab.snapshot.state["coefficients"], reference.coefficients())
    assert sin_tab.snapshot.lr == 3e-6


@pytest.mark.parametrize("text, words", [
    ("abc", "must be a number"), ("-1", "must be > 0"), ("0", "must be > 0"),
    ("1e9", "between 1e-08 and 10"),
])
def test_bad_learning_rates_are_refused_with_a_message_and_nothing_starts(sin_tab, qtbot, text, words):
    edit = sin_tab.controls.fields["lr"].inner.edit
    edit.setText(text)
    edit.editingFinished.emit()
    assert words in sin_tab.controls.message.text()
    assert "Learning rate" in sin_tab.controls.message.text()
    sin_tab.toggle_play()
    qtbot.wait(200)
    assert sin_tab.state == "idle" and sin_tab.snapshot.step == 0
    assert words in sin_tab.status.text()


def test_the_slider_and_the_typed_field_stay_in_sync(sin_tab):
    field = sin_tab.controls.fields["lr"].inner
    field.edit.setText("0.01")
    field.edit.editingFinished.emit()
    assert field.slider.value() == field._position(0.01)
    field.slider.setValue(field.slider.maximum())
    assert float(field.edit.text()) == 10.0


def test_divergence_pauses_the_run_and_says_what_to_try(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="tensor", lr=10.0)
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.state == "diverged", timeout=TIMEOUT)
    text = sin_tab.banner.text()
    assert "inf/NaN at step" in text and "learning rate" in text.lower()
    # The app stays usable: a smaller lr and Reset run again.
    settle(sin_tab, qtbot, lr=1e-6, steps=50)
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.state == "finished", timeout=TIMEOUT)
    assert not sin_tab.banner.isVisible()


def test_an_error_in_a_run_becomes_a_message_with_details(sin_tab, qtbot, monkeypatch):
    from core.runs import sin_fit

    def broken(self):
        raise RuntimeError("shapes do not match")

    monkeypatch.setattr(sin_fit.TensorFit, "train_step", broken)
    sin_tab.use_worker("thread")  # the fault lives in this process, so the run must too
    settle(sin_tab, qtbot, variant="tensor")
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.state == "failed", timeout=TIMEOUT)
    assert "shapes do not match" in sin_tab.banner.text()
    assert "Traceback" in sin_tab.banner._details
    monkeypatch.undo()
    settle(sin_tab, qtbot, variant="tensor", steps=20)
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.state == "finished", timeout=TIMEOUT)


def test_a_run_process_that_dies_is_reported_and_replaced(sin_tab, qtbot):
    assert sin_tab.handle.kind == "process"
    settle(sin_tab, qtbot, variant="autograd", steps=1_000_000)
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.state == "playing", timeout=TIMEOUT)
    sin_tab.handle.process.kill()  # as if the operating system ended it (out of memory, say)
    qtbot.waitUntil(lambda: sin_tab.state == "failed", timeout=TIMEOUT)
    assert "stopped unexpectedly" in sin_tab.banner.text()
    settle(sin_tab, qtbot, steps=30)  # Reset starts a new process
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.state == "finished", timeout=TIMEOUT)
    assert sin_tab.snapshot.step == 30 and sin_tab.handle.alive


def test_a_change_that_needs_a_restart_says_so(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="autograd")
    sin_tab.step_once()
    qtbot.waitUntil(lambda: sin_tab.snapshot.step == 1, timeout=TIMEOUT)
    sin_tab.controls.fields["seed"].spin.setValue(42)
    assert "Seed applies on Reset" in sin_tab.status.text()


def test_closing_mid_run_stops_every_thread(window, sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="autograd", steps=1_000_000)
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: sin_tab.state == "playing", timeout=TIMEOUT)
    threads = [tab.handle.thread for tab in window.lesson_tabs if tab.handle is not None]
    window.close()
    assert threads and all(t.isFinished() for t in threads)


def test_window_remembers_its_last_tab_and_size(qtbot):
    import torch  # noqa: F401

    from gui.main_window import MainWindow

    first = MainWindow()
    qtbot.addWidget(first)
    first.resize(700, 500)
    first.tabs.setCurrentIndex(first.tabs.count() - 1)
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.tabs.currentIndex() == second.tabs.count() - 1
    assert (second.width(), second.height()) == (700, 500)
    second.close()


def test_keys_drive_the_current_tab(window, sin_tab, qtbot):
    from PySide6.QtCore import Qt

    settle(sin_tab, qtbot, variant="numpy", steps=50_000, speed="1000")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: sin_tab.state == "playing", timeout=TIMEOUT)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: sin_tab.state == "paused", timeout=TIMEOUT)
    before = sin_tab.snapshot.step
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: sin_tab.snapshot.step == before + 1, timeout=TIMEOUT)
    qtbot.keyClick(window, Qt.Key.Key_Period)
    qtbot.waitUntil(lambda: sin_tab.snapshot.step == before + 2, timeout=TIMEOUT)
    qtbot.keyClick(window, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: sin_tab.snapshot is not None and sin_tab.snapshot.step == 0,
                    timeout=TIMEOUT)
    if window.tabs.count() > 1:
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentIndex() == 1
        qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentIndex() == 0


def test_typing_in_a_field_is_not_taken_as_a_shortcut(window, sin_tab, qtbot):
    from PySide6.QtCore import Qt

    edit = sin_tab.controls.fields["lr"].inner.edit
    edit.setFocus()
    edit.clear()
    qtbot.keyClicks(edit, "1e-5 r")
    assert edit.text() == "1e-5 r" and sin_tab.state == "idle"


def test_zoom_scales_text_and_plot_labels(window, sin_tab, qtbot):
    import pyqtgraph as pg
    from PySide6.QtCore import Qt

    def sizes():
        axis = sin_tab.view.loss_plot.getPlotItem().getAxis("bottom")
        return (sin_tab.notes.font().pointSizeF(), sin_tab.code.font().pointSizeF(),
                axis.style["tickFont"].pointSizeF() if axis.style["tickFont"] else 0.0)

    before = sizes()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    after = sizes()
    assert all(a > b for a, b in zip(after, before[:2])) and after[2] > 0
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert sizes()[:2] == before[:2]
    assert isinstance(sin_tab.view.loss_plot, pg.PlotWidget)
