"""Cross-product: eps becomes the Levi-Civita tensor, from answers or from principles; the sign is
fixed by the right-hand rule; a cross product appears in 7 dimensions and cannot in 4."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from core.cli import main
from core.errors import ConfigError
from core.registry import get_lesson
from core.runs.cross_product import axiom_residuals, levi_civita_np
from tests.helpers import make, run_to

SEEDS = (0, 1, 2, 3, 4)
SHORT = 2000  # every one of SEEDS is within 1e-4 of ±LC by then (the default 3000 goes to ~1e-10)
SHORTER = 1500  # with the right-hand rule every one is within 4e-4 of +LC by then


def test_supervised_learns_levi_civita():
    run = run_to(make("cross-product", "supervised", steps=500))
    result = run.result()
    assert np.abs(np.array(result["epsilon"]) - levi_civita_np()).max() < 1e-3
    assert result["sign"] == 1 and result["error_vs_plus"] < 1e-3


def _principles_sign(variant: str, seed: int, steps: int) -> int:
    result = run_to(make("cross-product", variant, seed=seed, steps=steps)).result()
    closest = min(result["error_vs_plus"], result["error_vs_minus"])
    assert closest < 1e-2, f"{variant} seed {seed}: {closest:.3g} from both +LC and −LC"
    assert max(result["axioms"].values()) < 1e-2
    return result["sign"]


def test_principles_land_on_plus_or_minus_levi_civita():
    # With antisymmetry, orthogonality and length alone, +eps and -eps are equally good:
    # seeds 2 and 4 give +LC, seeds 0, 1 and 3 give -LC.
    signs = {seed: _principles_sign("principles", seed, SHORT) for seed in SEEDS}
    assert signs == {0: -1, 1: -1, 2: 1, 3: -1, 4: 1}


@pytest.mark.parametrize("seed", SEEDS)
def test_right_hand_rule_always_gives_plus_levi_civita(seed):
    # Includes the seeds that land on -LC without the rule (see the test above).
    assert _principles_sign("principles-signed", seed, SHORTER) == 1


def test_seven_dimensions_has_a_cross_product():
    # Fewer steps than the `seven` preset (12000), with a larger lr: residuals ~1e-7.
    run = run_to(make("cross-product", "principles", dim=7, batch=128, lr=5e-2, steps=6000))
    axioms = run.result()["axioms"]
    assert max(axioms.values()) < 1e-4, axioms


def test_four_dimensions_has_none():
    # The same settings bring n = 3 to ~1e-14; in 4-D the rules contradict each other.
    run = run_to(make("cross-product", "principles", dim=4, steps=SHORT))
    losses = run.history.column("loss")
    assert losses.min() > 1e-3, f"loss reached {losses.min():.3g}"
    assert run.result()["axioms"]["norm"] > 1e-2


def test_the_tutorials_length_rule_is_fooled_in_four_dimensions():
    # |e_i x e_j| = 1 can be met in 4-D (every entry of a totally antisymmetric eps at ±1/√2), so
    # the loss sinks towards 0 (~2e-5 here), yet the result is no cross product: |a x b| is wrong
    # for other pairs, by as much as 1 on unit vectors.
    run = run_to(make("cross-product", "principles", dim=4, norm="basis", steps=3000))
    assert run.loss < 1e-3
    assert run.result()["axioms"]["norm"] > 0.1


def test_loss_terms_are_recorded_separately():
    run = run_to(make("cross-product", "principles-signed", steps=20))
    assert set(run.history.names) == {"loss", "antisymmetry", "orthogonality", "norm",
                                      "orientation"}
    row = [run.history.column(name)[-1] for name in run.history.names[1:]]
    assert sum(row) == pytest.approx(run.history.column("loss")[-1])


def test_cosine_decay_follows_a_live_lr_change():
    run = run_to(make("cross-product", "principles", steps=100, lr=0.03), 40)
    run.set_lr(0.01)
    run.step()  # step 41 uses the new base lr, decayed for 40 of 100 steps
    used = run.optimizer.param_groups[0]["lr"]
    assert used == pytest.approx(0.01 * 0.5 * (1 + math.cos(math.pi * 0.4)))
    constant = run_to(make("cross-product", "principles", steps=100, schedule="constant"), 40)
    assert constant.optimizer.param_groups[0]["lr"] == pytest.approx(constant.lr)


def test_same_seed_same_numbers():
    first = run_to(make("cross-product", "principles", seed=7, steps=30)).result()
    second = run_to(make("cross-product", "principles", seed=7, steps=30)).result()
    assert first["epsilon"] == second["epsilon"]


def test_axiom_residuals_are_zero_for_levi_civita_only():
    assert max(axiom_residuals(levi_civita_np()).values()) < 1e-12
    assert axiom_residuals(0.9 * levi_civita_np())["norm"] > 0.1


@pytest.mark.parametrize("variant", ["supervised", "principles-signed"])
def test_three_d_only_variants_refuse_other_dimensions(variant):
    with pytest.raises(ConfigError, match="dimension 3"):
        make("cross-product", variant, dim=7)


def test_cli_reports_the_sign_and_the_axioms(capsys):
    code = main(["run", "cross-product", "--variant", "principles", "--steps", "300",
                 "--batch", "32", "--optimizer", "Adam", "--seed", "2", "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    result = out["result"]
    eps = np.array(result["epsilon"])
    assert eps.shape == (3, 3, 3)
    assert result["error_vs_plus"] == pytest.approx(np.abs(eps - levi_civita_np()).max())
    assert result["error_vs_minus"] == pytest.approx(np.abs(eps + levi_civita_np()).max())
    assert result["sign"] == (1 if result["error_vs_plus"] < 1e-2 else 0)
    assert set(result["axioms"]) == {"antisymmetry", "orthogonality", "norm"}
    assert sum(result["loss_terms"].values()) == pytest.approx(out["final_loss"])


def test_cli_refuses_dim_for_supervised(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "cross-product", "--variant", "supervised", "--dim", "7"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "\n" not in err


def test_seven_preset_sets_the_measured_defaults():
    run = make("cross-product", "principles", preset="seven")
    assert (run.n, run.batch, run.lr, run.config.steps) == (7, 256, 2e-2, 12000)
    assert "epsilon" in run.result() and "sign" not in run.result()


@pytest.mark.parametrize("variant, values", [
    ("supervised", {}), ("principles", {}), ("principles-signed", {}),
    ("principles", {"dim": 7}), ("principles", {"dim": 8}),
])
def test_view_draws_each_variant(qtbot, variant, values):
    from gui.lessons.cross_product import VIEW

    view = VIEW(get_lesson("cross-product"))
    qtbot.addWidget(view)
    view.resize(1000, 700)
    run = make("cross-product", variant, **values)
    view.show_snapshot(run.snapshot())
    run_to(run, 30)
    view.show_snapshot(run.snapshot(0))
    n = run.n
    shown = [label.textItem.toPlainText() for label in view.labels]
    assert shown[:n] == [f"ε[{i}]" for i in range(n)]
    assert any("Levi-Civita" in text for text in shown) == (n == 3)
    image = view.image.image
    assert np.nanmax(np.abs(image)) > 0 and np.isnan(image).any()  # slices and gaps
    headline = view.headline.text()
    if n == 8:
        assert "no cross product exists" in headline
    view.clear()
    assert view.loss_plot.column().size == 0


def test_window_runs_the_lesson_to_plus_levi_civita(window, qtbot):
    tab = window.show_lesson("cross-product")
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=10_000)
    tab.controls.load({"variant": "supervised", "steps": 300, "seed": 3})
    assert tab.reset()
    qtbot.waitUntil(lambda: tab.state == "idle" and tab.snapshot is not None, timeout=10_000)
    tab.toggle_play()
    qtbot.waitUntil(lambda: tab.state == "finished" and tab.snapshot.step == 300, timeout=20_000)
    reference = run_to(make("cross-product", "supervised", steps=300, seed=3))
    np.testing.assert_array_equal(tab.view.loss_plot.column(), reference.history.column("loss"))
    assert "+Levi-Civita" in tab.view.headline.text()
