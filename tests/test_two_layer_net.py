"""Two-layer net: the hand-written gradients are autograd's, the tutorial trains, dead units are
counted right and appear at a too-high learning rate, and the view draws what the run holds."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from core.cli import main
from core.config import build_config
from core.registry import get_lesson, make_run
from core.sweep import SweepRequest, run_sweep
from core.runs.two_layer_net import dead_units
from gui.lessons.two_layer_net import VIEW, relu_mask
from gui.widgets.heat_map import nice_ceiling
from tests.helpers import finish, make, run_to, settle


def _reference_gradients(x, y, w1, w2):
    """autograd on the net as the lesson writes it: clamp(min=0) is the ReLU."""
    w1 = w1.detach().clone().requires_grad_()
    w2 = w2.detach().clone().requires_grad_()
    loss = (x.mm(w1).clamp(min=0).mm(w2) - y).pow(2).sum()
    loss.backward()
    return w1.grad, w2.grad


def _relative(manual, auto):
    return float((manual - auto).abs().max() / auto.abs().max().clamp_min(1e-30))


@settings(max_examples=60, deadline=None)
@given(
    batch=st.integers(1, 6), d_in=st.integers(1, 9), hidden=st.integers(1, 7), d_out=st.integers(1, 4),
    seed=st.integers(0, 2**31 - 1), dtype=st.sampled_from(["float32", "float64"]),
    scale=st.floats(1e-3, 1e3), zero_units=st.lists(st.booleans(), min_size=7, max_size=7),
)
def test_hand_written_gradients_equal_autograd(batch, d_in, hidden, d_out, seed, dtype, scale,
                                               zero_units):
    rung = make("two-layer-net", "manual", batch=batch, d_in=d_in, hidden=hidden, d_out=d_out,
                seed=seed, dtype=dtype).rung
    rung.w1 = rung.w1 * scale
    # A zero column of w1 puts that hidden unit exactly at 0 for every example: the ReLU's kink.
    zeros = torch.tensor(zero_units[:hidden])
    rung.w1[:, zeros] = 0
    if zeros.any():
        assert (rung.x.mm(rung.w1)[:, zeros] == 0).all()
    _, grad_w1, grad_w2 = rung.gradients()
    auto_w1, auto_w2 = _reference_gradients(rung.x, rung.y, rung.w1, rung.w2)
    assert _relative(grad_w1, auto_w1) <= 1e-5
    assert _relative(grad_w2, auto_w2) <= 1e-5


def test_the_live_check_reports_a_wrong_gradient():
    run = make("two-layer-net", "manual", preset="blog")
    right = run.rung.gradients

    def off_by_two():
        loss, grad_w1, grad_w2 = right()
        return loss, grad_w1, 2 * grad_w2  # a classic slip: the factor 2 counted twice

    run.rung.gradients = off_by_two
    run.step()
    frame = run.snapshot().frame
    assert frame.grad_check == pytest.approx(1.0) and frame.grad_check_worst == pytest.approx(1.0)


def test_tutorial_preset_falls_a_hundred_million_times_and_stays_checked():
    run = run_to(make("two-layer-net", "manual", preset="tutorial"))
    losses = run.history.column("loss")
    assert run.step_count == 500 and run.diverged_at is None
    assert losses[0] == pytest.approx(run.result()["initial_loss"])
    assert losses[0] / losses[-1] >= 1e8, f"{losses[0]:.3g} -> {losses[-1]:.3g}"
    assert run.result()["grad_check"] <= 1e-5


def test_dead_fraction_on_a_hand_made_case():
    run = make("two-layer-net", "manual", batch=3, d_in=2, hidden=4, d_out=1)
    run.rung.x = torch.tensor([[1.0, 2.0], [3.0, 1.0], [0.5, 0.5]])
    run.rung.w1 = torch.tensor([
        [-1.0, 1.0, 1.0, 0.0],  # unit 0: negative for every example -> dead
        [-1.0, 1.0, -2.5, 0.0],  # unit 2: positive for the 2nd example only; unit 3: exactly 0 -> dead
    ])
    assert run.result()["dead_fraction"] == 0.5
    frame = run.snapshot().frame
    assert (frame.dead_units, frame.dead_fraction) == (2, 0.5)
    np.testing.assert_array_equal(relu_mask(frame.h)[0], [2, 1, 0, 2])
    assert dead_units(np.ones((2, 3))) == 0


def test_a_too_high_learning_rate_kills_hidden_units():
    # Measured: at lr 2e-6 the tutorial sizes lose about two thirds of their units within
    # 100 steps and the loss stalls; at 1e-6 none die.
    high = run_to(make("two-layer-net", "autograd", preset="tutorial", lr=2e-6, steps=100))
    assert high.diverged_at is None
    assert high.result()["dead_fraction"] >= 0.3
    low = run_to(make("two-layer-net", "autograd", preset="tutorial", steps=100))
    assert low.result()["dead_fraction"] == 0.0


def test_both_rungs_take_the_same_steps():
    manual = run_to(make("two-layer-net", "manual", batch=8, d_in=30, hidden=12, d_out=3,
                         lr=1e-3, steps=30, seed=5))
    auto = run_to(make("two-layer-net", "autograd", batch=8, d_in=30, hidden=12, d_out=3,
                       lr=1e-3, steps=30, seed=5))
    np.testing.assert_allclose(manual.history.column("loss"), auto.history.column("loss"),
                               rtol=1e-5)
    assert auto.result()["grad_check"] is None


def test_blog_preset_uses_the_blogs_sizes_with_a_target_of_the_right_shape():
    rung = make("two-layer-net", "manual", preset="blog").rung
    assert (tuple(rung.x.shape), tuple(rung.w1.shape), tuple(rung.w2.shape)) == ((2, 10), (10, 2), (2, 5))
    assert rung.lr == 1e-6
    wide = make("two-layer-net", "manual", preset="blog", batch=3).rung
    assert tuple(wide.y.shape) == (3, 5)  # (batch, D_out), not the blog's (hidden, D_out)


def test_float32_and_float64_start_from_the_same_numbers():
    single = make("two-layer-net", "manual", preset="blog", seed=3).rung
    double = make("two-layer-net", "manual", preset="blog", seed=3, dtype="float64").rung
    assert double.w1.dtype == torch.float64
    torch.testing.assert_close(single.w1, double.w1.float())
    torch.testing.assert_close(single.x, double.x.float())


def test_snapshot_holds_copies_not_live_state():
    run = run_to(make("two-layer-net", "manual", preset="blog", lr=1e-2, steps=20), 3)
    frame = run.snapshot().frame
    before = frame.w1.copy()
    run_to(run, 5)
    np.testing.assert_array_equal(frame.w1, before)
    assert not np.shares_memory(frame.w1, run.rung.w1.numpy())


def test_cli_json_has_the_lessons_figures_and_flags_override_the_preset(capsys):
    assert main(["run", "two-layer-net", "--preset", "blog", "--hidden", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    result = data["result"]
    assert result["sizes"] == {"batch": 2, "d_in": 10, "hidden": 3, "d_out": 5}
    assert (data["steps"], data["lr"]) == (5, 1e-6)
    assert math.isfinite(result["initial_loss"]) and result["initial_loss"] > 0
    assert 0 <= result["grad_check"] <= 1e-5
    assert 0.0 <= result["dead_fraction"] <= 1.0


@pytest.mark.parametrize("variant", ["manual", "autograd"])
def test_view_draws_snapshots_offscreen(qtbot, variant):
    from core.registry import get_lesson

    view = VIEW(get_lesson("two-layer-net"))
    qtbot.addWidget(view)
    view.resize(1000, 700)
    run = make("two-layer-net", variant, preset="tutorial", lr=2e-6, steps=60)
    view.set_scene(run.scene())
    view.show_snapshot(run.snapshot())  # before the first step: zero gradients, no check yet
    start = 0
    while not run.done:
        run_to(run, 20)
        view.show_snapshot(run.snapshot(start))
        start = run.step_count
    view.grab()
    frame = run.snapshot().frame
    assert len(view.loss_plot.column()) == 60
    dead = frame.dead_units
    assert dead > 0 and view.dead_value.full_text().startswith(f"{dead} / 100 ")
    assert (view.mask.image.image[:, relu_mask(frame.h)[0] == 2] == 2).all()
    low, high = view.w1.image.levels
    assert low == -high == -nice_ceiling(np.abs(frame.w1).max())
    assert view.check_value.full_text() == ("0" if variant == "manual" else "—")
    view.clear()
    assert view.check_value.full_text() == "—" and len(view.loss_plot.column()) == 0


def test_view_survives_a_diverged_run(qtbot):
    from core.registry import get_lesson

    view = VIEW(get_lesson("two-layer-net"))
    qtbot.addWidget(view)
    run = run_to(make("two-layer-net", "manual", preset="tutorial", lr=1e-4, steps=10))
    assert run.diverged_at is not None
    view.set_scene(run.scene())
    view.show_snapshot(run.snapshot())
    view.grab()
    assert "inf/NaN" in view.check_verdict.full_text()
    assert view.dead_value.full_text().endswith(f"{run.result()['dead_fraction'] * 100:.0f} %)")


def test_the_tab_runs_a_preset_and_draws_what_the_engine_computes(lesson_window, qtbot):
    tab = lesson_window("two-layer-net").show_lesson("two-layer-net")
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=20_000)
    settle(tab, qtbot, variant="manual", **{**tab.lesson.preset("blog").values, "lr": 1e-3,
                                             "steps": 60, "speed": 0.0})
    finish(tab, qtbot)
    assert tab.snapshot.step == 60
    reference = run_to(make("two-layer-net", "manual", preset="blog", lr=1e-3, steps=60))
    np.testing.assert_array_equal(tab.view.loss_plot.column(), reference.history.column("loss"))
    assert tab.view.check_value.full_text() == "0"
    assert tab.view.w1.image.image.shape == (10, 2)


@pytest.mark.parametrize("dtype, steps, rtol", [("float64", 200, 1e-9), ("float32", 80, 1e-5)])
def test_each_sweep_row_is_the_single_run_at_its_lr(dtype, steps, rtol):
    # The sweep carries h = x·w1 rather than w1: the same steps, rounded differently. 1e-6 falls
    # seven decades in float64 by step 200; 2e-6 kills most units. float32 is compared while its
    # loss is still above its own rounding (near 3e-5 the last digits are noise in either form).
    config = build_config(get_lesson("two-layer-net"),
                          {"variant": "autograd", "dtype": dtype, "steps": steps})
    job = run_sweep(config, SweepRequest(1e-6, 2e-6, 2), torch.device("cpu"))
    assert job.dtype == dtype
    for row, lr in enumerate(job.lrs):
        single = run_to(make_run(config.with_values(lr=float(lr)))).history.column("loss")
        np.testing.assert_allclose(job.losses[row], single, rtol=rtol, err_msg=f"lr {lr:g}")
    if dtype == "float64":
        assert job.losses[0, -1] < 1e-6 * job.losses[0, 0]  # compared deep into the fall


def test_the_seeds_target_shape_fails_with_torchs_own_message(capsys):
    # y of shape (H, D_out), as the seed draws it: y_pred - y cannot broadcast (64 against 100).
    assert main(["run", "two-layer-net", "--target", "seed", "--steps", "3"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: step 1 failed: RuntimeError: The size of tensor a (64) "
                          "must match the size of tensor b (100)"), err
    assert "\n" not in err
    # With N == H it runs, as the seed's did: the shapes agree by luck.
    assert main(["run", "two-layer-net", "--preset", "blog", "--target", "seed"]) == 0


def test_heat_maps_show_the_change_since_start_and_wrap_instead_of_clipping(qtbot):
    from core.registry import get_lesson

    view = VIEW(get_lesson("two-layer-net"))
    qtbot.addWidget(view)
    run = run_to(make("two-layer-net", "manual", preset="blog", lr=1e-3, steps=5))
    view.set_scene(run.scene())
    view.show_snapshot(run.snapshot())
    frame, start = run.snapshot().frame, run.scene().w1_start
    np.testing.assert_array_equal(view.w1.image.image, frame.w1)
    view.since_start.setChecked(True)  # a paused run redraws at once
    np.testing.assert_allclose(view.w1.image.image, frame.w1 - start)
    assert view.w1.title.text.startswith("w1 − w1₀")
    scale = nice_ceiling(np.abs(frame.w1 - start).max())
    assert tuple(view.w1.bar.levels()) == pytest.approx((-scale, scale))  # the colour bar's scale
    np.testing.assert_allclose(view.w1.image.levels, (-scale, scale))

    view.resize(1600, 900)
    view.show()
    qtbot.waitUntil(lambda: view.grid.columns == 3)
    view.resize(560, 700)  # about the view's width in a 1280x720 window
    qtbot.waitUntil(lambda: view.grid.columns == 2)
    view.set_zoom(2.0)
    qtbot.waitUntil(lambda: view.grid.columns == 1)
    assert view.w1.plot.getAxis("left").labelStyle["font-size"] == "20pt"  # labels zoom too
    graphics = view.grid.graphics
    assert graphics.width() <= view.grid.viewport().width()  # wrapped, not clipped at the right
    for heat_map in view.maps:  # every title fits its plot, or ends in "…" and shows all on hover
        label = heat_map.plot.titleLabel
        assert label.item.boundingRect().width() <= heat_map.plot.width()
        if label.text != heat_map.title.text:
            assert label.text.endswith("…") and label.toolTip() == heat_map.title.text
    view.h.title.set_text("h = x·w1   a title far too long for any plot this narrow to hold")
    label = view.h.plot.titleLabel
    assert label.text.endswith("…") and label.toolTip() == view.h.title.text
    assert label.item.boundingRect().width() <= view.h.plot.width()


@pytest.mark.parametrize("value, scale", [(0.73, 1.0), (1.0, 1.0), (1.01, 2.0), (3e-4, 5e-4),
                                          (4.2e3, 5e3), (6.0, 10.0), (2e-7, 2e-7)])
def test_heat_map_scales_round_up_to_one_two_or_five(value, scale):
    # every cell stays inside the colour bar, and the strongest keeps at least 40 % of the colour
    assert nice_ceiling(value) == pytest.approx(scale) and value <= nice_ceiling(value) <= 2.5 * value
