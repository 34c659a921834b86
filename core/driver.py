"""The loop that drives a run for the window: commands in, messages out. One loop for every lesson.

A host feeds it ``Command``s and passes on the ``Message``s it emits (see core.protocol). The window
runs it in a child process (core.driver_process); tests may run it in a thread. It also hosts the
lesson's console and the sweeps, so nothing that computes ever runs in the window.

Snapshots go out at most ~30 a second, measured with ``time.monotonic()`` (there is no event loop
here), and always when the run stops. A speed cap waits on the command source, never sleeps, so a
pause or quit arrives at once.
"""

from __future__ import annotations

import queue
import time
import traceback
from collections.abc import Callable
from typing import Any, Protocol

from core.console import Console
from core.errors import ConfigError
from core.interrupt import Interrupted
from core.memory_release import return_freed_heap
from core.protocol import Command, Message, RunState

# A little above the window's 30 frames a second, so jitter does not drop it below 30; more would
# only be merged.
SNAPSHOT_INTERVAL_S = 1 / 36
SWEEP_INTERVAL_S = 1 / 15
# At full speed, look for commands this often rather than before every step: asking a pipe costs
# ~10-20 µs, a sixth of a small lesson's step. A pause still lands within a couple of ms.
COMMAND_CHECK_S = 0.002


class Commands(Protocol):
    def get(self, timeout: float | None = None) -> tuple[Command, Any]:
        """The next command; raise ``queue.Empty`` when ``timeout`` passes without one."""


