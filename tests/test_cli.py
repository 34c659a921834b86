"""The headless CLI: the JSON contract, the other subcommands, and one clear line for every bad value."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from core.cli import main

CONTRACT = {"lesson", "variant", "device", "seed", "steps", "lr", "final_loss", "elapsed_s",
            "steps_per_s", "diverged_at_step", "result"}


def run_cli(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_names_every_lesson(capsys):
    from core.registry import LESSONS

    code, out, _ = run_cli(capsys, "list")
    assert code == 0 and all(lesson.key in out for lesson in LESSONS)


def test_json_has_every_contract_field(capsys):
    code, out, _ = run_cli(capsys, "run", "sin-fit", "--variant", "optim", "--steps", "300",
                           "--seed", "4", "--json")
    data = json.loads(out)
    assert code == 0 and CONTRACT <= set(data)
    assert (data["lesson"], data["variant"], data["seed"], data["steps"]) == ("sin-fit", "optim", 4, 300)
    assert set(data["result"]["coefficients"]) == {"a", "b", "c", "d"}
    assert data["result"]["lstsq_loss"] < data["final_loss"]


def test_a_knob_the_variant_does_not_use_is_absent_from_the_json(capsys):
    _, out, _ = run_cli(capsys, "run", "sin-fit", "--variant", "function", "--steps", "5", "--json")
    assert "seed" not in json.loads(out)  # this rung starts from fixed numbers, not a seed


def test_cli_and_engine_give_the_same_numbers(capsys):
    from tests.helpers import make, run_to

    _, out, _ = run_cli(capsys, "run", "sin-fit", "--variant", "nn", "--steps", "40", "--seed", "9", "--json")
    assert json.loads(out)["final_loss"] == run_to(make("sin-fit", "nn", steps=40, seed=9)).loss


@pytest.mark.parametrize("args, words", [
    (["--lr", "-1"], "error: --lr must be > 0, got -1"),
    (["--lr", "abc"], "error: --lr must be a number"),
    (["--lr", "5 5"], "error: --lr must be a number"),
    (["--steps", "0"], "error: --steps must be between 1 and"),
    (["--steps", ""], "error: --steps must be a number"),
    (["--variant", "nope"], "error: --variant must be one of"),
    (["--device", "cuda:99"], "not available here; available: cpu"),
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


def test_divergence_exits_1_with_valid_json_and_advice_that_works(capsys):
    from tests.helpers import make, run_to

    code, out, err = run_cli(capsys, "run", "sin-fit", "--variant", "numpy", "--lr", "0.01",
                             "--steps", "300", "--json")
    data = json.loads(out)
    assert code == 1 and data["final_loss"] is None and data["diverged_at_step"] > 0
    advised = float(err.split("try a smaller --lr: ")[1].split()[0])
    assert run_to(make("sin-fit", "numpy", lr=advised, steps=300)).diverged_at is None


def test_sweep_json_shows_the_divergence_edge(capsys):
    code, out, _ = run_cli(capsys, "sweep", "sin-fit", "--variant", "numpy", "--count", "8",
                           "--lr-min", "1e-7", "--lr-max", "1e-5", "--steps", "300", "--json")
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"lesson", "variant", "steps", "lrs", "final_loss", "diverged_at",
                         "best_lr", "elapsed_s", "single_run_s"}
    edge = [lr for lr, d in zip(data["lrs"], data["diverged_at"]) if d is not None]
    assert edge and min(edge) > 3e-6  # this fit is stable below 2 / λmax ≈ 3.56e-6
    assert data["best_lr"] < min(edge)


@pytest.mark.parametrize("args, words", [
    (["--lr-min", "1e-5", "--lr-max", "1e-7"], "must be below its highest"),
    (["--count", "1"], "between 2 and 256"), (["--count", "300"], "between 2 and 256"),
    (["--lr-min", "-1"], "must be > 0"), (["--lr-max", "abc"], "must be a number"),
])
def test_bad_sweep_ranges_exit_2_with_one_line(capsys, args, words):
    with pytest.raises(SystemExit) as exit_info:
        main(["sweep", "sin-fit", "--variant", "numpy", *args])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and words in err and err.count("\n") == 1


def test_code_prints_the_whole_rung_and_its_changes(capsys):
    _, function, _ = run_cli(capsys, "code", "sin-fit", "--variant", "function")
    assert "class LegendreP3(torch.autograd.Function)" in function
    assert "def forward(ctx, z)" in function and "def backward(ctx, grad_output)" in function
    _, module, _ = run_cli(capsys, "code", "sin-fit", "--variant", "module")
    assert "class Polynomial3(nn.Module)" in module
    _, diff, _ = run_cli(capsys, "code", "sin-fit", "--variant", "function", "--diff")
    assert "+class LegendreP3(torch.autograd.Function):" in diff and "-class AutogradFit:" in diff


def _as_from_a_terminal() -> None:
    # Ctrl+C reaches a command started from a terminal; whatever the test worker's own signal
    # state is (a test before this one may have ignored or blocked SIGINT), the child starts so.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def test_ctrl_c_and_a_closed_pipe_end_quietly():
    proc = subprocess.Popen([sys.executable, "-m", "core", "run", "sin-fit", "--steps", "1000000"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_as_from_a_terminal)
    import signal
    import time

    deadline = time.monotonic() + 60
    line = proc.stderr.readline()  # the first progress line: the run is going
    assert line and time.monotonic() < deadline
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in err
    piped = subprocess.run(f"{sys.executable} -m core code sin-fit | head -1", shell=True,
                           capture_output=True, text=True, timeout=60)
    assert "Traceback" not in piped.stderr and piped.stdout.strip()
