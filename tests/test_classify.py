"""Classify: a linear model cannot separate a spiral or XOR, a net with a hidden layer can; the
pictures (regions, hidden space, units) are what the model computes; the CLI reports the figures.

Budgets are the shortest that prove each point (fewer points per class than the defaults); the
full-size figures of the issue run in benchmarks/classify.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import core.runs.classify as runs
from core.cli import main
from core.errors import ConfigError
from core.protocol import RunState
from core.registry import get_lesson
from tests.helpers import TIMEOUT, make, run_to, settle


def fresh_frame(run):
    run.command("refresh", None)
    return run.frame()


# -- the figures ------------------------------------------------------------------------------------
def test_a_linear_model_gets_about_one_spiral_point_in_two():
    run = run_to(make("classify", "linear", points=100, lr=1e-2, steps=300))
    result = run.result()
    assert 0.45 <= result["train_accuracy"] <= 0.60, result
    assert run.loss > 0.75  # converged, not slow: its loss cannot fall further


def test_a_hundred_relu_units_learn_the_spiral():
    # The NYU settings (Adam 1e-3, weight decay 1e-5, 1000 full-batch steps), on 100 points per arm.
    run = run_to(make("classify", "two-layer", points=100, hidden=100, activation="relu",
                      optimizer="Adam", lr=1e-3, weight_decay=1e-5, steps=1000))
    assert run.result()["train_accuracy"] >= 0.93


def test_xor_defeats_a_line_and_eight_relu_units_solve_it_on_most_seeds():
    line = run_to(make("classify", "linear", dataset="xor", points=50, noise=0.0, lr=1e-2,
                       steps=500))
    assert line.loss > 0.68  # ln 2: no better than a coin
    assert 0.3 <= line.result()["train_accuracy"] <= 0.75
    solved = [run_to(make("classify", preset="xor", points=50, steps=1000, seed=seed))
              .result()["train_accuracy"] >= 0.95 for seed in (0, 1, 2)]
    assert sum(solved) >= 2, solved


# -- the data ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("dataset, classes", [("spiral", 4), ("moons", 2), ("circles", 2),
                                              ("xor", 2), ("blobs", 5)])
def test_every_data_set_has_its_classes_and_a_disjoint_test_split(dataset, classes):
    run = make("classify", "linear", dataset=dataset, arms=classes if classes > 2 else 3,
               points=40, test_fraction=0.25)
    scene = run.scene()
    assert scene.classes == classes
    assert np.bincount(scene.labels).tolist() == [40] * classes
    assert scene.test.sum() == round(0.25 * 40 * classes)
    x, _ = runs.make_points(dataset, scene.classes, 40, 0.2, torch.Generator().manual_seed(0))
    rows = lambda points: points[np.lexsort(points.T)]  # noqa: E731
    np.testing.assert_array_equal(rows(scene.points), rows(x.numpy()))  # each point once, in one half
    assert np.abs(scene.points).max() < scene.extent  # the fixed plot shows every point
    result = run_to(run, 1).result()
    assert np.array(result["confusion"]).shape == (classes, classes)


def test_the_same_seed_gives_the_same_run_and_another_seed_another():
    first, again, other = (run_to(make("classify", "two-layer", points=30, steps=20, seed=s))
                           for s in (3, 3, 4))
    np.testing.assert_array_equal(first.scene().points, again.scene().points)
    np.testing.assert_array_equal(first.history.column("loss"), again.history.column("loss"))
    assert not np.array_equal(first.scene().points, other.scene().points)


# -- the pictures -----------------------------------------------------------------------------------
def test_the_regions_are_the_models_probabilities_on_the_grid():
    run = run_to(make("classify", "two-layer", points=30, steps=30))
    scene, frame = run.scene(), fresh_frame(run)
    i, j = 17, 80  # row i is y = grid[i], column j is x = grid[j]
    with torch.no_grad():
        p = run.rung.model(torch.tensor([[scene.grid[j], scene.grid[i]]])).softmax(1)[0].numpy()
    np.testing.assert_allclose(frame.regions[i, j], p, rtol=1e-4, atol=1e-6)
    assert frame.regions.shape[:2] == (len(scene.grid), len(scene.grid)) and len(scene.grid) >= 100
    with torch.no_grad():
        predicted = run.rung.model(torch.from_numpy(scene.points)).argmax(1).numpy()
    np.testing.assert_array_equal(frame.predicted, predicted)


@pytest.mark.parametrize("variant, dataset, arms", [("two-layer", "spiral", 3), ("deep", "spiral", 3),
                                                    ("two-layer", "moons", 3), ("linear", "spiral", 3)])
def test_the_hidden_view_keeps_the_output_layers_decision(variant, dataset, arms):
    # Two or three classes: where a point lands in the hidden view, the view's regions name the
    # class the model predicts for it.
    run = run_to(make("classify", variant, dataset=dataset, arms=arms, points=40, steps=60,
                      lr=1e-2))
    frame = fresh_frame(run)
    size = frame.hidden_regions.shape[0]
    cells = np.clip(np.round((frame.hidden_points + runs.HIDDEN_EXTENT)
                             / (2 * runs.HIDDEN_EXTENT) * (size - 1)).astype(int), 0, size - 1)
    shown = frame.hidden_regions[cells[:, 1], cells[:, 0]].argmax(1)
    margin = np.sort(frame.hidden_regions[cells[:, 1], cells[:, 0]], 1)
    inside = np.abs(frame.hidden_points).max(1) < runs.HIDDEN_EXTENT
    clear = inside & (margin[:, -1] - margin[:, -2] > 0.3)  # away from a boundary: cells are coarse
    assert clear.sum() >= 10  # enough points to compare
    np.testing.assert_array_equal(shown[clear], frame.predicted[clear])
    inside = np.abs(frame.hidden_points).max(1) <= 1.0 + 1e-6
    assert inside.mean() >= 0.98  # scaled so that all but the farthest 1 % fit the fixed plot


def _bend(lines: np.ndarray) -> float:
    """Largest distance of a grid line's samples from the straight line through its ends."""
    worst = 0.0
    for line in lines:
        start, end = line[0], line[-1]
        direction = (end - start) / max(np.linalg.norm(end - start), 1e-12)
        offsets = line - start
        worst = max(worst, float(np.abs(offsets[:, 0] * direction[1] - offsets[:, 1] * direction[0]).max()))
    return worst


