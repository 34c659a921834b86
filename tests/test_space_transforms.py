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
from core.runs.space_transforms import rotation, split_svd
from tests.helpers import make, run_to

REFLECTION = (1.5, 0.5, 0.5, -1.0)
SINGULAR = (1.0, 2.0, 0.5, 1.0)
LESSON = "space-transforms"


def _expected(run) -> np.ndarray:
    return (run.points @ run.W.T).numpy()


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
    np.testing.assert_allclose(run.view_state()["points"], _expected(run), atol=1e-5)
    assert run.result()["frame_vs_matmul"] < 1e-5


def test_nn_linear_is_the_same_map_as_the_matrix():
    run = make(LESSON, "nn-linear", steps=12)
    assert run.result()["layer_vs_matmul"] < 1e-6
    plain = run_to(make(LESSON, "linear", steps=12))
    layer = run_to(run)
    np.testing.assert_allclose(layer.view_state()["points"], plain.view_state()["points"],
                               atol=1e-6)
    assert isinstance(layer.namespace()["layer"], torch.nn.Linear)


def test_frame_zero_is_the_identity():
    run = make(LESSON, "linear")
    state = run.view_state()
    np.testing.assert_array_equal(state["points"], run.points.numpy())
    assert state["stage"] == "identity"
    np.testing.assert_allclose(state["arrows"][:, -1], np.eye(2), atol=1e-7)


def test_the_stages_come_in_the_order_Vt_S_U():
    run = make(LESSON, "linear", steps=30, seed=3)
    seen = [run.view_state()["stage"]]
    while not run.done:
        run.step()
        if run.view_state()["stage"] != seen[-1]:
            seen.append(run.view_state()["stage"])
    assert seen == ["identity", "rotation Vᵀ", "scaling S", "rotation U"]


def test_rotation_stages_keep_every_point_at_its_distance():
    # Turning by a growing angle never shrinks the cloud (blending matrices would).
    run = make(LESSON, "linear", steps=30, seed=3)
    radii = run.points.norm(dim=1).numpy()
    for _ in range(10):  # the first third: rotation Vᵀ
        run.step()
        assert run.view_state()["stage"] == "rotation Vᵀ"
        np.testing.assert_allclose(np.hypot(*run.view_state()["points"].T), radii, rtol=1e-5)


@pytest.mark.parametrize("path", ["svd", "straight"])
@pytest.mark.parametrize("matrix, words", [
    (SINGULAR, "collapses onto a line"), ((0.0, 0.0, 0.0, 0.0), "origin"),
    (REFLECTION, "det < 0: the map flips space"),
])
def test_singular_and_reflecting_maps_are_shown_without_nan(path, matrix, words):
    run = make(LESSON, "linear", path=path, matrix=matrix, steps=24)
    while True:
        state = run.view_state()
        for key in ("points", "arrows", "grid", "W", "singular_values", "M"):
            assert np.all(np.isfinite(state[key])), (key, run.step_count)
        assert np.isfinite(state["det"]) and np.isfinite(state["extent"])
        if run.done:
            break
        run.step()
    assert words in state["verdict"]
    red, green = state["arrows"][:, -1]  # where e1 and e2 end up
    orientation = red[0] * green[1] - red[1] * green[0]
    if matrix == REFLECTION:
        assert orientation < 0 and state["det"] < 0  # green is now clockwise of red: flipped
    else:
        assert state["rank"] < 2 and state["det"] == 0 and abs(orientation) < 1e-5


def test_a_reflection_flips_in_the_scaling_stage():
    angle_Vt, scales, angle_U = split_svd(torch.tensor(REFLECTION).reshape(2, 2))
    assert float(scales[0]) > 0 > float(scales[1])
    result = make(LESSON, "linear", matrix=REFLECTION).result()
    assert result["det"] == pytest.approx(-1.75) and result["animation"]["scales"][1] < 0


def test_tanh_bends_into_the_square_with_s_from_1_to_5():
    run = make(LESSON, "tanh", steps=20)
    assert run.view_state()["s"] == 1.0
    run_to(run)
    state = run.view_state()
    assert state["s"] == pytest.approx(5.0)
    assert np.all(np.abs(state["points"]) <= 1.0)
    np.testing.assert_allclose(state["points"], np.tanh(5.0 * _expected(run)), atol=1e-5)


def test_every_map_variant_uses_the_same_seeded_points_and_W():
    runs = [make(LESSON, v, seed=11) for v in ("linear", "nn-linear", "tanh")]
    for run in runs[1:]:
        assert torch.equal(run.points, runs[0].points) and torch.equal(run.W, runs[0].W)
    assert not torch.equal(make(LESSON, "linear", seed=12).W, runs[0].W)


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
        state = run.view_state()
        w, b = state["w"], state["b"]
        (p, q), (foot, tip) = state["line"], state["w_arrow"]
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
    before = snap.state["points"].copy()
    run_to(run)
    np.testing.assert_array_equal(snap.state["points"], before)


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


@pytest.mark.parametrize("variant, values", [
    ("linear", {}), ("linear", {"matrix": SINGULAR, "path": "straight"}), ("nn-linear", {}),
    ("tanh", {}), ("classifier", {}),
])
def test_view_draws_a_snapshot_of_each_variant(qtbot, variant, values):
    from core.registry import get_lesson
    from gui.lessons.space_transforms import VIEW

    view = VIEW(get_lesson(LESSON))
    qtbot.addWidget(view)
    view.resize(1000, 700)
    run = make(LESSON, variant, steps=20, **values)
    view.show_snapshot(run.snapshot())
    run_to(run, 12)
    view.show_snapshot(run.snapshot(history_start=0))
    view.grab()  # paints every item once
    text = view.readout.text()
    if variant == "classifier":
        assert "accuracy" in text and view.loss_plot.isVisibleTo(view)
        line = run.view_state()["line"]
        np.testing.assert_allclose(np.column_stack(view.line.getData()), line)
    else:
        assert "det W" in text and not view.loss_plot.isVisibleTo(view)
        shown = np.concatenate([np.column_stack(s.getData()) for s in view.cloud if s.data.size])
        assert len(shown) == len(run.points)
    if values.get("matrix") == SINGULAR:
        assert "collapses onto a line" in text
    view.clear()
    assert view.readout.text() == ""


@pytest.mark.parametrize("steps", [1, 2, 4])
def test_very_short_animations_still_end_on_W(steps):
    run = run_to(make(LESSON, "linear", matrix=REFLECTION, steps=steps))
    np.testing.assert_allclose(run.view_state()["points"], _expected(run), atol=1e-5)
