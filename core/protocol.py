"""The words the window and a run process say to each other, as enums (never bare strings)."""

from __future__ import annotations

from enum import Enum


class RunState(str, Enum):
    """Where a run stands. LOADING: no run process yet; RESETTING: a reset is on its way."""

    LOADING = "loading"
    RESETTING = "resetting"
    IDLE = "idle"
    PLAYING = "playing"
    PAUSED = "paused"
    FINISHED = "finished"
    DIVERGED = "diverged"
    FAILED = "failed"

    @property
    def over(self) -> bool:
        """The run cannot go on: Start begins a fresh one."""
        return self in (RunState.FINISHED, RunState.DIVERGED, RunState.FAILED)


class Command(str, Enum):
    """What the window asks of a run process; each carries one value (or None)."""

    RESET = "reset"  # value: Config
    PLAY = "play"
    PAUSE = "pause"
    STEP = "step"
    SET = "set"  # value: (name, value) for a knob declared live
    LESSON = "lesson"  # value: (name, payload), e.g. ("run_cell", (index, code))
    CONSOLE = "console"  # value: code typed in the console
    SWEEP = "sweep"  # value: SweepRequest
    ADVICE = "advice"  # value: None; answered with an lr that does not diverge
    QUIT = "quit"


class Message(str, Enum):
    """What a run process tells the window; the values that follow each are listed."""

    SCENE = "scene"  # Scene, once after each reset
    SNAPSHOT = "snapshot"  # Snapshot
    STATE = "state"  # RunState
    DIVERGED = "diverged"  # step, lr
    FAILED = "failed"  # one-line message, details
    SET = "set"  # name, value: a live change now in effect
    CONSOLE = "console"  # output text, whether it raised, whether it needs more lines
    LESSON = "lesson"  # the name of a lesson command just done (its snapshot came before)
    SWEEP = "sweep"  # SweepProgress
    ADVICE = "advice"  # lr (float, or None when no lr tried was finite)
