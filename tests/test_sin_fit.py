"""Sin-fit's seven rungs: each learns, the hand-written gradients are right, the best rung gets close."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from core.lessons.sin_fit import formula
from core.runs.sin_fit import LegendreP3, lstsq_loss
from tests.helpers import make, run_to

VARIANTS = ("numpy", "tensor", "autograd", "function", "nn", "optim", "module")


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_rung_lowers_the_loss(variant):
    run = run_to(make("sin-fit", variant, steps=200))
    losses = run.history.column("loss")
    assert run.diverged_at is None
    assert losses[-1] < 0.5 * losses[0], f"{variant}: {losses[0]:.4g} -> {losses[-1]:.4g}"


@pytest.mark.parametrize("optimizer", ["SGD", "RMSprop", "Adam"])
def test_each_optimizer_converges_with_the_learning_rate_it_brings(optimizer):
    # Choosing an optimizer brings its own lr (SGD's would blow RMSprop's up at step 8).
    run = run_to(make("sin-fit", "optim", optimizer=optimizer, steps=2000))
    assert run.diverged_at is None
    limit = 1.02 if optimizer != "SGD" else 1.05  # plain SGD creeps along the flattest direction
    assert run.loss <= limit * lstsq_loss(), f"{optimizer}: {run.loss:.5g} vs {lstsq_loss():.5g}"


def _autograd_gradients(coeffs: np.ndarray) -> np.ndarray:
    x = torch.linspace(-math.pi, math.pi, 2000, dtype=torch.float64)
    p = torch.tensor(coeffs, dtype=torch.float64, requires_grad=True)
    loss = (p[0] + p[1] * x + p[2] * x**2 + p[3] * x**3 - torch.sin(x)).pow(2).sum()
    (grad,) = torch.autograd.grad(loss, p)
    return grad.numpy()


@pytest.mark.parametrize("variant", ["numpy", "tensor"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_hand_written_gradients_match_autograd(variant, seed):
    coeffs = np.random.default_rng(seed).normal(scale=2.0, size=4)
    lr = 1e-7
    values = {"dtype": "float64"} if variant == "tensor" else {}
    run = make("sin-fit", variant, lr=lr, **values)
    rung = run.rung
    if variant == "numpy":
        rung.a, rung.b, rung.c, rung.d = coeffs
    else:
        rung.a, rung.b, rung.c, rung.d = torch.tensor(coeffs, dtype=torch.float64)
    run.step()  # one hand-written step: coefficients move by lr times the gradient
    manual = (coeffs - np.array(run.coefficients())) / lr
    np.testing.assert_allclose(manual, _autograd_gradients(coeffs), rtol=1e-5)


def test_legendre_function_backward_passes_gradcheck():
    z = torch.randn(20, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    assert torch.autograd.gradcheck(LegendreP3.apply, (z.requires_grad_(),))


def test_function_rung_starts_where_the_tutorial_does():
    run = make("sin-fit", "function")
    assert run.coefficients() == pytest.approx((0.0, -1.0, 0.0, 0.3))


def test_formula_matches_the_coefficients():
    run = run_to(make("sin-fit", "autograd", steps=50))
    a, b, c, d = run.coefficients()
    text = run.result()["formula"]
    assert text.startswith("y = ") and f"{abs(b):.4f} x " in text and f"{abs(d):.4f} x³" in text
    assert "P3(" in formula((0, -1, 0, 0.3), legendre=True)


def test_snapshot_holds_copies_not_live_state():
    run = run_to(make("sin-fit", "autograd", steps=5))
    snap = run.snapshot()
    before = snap.frame.prediction.copy()
    run_to(run, 20)
    assert np.array_equal(snap.frame.prediction, before)
    assert len(snap.history["loss"]) == 5


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_diverging_rung_stops_quietly(variant, recwarn):
    extra = {"optimizer": "SGD"} if variant == "optim" else {}  # RMSprop's steps stay bounded
    run = run_to(make("sin-fit", variant, lr=10.0, steps=300, **extra))
    assert run.diverged_at is not None
    run.snapshot()  # drawing the blown-up model must not warn either
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)], [str(w.message) for w in recwarn]
