"""The headless CLI: the JSON contract and one clear line for every bad value."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from core.cli import main

CONTRACT = {"lesson", "variant", "device", "seed", "steps", "lr", "final_loss", "elapsed_s",
            "steps_per_s", "result"}


def test_list_names_every_lesson(capsys):
    from core.registry import LESSONS

    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert all(lesson.key in out for lesson in LESSONS)


def test_json_has_every_contract_field(capsys):
    assert main(["run", "sin-fit", "--variant", "optim", "--steps", "300", "--seed", "4", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert CONTRACT <= set(data)
    assert (data["lesson"], data["variant"], data["seed"], data["steps"]) == ("sin-fit", "optim", 4, 300)
    assert set(data["result"]["coefficients"]) == {"a", "b", "c", "d"}
    assert data["result"]["lstsq_loss"] < data["final_loss"]


def test_cli_and_engine_give_the_same_numbers(capsys):
    from tests.helpers import make, run_to

    main(["run", "sin-fit", "--variant", "nn", "--steps", "40", "--seed", "9", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["final_loss"] == run_to(make("sin-fit", "nn", steps=40, seed=9)).loss


@pytest.mark.parametrize("args, words", [
    (["--lr", "-1"], "error: --lr must be > 0, got -1"),
    (["--lr", "abc"], "error: --lr must be a number"),
    (["--steps", "0"], "error: --steps must be between 1 and"),
    (["--variant", "nope"], "error: --variant must be one of"),
    (["--device", "cuda"], "not available here; available: cpu"),
    (["--optimizer", "Adam"], "does not apply to variant numpy"),
])
def test_bad_values_exit_2_with_one_line(capsys, args, words):
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "sin-fit", *args])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1


def test_a_bad_value_prints_no_traceback_from_a_real_process():
    proc = subprocess.run([sys.executable, "-m", "core", "run", "sin-fit", "--lr", "-1"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "error: --lr must be > 0, got -1" and proc.stdout == ""


def test_divergence_exits_1_with_valid_json(capsys):
    code = main(["run", "sin-fit", "--variant", "numpy", "--lr", "0.01", "--json"])
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert code == 1 and data["final_loss"] is None and data["diverged_at_step"] > 0
    assert "smaller --lr" in captured.err