class QueueCommands:
    """Commands from another thread of the same process."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[tuple[Command, Any]] = queue.SimpleQueue()

    def put(self, command: Command, value: Any = None) -> None:
        self._queue.put((command, value))

    def get(self, timeout: float | None = None) -> tuple[Command, Any]:
        if timeout is not None and timeout <= 0:
            return self._queue.get_nowait()
        return self._queue.get(timeout=timeout)


class Driver:
    def __init__(self, commands: Commands, emit: Callable[..., None]) -> None:
        self._commands = commands
        self._emit = emit
        self._run = None
        self._lesson = None
        self._playing = False
        self._min_interval = 0.0  # seconds between steps; 0 = full speed
        self._next_step_at = 0.0
        self._sent = 0  # history rows already sent
        self._last_emit = 0.0
        self._next_check = 0.0
        self._job = None  # a sweep (or the search behind advice) going on between commands
        self._job_kind: Message | None = None
        self._console = Console()

    def loop(self) -> None:
        """Serve commands until ``quit`` (or until the command source closes)."""
        while self._handle_commands():
            try:
                if self._job is not None:
                    self._advance_job()
                elif self._busy:
                    self._advance()
            except Interrupted:  # a Stop that arrived just as user code finished
                continue
        self._run = None

    @property
    def _busy(self) -> bool:
        return ((self._playing and self._run is not None and not self._run.done)
                or self._job is not None)

    def _handle_commands(self) -> bool:
        """Apply queued commands; block when there is nothing to do. False means quit."""
        while True:
            try:
                if self._busy:
                    now = time.monotonic()
                    wait = 0.0 if self._job is not None else self._next_step_at - now
                    if wait <= 0 and now < self._next_check:
                        return True  # due to step, and commands were looked at a moment ago
                    self._next_check = now + COMMAND_CHECK_S
                    command, value = self._commands.get(timeout=wait)
                else:
                    command, value = self._commands.get()
            except queue.Empty:
                return True
            except (EOFError, OSError):  # the host went away
                return False
            except Interrupted:
                continue
            if command == Command.QUIT:
                return False
            try:
                self._apply(Command(command), value)
            except Interrupted:
                continue

    def _apply(self, command: Command, value: Any) -> None:
        if command == Command.RESET:
            self._reset(value)
        elif command == Command.PLAY:
            self._cancel_job()
            if self._run is not None and not self._run.done:
                self._playing = True
                self._next_step_at = time.monotonic()
                self._emit(Message.STATE, RunState.PLAYING)
        elif command == Command.PAUSE:
            if self._playing:
                self._stop(RunState.PAUSED)
            self._cancel_job()
        elif command == Command.STEP:
            self._cancel_job()
            if self._run is not None and not self._run.done:
                self._playing = False
                if self._advance():
                    self._stop(RunState.PAUSED)
        elif command == Command.SET:
            self._set(*value)
        elif command == Command.LESSON:
            self._lesson_command(*value)
        elif command == Command.CONSOLE:
            text, raised, more = self._console.push(value)
            self._emit(Message.CONSOLE, text, raised, more)
        elif command == Command.SWEEP:
            self._start_job(Message.SWEEP, value)
        elif command == Command.ADVICE:
            self._start_advice()

    # -- a run --------------------------------------------------------------------------------
    def _reset(self, config) -> None:
        from core.params import FULL_SPEED
        from core.registry import get_lesson, make_run

        self._cancel_job()
        self._playing = False
        self._run = None
        self._sent = 0
        self._lesson = get_lesson(config.lesson)
        speed = config.values.get("speed", FULL_SPEED)
        self._min_interval = 1.0 / speed if speed else 0.0
        try:
            self._run = make_run(config)
            scene = self._run.scene()
        except Exception as error:  # a bad device or a lesson bug: tell the user, keep serving
            self._run = None
            self._emit(Message.FAILED, f"Could not start the run: {error}", traceback.format_exc())
            self._emit(Message.STATE, RunState.FAILED)
            return
        self._emit(Message.SCENE, scene)
        self._emit_snapshot()
        self._refresh_console()
        self._emit(Message.STATE, RunState.IDLE)

    def _set(self, name: str, value: Any) -> None:
        """A live change: the speed is the loop's own; anything else goes to the run."""
        if name == "speed":
            self._min_interval = 1.0 / value if value else 0.0
            self._next_step_at = time.monotonic()
            self._emit(Message.SET, name, value)
            return
        if self._run is None or self._lesson is None:
            return
        param = self._lesson.param(name)
        if not param.live:
            self._emit(Message.FAILED, f"{param.label} cannot change during a run; press Reset.", "")
            return
        if self._guarded(self._run.set, name, value):
            self._emit(Message.SET, name, value)
            if not self._playing:
                self._emit_snapshot()

    def _lesson_command(self, name: str, payload: Any) -> None:
        if self._run is not None and self._guarded(self._run.command, name, payload):
            self._emit_snapshot()
            self._refresh_console()
        self._emit(Message.LESSON, name)

    def _advance(self) -> bool:
        """One step; True when the run can go on (not failed, diverged or finished)."""
        run = self._run
        if not self._guarded(run.step):
            return False
        now = time.monotonic()
        # On a schedule, so the step's own time does not slow a capped speed; never bank more
        # than one step of lateness (after a pause, say).
        self._next_step_at = max(self._next_step_at + self._min_interval, now - self._min_interval)
        if run.diverged_at is not None:
            self._stop(RunState.DIVERGED)
            self._emit(Message.DIVERGED, run.diverged_at, run.lr)
            return False
        if run.done:
            self._stop(RunState.FINISHED)
            return False
        if self._playing and (self._min_interval >= SNAPSHOT_INTERVAL_S
                              or now - self._last_emit >= SNAPSHOT_INTERVAL_S):
            self._emit_snapshot()
        return True

    def _guarded(self, action, *args) -> bool:
        try:
            action(*args)
            return True
        except ConfigError as error:
            self._emit(Message.FAILED, str(error), "")
            return False
        except Exception as error:
            step = self._run.step_count if self._run is not None else 0
            self._playing = False
            # step_count counts finished steps: the one that failed is the next.
            self._emit(Message.FAILED, f"Step {step + 1} failed: {type(error).__name__}: "
                       f"{_one_line(error)}", traceback.format_exc())
            self._emit(Message.STATE, RunState.FAILED)
            return False

    def _stop(self, state: RunState) -> None:
        self._playing = False
        self._emit_snapshot()
        self._refresh_console()
        self._emit(Message.STATE, state)
        return_freed_heap()  # after telling the window: a paused run's process sits idle

    def _emit_snapshot(self) -> None:
        if self._run is None:
            return
        snap = self._run.snapshot(history_start=self._sent)
        self._sent = snap.step
        self._last_emit = time.monotonic()
        self._emit(Message.SNAPSHOT, snap)

    def _refresh_console(self) -> None:
        """The console gets fresh copies whenever the run stops (never live objects)."""
        if self._run is None:
            return
        try:
            names = self._run.namespace()
        except Exception:  # the console is a convenience; never let it stop a run
            names = {}
        import numpy as np

        self._console.update({"np": np, **_torch(), **names,
                              "snapshot": self._run.snapshot()})

    # -- sweeps --------------------------------------------------------------------------------
    def _start_job(self, kind: Message, request) -> None:
        from core.sweep import SweepJob

        if self._run is None:
            return
        if self._playing:
            self._stop(RunState.PAUSED)
        self._cancel_job()
        try:
            self._job = SweepJob(self._run.config, request, self._run.device)
        except Exception as error:
            self._emit(Message.FAILED, f"The sweep could not start: {_one_line(error)}",
                       traceback.format_exc())
            return
        self._job_kind = kind
        self._last_emit = 0.0

    def _start_advice(self) -> None:
        from core.advice import advice_request

        if self._run is None:
            return
        request = advice_request(self._run.config.with_values(lr=self._run.lr))
        if request is None:
            self._emit(Message.ADVICE, None)
            return
        self._start_job(Message.ADVICE, request)

    def _advance_job(self) -> None:
        job = self._job
        try:
            job.step()
        except Exception as error:
            self._cancel_job()
            self._emit(Message.FAILED, f"The sweep stopped: {_one_line(error)}", traceback.format_exc())
            return
        now = time.monotonic()
        if job.done or (self._job_kind == Message.SWEEP and now - self._last_emit >= SWEEP_INTERVAL_S):
            self._last_emit = now
            if self._job_kind == Message.SWEEP:
                self._emit(Message.SWEEP, job.progress())
            else:
                if job.done:
                    from core.advice import advised_lr

                    self._emit(Message.ADVICE, advised_lr(job))
        if job.done:
            self._job = None

    def _cancel_job(self) -> None:
        if self._job is not None and self._job_kind == Message.SWEEP:
            progress = self._job.progress()
            self._emit(Message.SWEEP, progress)
        self._job = None


def _one_line(error: BaseException) -> str:
    """An error message on one line (torch's shape errors span several)."""
    return " ".join(str(error).split())


def _torch() -> dict[str, Any]:
    import torch

    return {"torch": torch}
