"""The divergence banner's advice works: after lr = 10 blows up, its suggested learning rate
reaches a finite loss over the same steps within at most two rounds of advice, in every lesson and
variant that has a learning rate."""

from __future__ import annotations

import math

import pytest

from core.advice import safe_lr
from core.config import build_config
from core.registry import LESSONS, make_run

STEPS = 60  # the advice is checked over the same steps as the run it follows
CASES = [(lesson, variant) for lesson in LESSONS for variant in lesson.variant_names
         if lesson.trains(variant)]


def final_loss(config) -> float:
    run = make_run(config)
    while not run.done:
        run.step()
    return run.loss


@pytest.mark.parametrize("lesson, variant", CASES, ids=[f"{l.key}-{v}" for l, v in CASES])
def test_advice_after_lr_10_reaches_a_finite_loss_within_two_rounds(lesson, variant):
    config = build_config(lesson, {"variant": variant})
    config = config.with_values(lr=10.0, steps=min(config.steps, STEPS))
    for _ in range(2):
        if math.isfinite(final_loss(config)):
            return
        advised = safe_lr(config)
        assert advised is not None and advised < config.lr, f"no advice below lr {config.lr}"
        config = config.with_values(lr=advised)
    assert math.isfinite(final_loss(config)), f"still diverges at the advised lr {config.lr}"
