"""Comparing runs in the window (sin-fit): ghosts of reset runs, the lr sweep, the advice button."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from core.protocol import RunState
from tests.helpers import TIMEOUT, finish, make, run_to, settle


def test_a_reset_run_stays_as_a_labelled_ghost_and_its_row_loads_it(sin_tab, qtbot):
    compare = sin_tab.compare
    compare.clear()
    sin_tab.side.setCurrentIndex(0)  # the notes in front: the Runs table out of sight
    settle(sin_tab, qtbot, variant="numpy", lr=1e-6, steps=200, speed=0.0)
    finish(sin_tab, qtbot)
    first = sin_tab.view.loss_plot.column().copy()
    settle(sin_tab, qtbot, lr=3e-6)  # Reset with another lr: the first run becomes a ghost
    (ghost,) = compare.shelf.ghosts
    np.testing.assert_array_equal(ghost.losses, first)
    # Named a moment later, in a turn of its own
    qtbot.waitUntil(lambda: compare.layer.legend_texts() == ["now: lr 3e-06", "lr 1e-06"],
                    timeout=TIMEOUT)
    # The new run has drawn nothing yet: the loss plot frames the ghost, and its axes say so
    loss_plot = sin_tab.view.loss_plot
    (x0, x1), (y0, y1) = loss_plot.getPlotItem().vb.viewRange()
    low, high = np.log10(ghost.losses.min()), np.log10(ghost.losses.max())
    assert y0 <= low and high <= y1 and x0 <= 1 and ghost.steps <= x1, "the ghost is out of view"
    for name, shown in (("bottom", (x0, x1)), ("left", (y0, y1))):
        np.testing.assert_allclose(loss_plot.getAxis(name).range, shown, err_msg=f"{name} axis")
    sin_tab.side.setCurrentWidget(compare.table)  # its rows, kept while it was out of sight
    assert compare.table.table.rowCount() == 1 and compare.table.table.item(0, 1).text() == "lr 1e-06"
    x, y = compare.layer.curve(ghost).getData()
    assert len(x) == 200
    faded = [i for i in sin_tab.view.main_plot().items if i.zValue() < 0]
    assert len(faded) == 1  # the earlier cubic, behind the live one
    finish(sin_tab, qtbot)
    settle(sin_tab, qtbot, lr=1e-5)
    qtbot.waitUntil(lambda: len(compare.table.row_texts()) == 2, timeout=TIMEOUT)
    assert compare.table.row_texts()[0][:2] == ["lr 3e-06", "200"]  # newest first
    assert compare.table.row_texts()[1][0] == "lr 1e-06"
    compare.table.table.item(1, 0).setCheckState(Qt.CheckState.Checked)  # keep the 1e-6 run
    qtbot.waitUntil(lambda: "★ lr 1e-06" in compare.layer.legend_texts(), timeout=TIMEOUT)
    assert compare.shelf.ghosts[0].pinned
    compare.table.table.cellClicked.emit(1, 1)  # the 1e-6 row: its settings come back
    assert sin_tab.controls.fields["lr"].value() == 1e-6
    qtbot.waitUntil(lambda: sin_tab.run_config.lr == 1e-6, timeout=TIMEOUT)  # nothing ran: reset
    compare.clear()
    assert not compare.shelf.ghosts and not compare.layer.legend.isVisible()
    assert not [i for i in sin_tab.view.main_plot().items if i.zValue() < 0]


def test_a_sweep_draws_every_lr_and_a_click_takes_one(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="numpy", lr=1e-6, steps=300, speed=0.0)
    panel = sin_tab.compare.sweep
    panel.low.setText("1e-7")
    panel.high.setText("1e-5")
    panel.count.setValue(8)
    (action,) = [a for a in sin_tab.window().menus["Run"].actions() if a.text().startswith("Sweep")]
    assert action.shortcut().toString() == "Ctrl+L"
    action.trigger()  # as the menu (or Ctrl+L) does
    assert sin_tab.side.currentWidget() is panel and panel.running
    qtbot.waitUntil(lambda: panel.progress_seen is not None and panel.progress_seen.done,
                    timeout=TIMEOUT)
    assert not panel.running
    done, blown = panel.plots.point_lrs()
    lrs = np.geomspace(1e-7, 1e-5, 8)
    assert len(done) + len(blown) == 8 and blown.size and max(done) < min(blown)
    steps = [label.toPlainText() for label in panel.plots._labels]  # each blow-up says its step
    assert steps == [f"step {s:,}" for s in panel.progress_seen.diverged_at if s]
    for row, lr in enumerate(lrs[:2]):  # each curve is the single run at its lr
        single = run_to(make("sin-fit", "numpy", lr=float(lr), steps=300)).history.column("loss")
        np.testing.assert_allclose(panel.plots.curve_losses(row), single, rtol=1e-9)
        np.testing.assert_allclose(10 ** panel.plots.curves.row(row), single, rtol=1e-9)
    best = panel.progress_seen.best_lr
    point = [p for p in panel.plots.points.points() if p.data() == best]
    panel.plots.points.sigClicked.emit(panel.plots.points, point, None)
    qtbot.waitUntil(lambda: sin_tab.run_config.lr == float(f"{best:.3g}")
                    and sin_tab.state == RunState.IDLE, timeout=TIMEOUT)


def test_bad_sweep_range_says_so_in_one_line(sin_tab, qtbot):
    panel = sin_tab.compare.sweep
    panel.low.setText("1e-3")
    panel.high.setText("1e-5")
    assert not sin_tab.compare.start_sweep()
    assert "must be below its highest" in panel.message.text() and "\n" not in panel.message.text()


def test_a_diverged_run_offers_an_lr_that_finishes(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="tensor", lr=1e-4, steps=300, speed=0.0)
    sin_tab.toggle_play()
    button = sin_tab.banner.action_button
    qtbot.waitUntil(lambda: button.isVisible() and button.isEnabled(), timeout=TIMEOUT)
    advised = sin_tab.compare.advice.lr
    assert button.text() == f"Use lr {advised:g}" and advised < 1e-4
    button.click()
    qtbot.waitUntil(lambda: sin_tab.run_config.lr == advised and sin_tab.state == RunState.IDLE,
                    timeout=TIMEOUT)
    finish(sin_tab, qtbot)
    assert sin_tab.snapshot.diverged_at is None and sin_tab.snapshot.step == 300


def test_reset_ends_a_sweep_and_says_where_it_stopped(sin_tab, qtbot):
    settle(sin_tab, qtbot, variant="numpy", steps=1_000_000, speed=0.0)
    panel = sin_tab.compare.sweep
    panel.count.setValue(2)
    assert sin_tab.compare.start_sweep()
    qtbot.waitUntil(lambda: panel.progress_seen is not None and panel.progress_seen.step > 0,
                    timeout=TIMEOUT)
    assert panel.running
    sin_tab.reset()
    assert not panel.running and panel.button.text() == "Sweep learning rate"
    qtbot.waitUntil(lambda: "Stopped at step" in panel.message.text(), timeout=TIMEOUT)
