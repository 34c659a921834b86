"""The run driver, without Qt: what it emits for each command, and that nothing is lost on the way."""

from __future__ import annotations

import pickle
import queue

import numpy as np

from core.config import build_config
from core.driver import Driver
from core.registry import get_lesson
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
    return build_config(get_lesson("sin-fit"), values)


def test_every_step_reaches_the_window_in_order():
    cfg = config(variant="autograd", steps=400)
    out = drive(("reset", cfg), ("step", None), ("step", None), ("play", None))
    states = [m[1] for m in out if m[0] == "state"]
    assert states == ["idle", "paused", "paused", "playing", "finished"]
    snaps = [m[1] for m in out if m[0] == "snapshot"]
    position = 0
    for snap in snaps:  # each chunk starts where the previous one ended
        assert snap.history_start == position
        position += len(snap.history["loss"])
    losses = np.concatenate([s.history["loss"] for s in snaps])
    np.testing.assert_array_equal(losses, run_to(make("sin-fit", "autograd", steps=400)).history.column("loss"))
    assert snaps[-1].step == 400


def test_a_diverging_run_stops_and_says_where():
    out = drive(("reset", config(variant="tensor", lr=10.0)), ("play", None))
    diverged = [m for m in out if m[0] == "diverged"]
    assert len(diverged) == 1 and diverged[0][1] > 0 and diverged[0][2] == 10.0
    assert [m[1] for m in out if m[0] == "state"][-1] == "diverged"


def test_an_exception_becomes_a_message_with_its_traceback(monkeypatch):
    from core.runs import sin_fit

    def broken(self):
        raise ValueError("bad shapes")

    monkeypatch.setattr(sin_fit.NumpyFit, "train_step", broken)
    out = drive(("reset", config(variant="numpy")), ("play", None))
    failed = [m for m in out if m[0] == "failed"]
    assert "ValueError: bad shapes" in failed[0][1] and "Traceback" in failed[0][2]
    assert [m[1] for m in out if m[0] == "state"][-1] == "failed"


def test_a_device_that_is_not_there_is_reported_not_raised():
    out = drive(("reset", config(device="cuda:3")))
    assert out[0][0] == "failed" and "not available" in out[0][1]


def test_a_config_crosses_to_a_run_process_intact():
    cfg = build_config(get_lesson("sin-fit"), {"variant": "optim", "optimizer": "Adam"})
    again = pickle.loads(pickle.dumps(cfg))
    assert again == cfg and again.option("optimizer") == "Adam"
