"""The engine's promises: reproducible runs, checked values, live lr, clear device errors."""

from __future__ import annotations

import numpy as np
import pytest

from core.config import build_config
from core.devices import available_devices, resolve_device
from core.errors import ConfigError, DeviceError
from core.history import History
from core.params import LR, STEPS
from core.registry import LESSONS, get_lesson
from tests.helpers import make, run_to


def test_same_seed_same_numbers_different_seed_different_start():
    first = run_to(make("sin-fit", "autograd", seed=7, steps=30))
    again = run_to(make("sin-fit", "autograd", seed=7, steps=30))
    other = make("sin-fit", "autograd", seed=8, steps=30)
    assert np.array_equal(first.history.column("loss"), again.history.column("loss"))
    assert first.coefficients() == again.coefficients()
    assert make("sin-fit", "autograd", seed=7).coefficients() != other.coefficients()


def test_every_rung_starts_from_the_same_seeded_cubic():
    starts = {v: make("sin-fit", v, seed=3).coefficients() for v in ("numpy", "autograd", "nn", "module")}
    reference = starts["numpy"]
    for variant, coeffs in starts.items():
        assert coeffs == pytest.approx(reference, rel=1e-6), variant


@pytest.mark.parametrize("text, message", [
    ("abc", "must be a number"), ("-1", "must be > 0"), ("0", "must be > 0"),
    ("1e9", "between 1e-08 and 10"), ("nan", "finite"),
])
def test_bad_learning_rates_are_refused_with_a_sentence(text, message):
    with pytest.raises(ConfigError, match=message):
        LR.parse(text, "Learning rate")


def test_steps_must_be_a_positive_whole_number():
    with pytest.raises(ConfigError, match="between 1 and"):
        STEPS.parse("0")
    with pytest.raises(ConfigError, match="whole number"):
        STEPS.parse("2.5")
    assert STEPS.parse("1e3") == 1000


def test_a_knob_that_does_not_apply_is_refused():
    with pytest.raises(ConfigError, match="does not apply to variant numpy"):
        build_config(get_lesson("sin-fit"), {"variant": "numpy", "optimizer": "Adam"})


def test_variant_defaults_fill_in_what_is_not_given():
    config = build_config(get_lesson("sin-fit"), {"variant": "function"})
    assert config.lr == 5e-6 and config.steps == 2000
    assert build_config(get_lesson("sin-fit"), {"variant": "optim"}).option("optimizer") == "RMSprop"


def test_live_learning_rate_is_used_from_the_next_step():
    run = run_to(make("sin-fit", "numpy", steps=10), 3)
    twin = run_to(make("sin-fit", "numpy", steps=10), 3)
    a_before = run.rung.a
    run.set_lr(2e-6)
    run.step()
    twin.step()  # at the old lr 1e-6: the move in a doubles at 2e-6
    assert run.rung.a - a_before == pytest.approx(2 * (twin.rung.a - a_before))


def test_optimizer_rungs_follow_a_live_learning_rate():
    run = make("sin-fit", "optim")
    run.set_lr(0.05)
    assert all(g["lr"] == 0.05 for g in run.rung.optimizer.param_groups)


def test_divergence_stops_the_run_and_says_where():
    run = run_to(make("sin-fit", "tensor", lr=1.0, steps=500))
    assert run.diverged_at is not None and run.done
    assert run.step_count == run.diverged_at < 500


def test_devices_name_what_is_there():
    names = [d.name for d in available_devices()]
    assert names[0] == "cpu"
    assert str(resolve_device("auto")) in names
    for missing in ("cuda:99", "mps") if "mps" not in names else ("cuda:99",):
        with pytest.raises(DeviceError, match="available: cpu"):
            resolve_device(missing)
    with pytest.raises(ConfigError, match="must be cpu, cuda"):
        resolve_device("gpu")


def test_history_grows_by_doubling_and_keeps_every_row():
    history = History(("loss", "term"), capacity=2)
    for i in range(1000):
        history.append({"loss": float(i)})
    assert len(history) == 1000 and history.column("loss")[-1] == 999.0
    assert np.isnan(history.column("term")).all()
    chunk = history.chunk(990)
    assert list(chunk["loss"]) == [float(i) for i in range(990, 1000)]


def test_registry_keys_are_unique_and_every_lesson_declares_its_runner():
    keys = [lesson.key for lesson in LESSONS]
    assert len(keys) == len(set(keys))
    for lesson in LESSONS:
        for variant in lesson.variant_names:
            build_config(lesson, {"variant": variant})


def test_a_preset_may_choose_the_variant_and_explicit_values_win():
    lesson = get_lesson("cross-product")
    preset = lesson.preset("seven")
    config = build_config(lesson, {}, preset="seven")
    assert config.variant == preset.values["variant"] and config.option("dim") == 7
    mine = build_config(lesson, {"steps": 500}, preset="seven")
    assert mine.steps == 500 and mine.option("dim") == 7


def test_a_preset_for_another_variant_is_refused():
    lesson = get_lesson("cross-product")
    with pytest.raises(ConfigError, match="is for variant"):
        build_config(lesson, {"variant": "supervised"}, preset="seven")


def test_a_knob_a_variant_does_not_use_is_absent_from_its_config():
    config = build_config(get_lesson("sin-fit"), {"variant": "numpy"})
    assert "dtype" not in config.values and "optimizer" not in config.values
    assert config.lr == 1e-6 and config.steps == 2000


def test_linked_defaults_follow_the_choice_unless_given():
    lesson = get_lesson("sin-fit")
    assert build_config(lesson, {"variant": "optim", "optimizer": "SGD"}).lr == 1e-6
    assert build_config(lesson, {"variant": "optim", "optimizer": "Adam"}).lr == 1e-2
    assert build_config(lesson, {"variant": "optim", "optimizer": "SGD", "lr": 3e-6}).lr == 3e-6


@pytest.mark.parametrize("text, words", [
    ("1,,2,3", "empty item"), ("1e39,0,0,1", "does not fit in float32"), ("1,2,3", "needs 4"),
])
def test_a_typed_matrix_is_checked_in_the_dtype_it_is_used_in(text, words):
    from core.params import Param

    matrix = Param("matrix", "Matrix W", "floats", None, size=4, dtype="float32")
    with pytest.raises(ConfigError, match=words):
        matrix.parse(text)
