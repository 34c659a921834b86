"""The run driver, without Qt: what it emits for each command, and that nothing is lost on the way."""

from __future__ import annotations

import pickle
import queue

import numpy as np

from core.config import build_config
from core.driver import Driver
from core.protocol import Command, Message, RunState
from core.registry import get_lesson
from core.sweep import SweepRequest
from tests.helpers import make, run_to


class Script:
    """Commands in order; then 'nothing yet' while a run plays, and the end once it stops."""

    def __init__(self, *commands):
        self.commands = list(commands)

    def get(self, timeout=None):
        if self.commands:
            return self.commands.pop(0)
        if timeout is not None:
            raise queue.Empty
        raise EOFError


def drive(*commands):
    out = []
    Driver(Script(*commands), lambda *message: out.append(message)).loop()
    return out


def config(**values):
    values.setdefault("speed", 0.0)
    return build_config(get_lesson("sin-fit"), values)


def states(out):
    return [m[1] for m in out if m[0] == Message.STATE]


def test_every_step_reaches_the_window_in_order():
    cfg = config(variant="autograd", steps=400)
    out = drive((Command.RESET, cfg), (Command.STEP, None), (Command.STEP, None), (Command.PLAY, None))
    assert states(out) == [RunState.IDLE, RunState.PAUSED, RunState.PAUSED, RunState.PLAYING,
                           RunState.FINISHED]
    assert [m[0] for m in out][0] == Message.SCENE  # the scene first, once
    snaps = [m[1] for m in out if m[0] == Message.SNAPSHOT]
    position = 0
    for snap in snaps:  # each chunk starts where the previous one ended
        assert snap.history_start == position
        position += len(snap.history["loss"])
    losses = np.concatenate([s.history["loss"] for s in snaps])
    reference = run_to(make("sin-fit", "autograd", steps=400)).history.column("loss")
    np.testing.assert_array_equal(losses, reference)
    assert snaps[-1].step == 400


def test_a_live_change_is_confirmed_and_used_from_the_next_step():
    out = drive((Command.RESET, config(variant="numpy", steps=5)), (Command.STEP, None),
                (Command.SET, ("lr", 3e-6)), (Command.STEP, None))
    assert (Message.SET, "lr", 3e-6) in out
    reference = run_to(make("sin-fit", "numpy", steps=5), 1)
    reference.set_lr(3e-6)
    reference.step()
    last = [m[1] for m in out if m[0] == Message.SNAPSHOT][-1]
    assert last.loss == reference.loss and last.lr == 3e-6


def test_a_knob_that_is_not_live_is_refused_mid_run():
    out = drive((Command.RESET, config(variant="numpy")), (Command.SET, ("steps", 5)))
    assert any(m[0] == Message.FAILED and "cannot change during a run" in m[1] for m in out)


def test_a_diverging_run_stops_and_says_where():
    out = drive((Command.RESET, config(variant="tensor", lr=10.0)), (Command.PLAY, None))
    diverged = [m for m in out if m[0] == Message.DIVERGED]
    assert len(diverged) == 1 and diverged[0][1] > 0 and diverged[0][2] == 10.0
    assert states(out)[-1] == RunState.DIVERGED


def test_advice_after_a_divergence_names_an_lr_that_stays_finite():
    out = drive((Command.RESET, config(variant="tensor", lr=10.0, steps=300)), (Command.PLAY, None),
                (Command.ADVICE, None))
    (advised,) = [m[1] for m in out if m[0] == Message.ADVICE]
    assert advised is not None and advised < 10.0
    assert run_to(make("sin-fit", "tensor", lr=advised, steps=300)).diverged_at is None


def test_an_exception_becomes_a_message_with_its_traceback(monkeypatch):
    from core.runs import sin_fit

    def broken(self):
        raise ValueError("bad shapes")

    monkeypatch.setattr(sin_fit.NumpyFit, "step", broken)
    out = drive((Command.RESET, config(variant="numpy")), (Command.PLAY, None))
    failed = [m for m in out if m[0] == Message.FAILED]
    assert "ValueError: bad shapes" in failed[0][1] and "Traceback" in failed[0][2]
    assert states(out)[-1] == RunState.FAILED


def test_a_device_that_is_not_there_is_reported_not_raised():
    out = drive((Command.RESET, config(device="cuda:99")))
    assert out[0][0] == Message.FAILED and "not available" in out[0][1]


def test_the_console_reads_copies_and_survives_exit_and_errors():
    out = drive((Command.RESET, config(variant="nn", steps=3)), *[(Command.STEP, None)] * 3,
                (Command.CONSOLE, "print(step, type(model).__name__)"),
                (Command.CONSOLE, "exit()"), (Command.CONSOLE, "import sys; sys.exit(3)"),
                (Command.CONSOLE, "1/0"), (Command.CONSOLE, "for i in range(2):"),
                (Command.CONSOLE, "    print(i)"), (Command.CONSOLE, ""),
                (Command.CONSOLE, "print('x\\n' * 20000)"))
    replies = [m[1:] for m in out if m[0] == Message.CONSOLE]
    assert replies[0] == ("3 Sequential\n", False, False)
    assert "do nothing here" in replies[1][0] and "do nothing here" in replies[2][0]
    assert "ZeroDivisionError" in replies[3][0] and replies[3][1]
    assert replies[4] == ("", False, True) and replies[5] == ("", False, True)
    assert replies[6][0] == "0\n1\n"
    assert "more lines" in replies[7][0] and replies[7][0].count("\n") <= 10_002


def test_a_sweep_reports_every_row_and_matches_single_runs():
    cfg = config(variant="numpy", steps=100)
    request = SweepRequest(1e-7, 1e-5, 4)
    out = drive((Command.RESET, cfg), (Command.SWEEP, request))
    progress = [m[1] for m in out if m[0] == Message.SWEEP]
    assert progress[-1].done and progress[-1].step == 100
    losses = np.concatenate([p.losses for p in progress], axis=1)
    for row, lr in enumerate(request.lrs()):
        single = run_to(make("sin-fit", "numpy", steps=100, lr=float(lr))).history.column("loss")
        finite = np.isfinite(single)
        np.testing.assert_allclose(losses[row][finite], single[finite], rtol=1e-9)


def test_a_config_crosses_to_a_run_process_intact():
    cfg = build_config(get_lesson("sin-fit"), {"variant": "optim", "optimizer": "Adam"})
    again = pickle.loads(pickle.dumps(cfg))
    assert again == cfg and again.option("optimizer") == "Adam"
