"""The lesson contract, for every registered lesson and variant: what a maintainer adding a lesson
must provide, checked the same way for all of them."""

from __future__ import annotations

import pickle

import pytest

from core.code import rung_code
from core.config import build_config
from core.registry import LESSONS, make_run, runs_module
from core.state import problems
from tests.helpers import run_to

CASES = [(lesson, variant) for lesson in LESSONS for variant in lesson.variant_names]
IDS = [f"{lesson.key}-{variant}" for lesson, variant in CASES]


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.key for lesson in LESSONS])
def test_run_classes_cover_exactly_the_declared_variants(lesson):
    module = runs_module(lesson)
    assert set(module.VARIANTS) == set(lesson.variant_names)
    if lesson.code_text is None:
        assert set(module.CODE) == set(lesson.variant_names)
    trains = [v for v in lesson.variant_names if lesson.trains(v)]
    assert bool(trains) == hasattr(module, "sweep"), "a lesson with a learning rate sweeps it"


@pytest.mark.parametrize("lesson, variant", CASES, ids=IDS)
def test_every_variant_emits_exactly_its_declared_scene_and_frames(lesson, variant):
    config = build_config(lesson, {"variant": variant})
    config = config.with_values(steps=min(config.steps, 3)) if "steps" in config.values else config
    run = make_run(config)
    scene = run.scene()
    assert problems(scene, lesson.scene_type(variant)) == []
    frames = [run.snapshot().frame]
    if lesson.steps_through(variant):
        run_to(run, 3)
        frames.append(run.snapshot().frame)
    for frame in frames:
        assert problems(frame, lesson.frame_type(variant)) == []
    pickle.loads(pickle.dumps((scene, run.snapshot())))  # crosses to the window intact


@pytest.mark.parametrize("lesson, variant", CASES, ids=IDS)
def test_every_variant_has_code_to_show(lesson, variant):
    text = rung_code(lesson, variant)
    assert text.strip() and "core." not in text and "import core" not in text
