"""The run bar's numbers follow a run at a readable pace and always end on the run's last step."""

from __future__ import annotations

from tests.helpers import TIMEOUT, settle


def test_the_run_bar_updates_less_often_than_the_plots_and_ends_on_the_last_step(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="numpy", steps=4_000, speed=0.0)
    frames, shown = [], []
    sin_tab.controller.frame_ready.connect(frames.append)
    original = sin_tab.run_bar.set_status

    def spy(text, error=False):
        shown.append(text)
        original(text, error)

    sin_tab.run_bar.set_status = spy
    sin_tab.toggle_play()
    qtbot.waitUntil(lambda: shown and "Step 4,000 / 4,000" in shown[-1],
                    timeout=TIMEOUT)  # the last update comes at most STATUS_MS after the last frame
    drawn = len(frames)
    assert drawn >= 10, "the run ended before the pace could show"
    assert len(shown) < drawn, "the run bar was rewritten on every frame"
    assert sin_tab.run_bar.progress.value() == 4_000


def test_a_run_standing_still_shows_its_step_in_the_bar_and_the_status_alike(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="numpy", steps=2_000, speed=0.0)
    for step in (1, 2, 3):  # steps too small for the bar to move by a pixel
        sin_tab.step_once()
        qtbot.waitUntil(lambda: sin_tab.snapshot.step == step, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: sin_tab.run_bar.progress.value() == 3, timeout=TIMEOUT)
    assert sin_tab.run_bar.progress.text().startswith("3 ")
