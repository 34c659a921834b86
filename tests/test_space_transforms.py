"""Space transforms: the SVD rebuilds W, every path ends on points @ W.T, the stages come in order,
awkward matrices are shown honestly, the classifier separates two clouds, and the view draws."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from core.cli import main
from core.lessons.space_transforms import verdict
from core.runs.space_transforms import rotation, split_svd
from tests.helpers import make, run_to

REFLECTION = (1.5, 0.5, 0.5, -1.0)
SINGULAR = (1.0, 2.0, 0.5, 1.0)
LESSON = "space-transforms"


def _expected(run) -> np.ndarray:
    return (run.rung.points @ run.rung.W.T).numpy()


@pytest.mark.parametrize("matrix", [None, REFLECTION, SINGULAR, (0.0, -1.0, 1.0, 0.0)])
@pytest.mark.parametrize("seed", [0, 7])
def test_svd_reconstructs_W(matrix, seed):
    result = make(LESSON, "linear", matrix=matrix, seed=seed).result()
    W, U, S, Vt = (np.array(result[k]) for k in ("W", "U", "S", "Vt"))
    assert result["reconstruction_error"] < 1e-5
    np.testing.assert_allclose(U @ np.diag(S) @ Vt, W, atol=1e-5)
    assert np.all(S >= 0) and S[0] >= S[1]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-4, 4, allow_nan=False), min_size=4, max_size=4))
def test_the_animated_factors_are_rotations_that_rebuild_W(entries):
    # The animation plays R(angle_U) diag(scales) R(angle_Vt); any sign of a reflection sits in S.
    W = torch.tensor(entries, dtype=torch.float32).reshape(2, 2)
    angle_Vt, scales, angle_U = split_svd(W)
    rebuilt = rotation(angle_U) @ torch.diag(scales) @ rotation(angle_Vt)
    assert torch.allclose(rebuilt, W, atol=1e-5)
    assert abs(angle_Vt) <= math.pi and abs(angle_U) <= math.pi
    det = float(np.linalg.det(W.double().numpy()))
    assert float(scales[0]) >= 0
    if abs(det) > 1e-3:  # a flip of space shows as a negative second scale, and only then
        assert (float(scales[1]) < 0) == (det < 0)


@pytest.mark.parametrize("variant", ["linear", "nn-linear"])
@pytest.mark.parametrize("path", ["svd", "straight"])
@pytest.mark.parametrize("matrix", [None, REFLECTION, SINGULAR])
def test_the_last_frame_of_every_path_is_points_times_W_transposed(variant, path, matrix):
    run = run_to(make(LESSON, variant, path=path, matrix=matrix, steps=30))
    np.testing.assert_allclose(run.frame().points, _expected(run), atol=1e-5)
    assert run.result()["frame_vs_matmul"] < 1e-5


def test_nn_linear_is_the_same_map_as_the_matrix():
    run = make(LESSON, "nn-linear", steps=12)
    assert run.result()["layer_vs_matmul"] < 1e-6
    plain = run_to(make(LESSON, "linear", steps=12))
    layer = run_to(run)
    np.testing.assert_allclose(layer.frame().points, plain.frame().points, atol=1e-6)
    assert isinstance(layer.namespace()["layer"], torch.nn.Linear)
    assert layer.scene().matrix_name == "layer.weight" and plain.scene().matrix_name == "M(t)"


def test_frame_zero_is_the_identity():
    run = make(LESSON, "linear")
    frame = run.frame()
    np.testing.assert_array_equal(frame.points, run.scene().points.astype(np.float32))
    assert frame.stage == 0 and frame.t == 0 and "identity" in frame.title
    np.testing.assert_allclose(frame.arrows[:, -1], np.eye(2), atol=1e-7)
    np.testing.assert_array_equal(frame.M, np.eye(2))


def test_the_stages_come_in_the_order_Vt_S_U():
    run = make(LESSON, "linear", steps=30, seed=3)
    seen = [run.frame().stage]
    while not run.done:
        run.step()
        if run.frame().stage != seen[-1]:
            seen.append(run.frame().stage)
    assert seen == [0, 1, 2, 3]
    assert run.frame().title.startswith("Done")


def test_rotation_stages_keep_every_point_at_its_distance():
    # Turning by a growing angle never shrinks the cloud (blending matrices would).
    run = make(LESSON, "linear", steps=30, seed=3)
    radii = np.hypot(*run.scene().points.T)
    for _ in range(10):  # the first third: rotation Vᵀ
        run.step()
        frame = run.frame()
        assert frame.stage == 1 and "rotation Vᵀ" in frame.title
        np.testing.assert_allclose(np.hypot(*frame.points.T), radii, rtol=1e-5)


def test_the_straight_path_describes_M_of_t_not_W():
    # W = 2 I: the cloud grows steadily; halfway M(t) = 1.5 I, whose det is 2.25 (W's is 4).
    run = run_to(make(LESSON, "linear", path="straight", matrix=(2.0, 0.0, 0.0, 2.0), steps=10), 5)
    frame = run.frame()
    assert frame.t == 0.5 and frame.det == pytest.approx(2.25)
    assert "M(t)" in frame.title and "det M(t) = 2.25" in frame.detail
    np.testing.assert_allclose(frame.M, 1.5 * np.eye(2))
    assert run.scene().det == pytest.approx(4.0)


@pytest.mark.parametrize("path", ["svd", "straight"])
@pytest.mark.parametrize("matrix, words", [
    (SINGULAR, "collapses onto a line"), ((0.0, 0.0, 0.0, 0.0), "origin"),
    (REFLECTION, "det < 0: the map flips space"),
])
def test_singular_and_reflecting_maps_are_shown_without_nan(path, matrix, words):
    run = make(LESSON, "linear", path=path, matrix=matrix, steps=24)
    scene = run.scene()
    assert np.all(np.isfinite(scene.bounds)) and np.all(scene.bounds[:, 1] > scene.bounds[:, 0])
    while True:
        frame = run.frame()
        for name in ("points", "arrows", "grid", "M"):
            assert np.all(np.isfinite(getattr(frame, name))), (name, run.step_count)
        assert np.isfinite(frame.det)
        if run.done:
            break
        run.step()
    assert words in verdict(scene.det, scene.rank)
    red, green = frame.arrows[:, -1]  # where e1 and e2 end up
    orientation = red[0] * green[1] - red[1] * green[0]
    if matrix == REFLECTION:
        assert orientation < 0 and scene.det < 0  # e2 is now clockwise of e1: flipped
    else:
        assert scene.rank < 2 and scene.det == 0 and abs(orientation) < 1e-5


@pytest.mark.parametrize("matrix, det, singular", [
    ((1.0, 0.0, 0.0, 1e9), 1e9, False), ((1e-3, 0.0, 0.0, 1.0), 1e-3, False),
    ((1.0, 0.0, 0.0, 1e-12), 1e-12, False), (SINGULAR, 0.0, True),
])
def test_the_determinant_is_shown_as_computed_and_singular_only_when_it_is(matrix, det, singular):
    scene = make(LESSON, "linear", matrix=matrix).scene()
    assert scene.det == pytest.approx(det, rel=1e-6)
    assert ("singular" in verdict(scene.det, scene.rank)) == singular
    assert (scene.rank < 2) == singular


def test_the_frame_box_holds_every_frame_and_not_much_more():
    run = make(LESSON, "linear", steps=45, seed=5)
    (x0, x1), (y0, y1) = run.scene().bounds
    low, high = np.full(2, np.inf), np.full(2, -np.inf)
    while True:
        frame = run.frame()
        xy = np.concatenate([frame.points, frame.arrows[:, -1]])
        low, high = np.minimum(low, xy.min(0)), np.maximum(high, xy.max(0))
        if run.done:
            break
        run.step()
    assert x0 <= low[0] and y0 <= low[1] and high[0] <= x1 and high[1] <= y1
    assert max(x1 - x0, y1 - y0) < 1.25 * (high - low).max()  # a small margin, not ±12 for ±4


def test_a_reflection_flips_in_the_scaling_stage():
    angle_Vt, scales, angle_U = split_svd(torch.tensor(REFLECTION).reshape(2, 2))
    assert float(scales[0]) > 0 > float(scales[1])
    result = make(LESSON, "linear", matrix=REFLECTION).result()
    assert result["det"] == pytest.approx(-1.75) and result["animation"]["scales"][1] < 0


def test_tanh_bends_into_the_square_with_s_from_1_to_5():
    run = make(LESSON, "tanh", steps=20)
    assert run.frame().s == 1.0
    run_to(run)
    frame = run.frame()
    assert frame.s == pytest.approx(5.0)
    assert np.all(np.abs(frame.points) <= 1.0)
    np.testing.assert_allclose(frame.points, np.tanh(5.0 * _expected(run)), atol=1e-5)


def test_every_map_variant_uses_the_same_seeded_points_and_W():
    runs = [make(LESSON, v, seed=11) for v in ("linear", "nn-linear", "tanh")]
    for run in runs[1:]:
        assert torch.equal(run.rung.points, runs[0].rung.points)
        assert torch.equal(run.rung.W, runs[0].rung.W)
    assert not torch.equal(make(LESSON, "linear", seed=12).rung.W, runs[0].rung.W)


@pytest.mark.parametrize("seed", [0, 3])
def test_classifier_separates_separable_clouds(seed):
    run = run_to(make(LESSON, "classifier", seed=seed))
    assert run.diverged_at is None
    assert run.result()["accuracy"] >= 0.98
    losses = run.history.column("loss")
    assert losses[-1] < 0.2 * losses[0]


def test_classifier_overlap_makes_the_clouds_inseparable():
    run = run_to(make(LESSON, "classifier", overlap=1.0, steps=100))
    assert run.result()["accuracy"] < 0.8


def test_w_stays_orthogonal_to_the_drawn_line():
    run = make(LESSON, "classifier", steps=60, seed=2)
    while True:
        frame = run.frame()
        w, b = frame.w, frame.b
        (p, q), (foot, tip) = frame.line, frame.w_arrow
        direction = q - p
        assert abs(direction @ w) < 1e-6 * np.linalg.norm(direction) * np.linalg.norm(w)
        assert abs(p @ w + b) < 1e-4 * np.linalg.norm(p) * np.linalg.norm(w) + 1e-6
        arrow = tip - foot
        assert abs(foot @ w + b) < 1e-6 and abs(arrow[0] * w[1] - arrow[1] * w[0]) < 1e-6
        if run.done:
            break
        run_to(run, 20)


def test_snapshots_hold_copies():
    run = run_to(make(LESSON, "linear", steps=10), 3)
    snap = run.snapshot()
    before = snap.frame.points.copy()
    run_to(run)
    np.testing.assert_array_equal(snap.frame.points, before)


def test_cli_reports_the_svd_figures(capsys):
    assert main(["run", LESSON, "--matrix", "1.5,0.5,0.5,-1", "--path", "svd", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)["result"]
    assert {"W", "U", "S", "Vt", "det", "reconstruction_error"} <= set(result)
    assert result["det"] < 0 and result["reconstruction_error"] < 1e-5
    assert main(["run", LESSON, "--variant", "classifier", "--overlap", "0", "--steps", "150",
                 "--json"]) == 0
    result = json.loads(capsys.readouterr().out)["result"]
    assert {"w", "b", "accuracy"} <= set(result) and result["accuracy"] >= 0.98


@pytest.mark.parametrize("args, words", [
    (["--lr", "0.1"], "does not apply to variant linear"),
    (["--matrix", "1,2,3"], "--matrix needs 4 numbers"),
    (["--variant", "classifier", "--overlap", "2"], "--overlap must be between 0 and 1"),
])
def test_cli_refuses_knobs_that_do_not_fit(capsys, args, words):
    with pytest.raises(SystemExit) as exit_info:
        main(["run", LESSON, *args])
    assert exit_info.value.code == 2 and words in capsys.readouterr().err


@pytest.fixture
def view(qtbot):
    from core.registry import get_lesson
    from gui.lessons.space_transforms import VIEW

    view = VIEW(get_lesson(LESSON))
    qtbot.addWidget(view)
    view.resize(900, 700)
    return view


def _draw(view, run, steps):
    view.set_scene(run.scene())
    view.show_snapshot(run.snapshot())
    run_to(run, steps)
    view.show_snapshot(run.snapshot(history_start=0))
    view.grab()  # paints every item once


@pytest.mark.parametrize("variant, values", [
    ("linear", {}), ("linear", {"matrix": SINGULAR, "path": "straight"}), ("nn-linear", {}),
    ("tanh", {}), ("classifier", {}),
])
def test_view_draws_a_snapshot_of_each_variant(view, variant, values):
    run = make(LESSON, variant, steps=20, **values)
    _draw(view, run, 12)
    text = view.readout.text()
    if variant == "classifier":
        assert "accuracy" in text and view.loss_plot.isVisibleTo(view)
        np.testing.assert_allclose(np.column_stack(view.line.getData()), run.frame().line)
        assert not view.matrices.isVisibleTo(view)
    else:
        assert "det W" in text and not view.loss_plot.isVisibleTo(view)
        assert len(view.cloud.shown()) == len(run.scene().points)
        # the factors beside the SVD animation (and W's beside tanh); M(t)'s blend on the straight path
        assert ("Vᵀ" in view.matrices.text()) == (values.get("path") != "straight")
    if values.get("matrix") == SINGULAR:
        assert "collapses onto a line" in text
    view.clear()
    assert view.readout.text() == ""


def test_a_late_frame_of_the_run_before_a_reset_is_not_drawn_on_the_new_scene(view):
    old = run_to(make(LESSON, "linear", steps=10), 4)
    _draw(view, make(LESSON, "classifier", steps=10), 2)
    before = view.readout.text()
    view.show_snapshot(old.snapshot())  # arrives after the classifier's scene
    assert view.readout.text() == before and "accuracy" in before


def test_the_matrix_being_applied_is_highlighted(view):
    from gui.widgets.matrix_html import HIGHLIGHT

    run = make(LESSON, "linear", steps=30, seed=3)
    view.set_scene(run.scene())
    highlighted = []
    for _ in range(3):
        run_to(run, 5)  # the middle of each stage
        view.show_snapshot(run.snapshot())
        text = view.matrices.text()
        cell = text[text.index(HIGHLIGHT):]
        highlighted.append(cell[cell.index("<b>") + 3:cell.index("</b>")])
        run_to(run, 5)
    assert highlighted == ["Vᵀ", "S", "U"]
    run_to(run)
    view.show_snapshot(run.snapshot())
    assert HIGHLIGHT not in view.matrices.text() and "Done" in view.title.text()


def test_the_readout_shows_det_as_computed(view):
    _draw(view, make(LESSON, "linear", matrix=(1.0, 0.0, 0.0, 1e9), steps=4), 4)
    assert "det W = 1e+09" in view.readout.text() and "singular" not in view.readout.text()
    _draw(view, make(LESSON, "linear", matrix=(2.0, 0.0, 0.0, 2.0), path="straight", steps=10), 5)
    assert "det M(t) = 2.25" in view.readout.text() and "0.50·W" in view.matrices.text()


def test_the_plane_frames_the_cloud_and_keeps_its_range_while_playing(view):
    run = make(LESSON, "linear", steps=20, seed=5)
    scene = run.scene()
    _draw(view, run, 10)
    (x0, x1), (y0, y1) = view.main_plot().vb.viewRange()
    (bx0, bx1), (by0, by1) = scene.bounds
    assert x0 <= bx0 and x1 >= bx1 and y0 <= by0 and y1 >= by1  # the whole box is in view
    assert min(x1 - x0 - (bx1 - bx0), y1 - y0 - (by1 - by0)) < 1e-6  # and one side is tight
    before = view.main_plot().vb.viewRange()
    run_to(run)
    view.show_snapshot(run.snapshot())
    assert view.main_plot().vb.viewRange() == before


@pytest.mark.parametrize("variant", ["linear", "classifier"])
def test_ghost_items_redraw_the_arrows_or_the_line(view, variant):
    import pyqtgraph as pg

    run = run_to(make(LESSON, variant, steps=10))
    items = view.ghost_items(run.scene(), run.frame(), pg.mkPen("k"))
    assert view.main_plot() is view.plane.getPlotItem()
    assert len(items) == (2 if variant == "linear" else 1)
    tips = [np.column_stack(item.getData()) for item in items]
    if variant == "linear":  # each arrow ends (before its head) where e1 and e2 went
        np.testing.assert_allclose([t[23] for t in tips], run.frame().arrows[:, -1])


def test_long_readouts_never_widen_the_view_and_shrink_to_fit(view):
    view.set_zoom(2.0)
    _draw(view, make(LESSON, "linear", matrix=(123456.0, -0.001, 1e9, -7e-5), steps=6), 3)
    view.resize(420, 600)
    view.grab()
    assert view.minimumSizeHint().width() < 420
    assert view.matrices.shown_point_size() < 24  # smaller than asked, so that it fits
@pytest.mark.parametrize("steps", [1, 2, 4])
def test_very_short_animations_still_end_on_W(steps):
    run = run_to(make(LESSON, "linear", matrix=REFLECTION, steps=steps))
    np.testing.assert_allclose(run.frame().points, _expected(run), atol=1e-5)


@pytest.mark.parametrize("size, zoom", [((560, 560), 1.0), ((620, 480), 2.0), ((1200, 850), 2.0)])
@pytest.mark.parametrize("variant", ["linear", "classifier"])
def test_no_text_is_cut_off_at_the_sizes_a_window_gives_the_view(view, qtbot, size, zoom, variant):
    # 560x560: the view in a 1280x720 window; 620x480: the same at zoom 200 %; 1200x850: 1920x1080.
    view.set_zoom(zoom)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    _draw(view, make(LESSON, variant, steps=20), 10)
    qtbot.wait(10)  # let the layout settle after the text changed
    title = view.title
    assert title.heightForWidth(title.width()) <= title.height()
    box = view.text_box  # the matrices and the readout: whole, or scrollable, never cut
    inner = view.texts
    assert inner.width() <= box.viewport().width()
    assert inner.height() <= box.viewport().height() or box.verticalScrollBar().isVisible()
    if view.matrices.isVisible():
        assert view.matrices._width_at(view.matrices.font()) <= view.matrices.contentsRect().width()
    plane = view.plane
    assert min(plane.width(), plane.height()) >= 0.3 * min(size)  # the picture keeps its room


def test_the_console_gets_the_names_the_notes_promise():
    names = {v: set(run_to(make(LESSON, v, steps=5)).namespace()) for v in
             ("linear", "nn-linear", "tanh", "classifier")}
    assert {"points", "output", "W", "M", "U", "S", "Vt"} <= names["linear"]
    assert "layer" in names["nn-linear"] and {"points", "W", "output", "s"} <= names["tanh"]
    assert {"X", "y", "w", "b"} <= names["classifier"]


def test_a_matrix_that_float32_cannot_hold_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["run", LESSON, "--matrix", "1,0,0,1e39"])
    assert exit_info.value.code == 2 and "does not fit in float32" in capsys.readouterr().err
