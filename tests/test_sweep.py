"""A learning-rate sweep trains K runs as one, and each of them is the single run at its lr."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from core.config import build_config
from core.registry import LESSONS, make_run
from core.sweep import SweepRequest, run_sweep
from tests.helpers import run_to

CASES = [(lesson, variant) for lesson in LESSONS for variant in lesson.variant_names
         if lesson.trains(variant)]
STEPS = 60


def sweep_config(lesson, variant):
    values = {"variant": variant}
    if lesson.applies(lesson.param("dtype"), variant) if any(
            p.name == "dtype" for p in lesson.params) else False:
        values["dtype"] = "float64"  # the strictest comparison there is
    config = build_config(lesson, values)
    return config.with_values(steps=min(config.steps, STEPS))


@pytest.mark.parametrize("lesson, variant", CASES, ids=[f"{l.key}-{v}" for l, v in CASES])
def test_each_row_of_a_sweep_is_the_single_run_at_its_lr(lesson, variant):
    config = sweep_config(lesson, variant)
    request = SweepRequest(config.lr / 3, config.lr * 1.5, 3)
    job = run_sweep(config, request, torch.device("cpu"))
    rtol = 1e-9 if job.dtype == "float64" else 1e-5
    for row, lr in enumerate(job.lrs):
        single = run_to(make_run(config.with_values(lr=float(lr)))).history.column("loss")
        swept = job.losses[row, :len(single)]
        finite = np.isfinite(single)
        assert (np.isfinite(swept) == finite).all(), f"lr {lr:g}: diverged at a different step"
        np.testing.assert_allclose(swept[finite], single[finite], rtol=rtol,
                                   err_msg=f"{lesson.key}/{variant} lr {lr:g}")