def test_a_linear_model_keeps_the_grid_straight_and_a_net_folds_it():
    straight = fresh_frame(run_to(make("classify", "linear", points=30, steps=50, lr=1e-2)))
    folded = fresh_frame(run_to(make("classify", "two-layer", points=30, steps=50, lr=1e-2)))
    assert _bend(straight.hidden_grid) < 1e-4
    assert _bend(folded.hidden_grid) > 0.05


def test_unit_maps_are_the_hidden_units_over_the_plane():
    run = run_to(make("classify", "two-layer", points=30, hidden=20, activation="tanh", steps=5))
    scene, frame = run.scene(), fresh_frame(run)
    assert frame.units.shape[0] == runs.MAX_UNITS and frame.unit_total == 20
    i, j = 4, 7  # unit map cell (i, j) is grid point (UNIT_EVERY i, UNIT_EVERY j)
    x = scene.grid[runs.UNIT_EVERY * j]
    y = scene.grid[runs.UNIT_EVERY * i]
    with torch.no_grad():
        h = run.rung.model[:2](torch.tensor([[x, y]], dtype=torch.float32))[0].numpy()
    np.testing.assert_allclose(frame.units[:, i, j], h[:runs.MAX_UNITS], rtol=1e-4, atol=1e-6)


def test_frames_repeat_between_pictures_and_are_fresh_when_asked_or_done(monkeypatch):
    monkeypatch.setattr(runs, "PICTURE_INTERVAL_S", 3600.0)
    run = make("classify", "linear", points=20, steps=6)
    first = run.frame()
    run_to(run, 2)
    assert run.frame() is first  # not due yet: the last picture again
    run.command("refresh", None)  # what the view asks for when the run pauses
    fresh = run.frame()
    assert fresh is not first and run.frame() is fresh
    run_to(run)
    assert run.frame().train_loss != fresh.train_loss  # done: always the last step
    with pytest.raises(ConfigError):
        run.command("no such command", None)


