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


def test_the_headless_sweep_finds_the_stability_edge_and_matches_single_runs(capsys):
    """32 lrs of the autograd rung: SGD on this fit is stable below 2 / λmax ≈ 3.56e-6."""
    import json
    import random

    from core.cli import main
    from core.registry import get_lesson

    steps = 400  # enough for 4.1e-6 to blow up (at step ~155); 2000 shows the same edge
    assert main(["sweep", "sin-fit", "--variant", "autograd", "--count", "32", "--lr-min", "1e-8",
                 "--lr-max", "1e-5", "--steps", str(steps), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    lrs, diverged = np.array(data["lrs"]), data["diverged_at"]
    stable = lrs[[d is None for d in diverged]]
    blown = lrs[[d is not None for d in diverged]]
    assert 3e-6 < stable.max() < 3.56e-6 < blown.min() < 5e-6
    assert data["best_lr"] in stable and data["elapsed_s"] > 0 and data["single_run_s"] > 0
    for row in random.sample(range(len(lrs)), 3):
        config = build_config(get_lesson("sin-fit"), {"variant": "autograd", "lr": float(lrs[row]),
                                                      "steps": steps})
        single = run_to(make_run(config))
        assert single.diverged_at == diverged[row], f"lr {lrs[row]:g}"
        if single.diverged_at is None:
            np.testing.assert_allclose(data["final_loss"][row], single.loss, rtol=1e-5,
                                       err_msg=f"lr {lrs[row]:g}")