# -- the CLI ----------------------------------------------------------------------------------------
def test_cli_json_reports_accuracies_and_the_confusion_matrix(capsys):
    code = main(["run", "classify", "--variant", "two-layer", "--dataset", "blobs", "--arms", "4",
                 "--points", "30", "--noise", "0.1", "--test-fraction", "0.5", "--hidden", "8",
                 "--activation", "tanh", "--optimizer", "SGD", "--weight-decay", "0",
                 "--steps", "50", "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["lr"] == 0.5  # SGD brings its own learning rate
    result = out["result"]
    confusion = np.array(result["confusion"])
    assert confusion.shape == (4, 4) and confusion.sum() == 60 == result["test_points"]
    assert result["test_accuracy"] == pytest.approx(np.trace(confusion) / 60)
    assert 0 <= result["train_accuracy"] <= 1 and result["test_loss"] > 0


@pytest.mark.parametrize("args, words", [
    (["--variant", "linear", "--hidden", "8"], "Hidden"),
    (["--variant", "two-layer", "--layers", "4"], "Layers"),
    (["--weight-decay", "2"], "Weight decay"),
    (["--dataset", "squares"], "dataset"),
])
def test_cli_refuses_knobs_that_do_not_apply_with_one_line(capsys, args, words):
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "classify", *args])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "\n" not in err and words.lower() in err.lower()


def test_without_a_test_split_the_test_figures_are_empty():
    result = run_to(make("classify", "linear", points=20, test_fraction=0.0, steps=3)).result()
    assert result["test_accuracy"] is None and result["test_loss"] is None
    assert np.array(result["confusion"]).sum() == 60 and result["confusion_of"] == "train"


# -- the view ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("variant, values", [("linear", {}), ("two-layer", {"dataset": "moons"}),
                                             ("deep", {"hidden": 3}), ("two-layer", {"hidden": 1}),
                                             ("linear", {"test_fraction": 0.0})])
def test_view_draws_every_variant_and_clears(qtbot, variant, values):
    from gui.lessons.classify import VIEW

    view = VIEW(get_lesson("classify"))
    qtbot.addWidget(view)
    view.resize(700, 600)
    run = make("classify", variant, points=20, steps=5, **values)
    scene = run.scene()
    view.set_scene(scene)
    view.show_snapshot(run.snapshot())
    run_to(run)
    snapshot = run.snapshot(0)
    view.show_snapshot(snapshot)
    frame = snapshot.frame
    assert view.regions.image.shape[:2] == frame.regions.shape[:2]
    wrong = int((frame.predicted != scene.labels).sum())
    assert view.plane_points.wrong_count == view.hidden_points.wrong_count == wrong
    assert view.train_readout.text() == f"train {100 * frame.train_accuracy:.1f} %"
    if not scene.test.any():
        assert view.test_readout.text() == "no test points"
    assert view.ghost_items(scene, frame, "k") or len(np.unique(frame.regions.argmax(-1))) == 1
    view.clear()
    assert view.loss_plot.column().size == 0 and view.regions.image is None


def test_a_blown_up_model_is_drawn_without_warnings(qtbot, recwarn):
    from gui.lessons.classify import VIEW

    view = VIEW(get_lesson("classify"))
    qtbot.addWidget(view)
    view.resize(700, 600)
    view.show()
    run = run_to(make("classify", "two-layer", points=20, steps=3))
    with torch.no_grad():
        run.rung.model[0].weight.fill_(float("nan"))
    run.step()
    assert run.diverged_at == 4
    view.set_scene(run.scene())
    view.show_snapshot(run.snapshot())
    qtbot.wait(10)
    assert view.train_readout.text() == "train —"
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)], [
        str(w.message) for w in recwarn]


def test_the_tab_runs_draws_what_the_engine_computes_and_nothing_is_clipped(lesson_window, qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QLabel

    from gui.lessons.classify import HEADING_PT, READOUT_PT

    win = lesson_window("classify")
    win.resize(1280, 720)
    tab = win.show_lesson("classify")
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=TIMEOUT)
    settle(tab, qtbot, variant="two-layer", points=60, steps=200, speed=0.0)
    tab.toggle_play()
    qtbot.waitUntil(lambda: tab.state == RunState.FINISHED and tab.snapshot.step == 200,
                    timeout=TIMEOUT)
    reference = run_to(make("classify", "two-layer", points=60, steps=200)).result()
    view = tab.view
    assert view.train_readout.text() == f"train {100 * reference['train_accuracy']:.1f} %"
    try:
        for size, zoom in (((1280, 720), 1.0), ((1280, 720), 2.0), ((1920, 1080), 2.0)):
            win.resize(*size)
            while win.zoom_factor < zoom:
                win.zoom(+1)
            qtbot.wait(50)
            assert view.train_readout.font().pointSizeF() == pytest.approx(READOUT_PT * zoom)
            assert view.units_heading.font().pointSizeF() == pytest.approx(HEADING_PT * zoom)
            for label in view.findChildren(QLabel):
                if not label.isVisibleTo(view) or not label.text():
                    continue
                assert label.mapTo(view, QPoint(label.width(), 0)).x() <= view.width()
                fits = label.sizeHint().width() <= label.width()
                assert fits or label.toolTip(), label.text()  # elided, the tooltip has it all
    finally:
        win.zoom(0)


def test_a_paused_run_shows_the_step_it_stopped_at(lesson_window, qtbot):
    win = lesson_window("classify")
    tab = win.show_lesson("classify")
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=TIMEOUT)
    settle(tab, qtbot, variant="linear", points=20, steps=100_000, speed=2000.0)
    tab.toggle_play()
    qtbot.waitUntil(lambda: tab.snapshot.step > 50, timeout=TIMEOUT)
    tab.toggle_play()
    qtbot.waitUntil(lambda: tab.state == RunState.PAUSED, timeout=TIMEOUT)
    step = tab.snapshot.step
    expected = run_to(make("classify", "linear", points=20, steps=step)).result()["train_loss"]
    qtbot.waitUntil(lambda: tab.snapshot.frame.train_loss == pytest.approx(expected, rel=1e-6),
                    timeout=TIMEOUT)


def test_the_console_gets_copies_under_the_names_the_notes_use():
    run = run_to(make("classify", "two-layer", points=20, steps=3))
    names = run.namespace()
    notes = (Path(__file__).parents[1] / "resources" / "lessons" / "classify.md").read_text()
    for name in ("model", "x", "y", "x_test", "y_test"):
        assert f"`{name}`" in notes and name in names
    accuracy = (names["model"](names["x"]).argmax(1) == names["y"]).float().mean().item()
    assert accuracy == pytest.approx(fresh_frame(run).train_accuracy)
    with torch.no_grad():
        names["model"][0].weight.zero_()
        names["x"].zero_()
    assert run.rung.model[0].weight.abs().sum() > 0 and run.rung.x.abs().sum() > 0  # copies


def test_the_planes_edge_labels_are_whole_on_screen_at_200_percent(lesson_window, qtbot, monkeypatch):
    import pyqtgraph as pg

    drawn = {}
    original = pg.AxisItem.drawPicture

    def spy(axis, painter, axis_spec, tick_specs, text_specs):
        drawn[id(axis)] = [(rect, text) for rect, _, text in text_specs]
        original(axis, painter, axis_spec, tick_specs, text_specs)

    monkeypatch.setattr(pg.AxisItem, "drawPicture", spy)
    win = lesson_window("classify")
    win.resize(1920, 1080)
    tab = win.show_lesson("classify")
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=TIMEOUT)
    plane = tab.view.plane
    axis = plane.getAxis("left")
    try:
        while win.zoom_factor < 2.0:
            win.zoom(+1)
        drawn.clear()
        qtbot.waitUntil(lambda: id(axis) in drawn, timeout=TIMEOUT)
        settled = None
        while settled is not drawn[id(axis)]:  # the drawing after the zoom's last relayout
            settled = drawn[id(axis)]
            qtbot.wait(300)
        texts = [text.replace("−", "-") for _, text in drawn[id(axis)]]
        assert "1.5" in texts and "-1.5" in texts  # the plane's edges are labelled
        screen = plane.viewport().rect()
        for rect, text in drawn[id(axis)]:
            shown = plane.mapFromScene(axis.mapRectToScene(rect)).boundingRect()
            assert screen.contains(shown), f"{text!r} is cut off by the plot's edge"
    finally:
        win.zoom(0)  # the application's font is shared with the tests that follow
