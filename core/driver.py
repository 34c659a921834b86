"""The loop that drives a run for the window: commands in, snapshots and states out. No Qt.

A host feeds it commands (``reset``, ``play``, ``pause``, ``step``, ``set_lr``, ``set_speed``,
``namespace``, ``quit``) and passes on what it emits: ``("snapshot", Snapshot)``, ``("state", name)``,
``("diverged", step, lr)``, ``("failed", message, details)``, ``("namespace", dict)``. The window
runs it in a child process (core.driver_process); tests may run it in a thread.

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

SNAPSHOT_INTERVAL_S = 1 / 30  # the window draws at most 30 a second; more would only be merged
# At full speed, look for commands this often rather than before every step: asking a pipe costs
# ~10-20 µs, a sixth of a small lesson's step. A pause still lands within a couple of ms.
COMMAND_CHECK_S = 0.002


class Commands(Protocol):
    def get(self, timeout: float | None = None) -> tuple[str, Any]:
        """The next command; raise ``queue.Empty`` when ``timeout`` passes without one."""


class QueueCommands:
    """Commands from another thread of the same process."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()

    def put(self, command: str, value: Any = None) -> None:
        self._queue.put((command, value))

    def get(self, timeout: float | None = None) -> tuple[str, Any]:
        if timeout is not None and timeout <= 0:
            return self._queue.get_nowait()
        return self._queue.get(timeout=timeout)


class Driver:
    def __init__(self, commands: Commands, emit: Callable[..., None]) -> None:
        self._commands = commands
        self._emit = emit
        self._run = None
        self._playing = False
        self._min_interval = 0.0  # seconds between steps; 0 = full speed
        self._next_step_at = 0.0
        self._sent = 0  # history rows already sent
        self._last_emit = 0.0
        self._next_check = 0.0

    def loop(self) -> None:
        """Serve commands until ``quit`` (or until the command source closes)."""
        while self._handle_commands():
            if self._busy:
                self._advance()
        self._run = None

    @property
    def _busy(self) -> bool:
        return self._playing and self._run is not None and not self._run.done

    def _handle_commands(self) -> bool:
        """Apply queued commands; block when there is nothing to do. False means quit."""
        while True:
            try:
                if self._busy:
                    now = time.monotonic()
                    wait = self._next_step_at - now
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
            if command == "quit":
                return False
            self._apply(command, value)

    def _apply(self, command: str, value: Any) -> None:
        if command == "reset":
            self._reset(value)
        elif command == "play":
            if self._run is not None and not self._run.done:
                self._playing = True
                self._next_step_at = time.monotonic()
                self._emit("state", "playing")
        elif command == "pause":
            if self._playing:
                self._stop("paused")
        elif command == "step":
            if self._run is not None and not self._run.done:
                self._playing = False
                if self._advance():
                    self._stop("paused")
        elif command == "set_lr":
            if self._run is not None:
                self._guarded(self._run.set_lr, value)
        elif command == "set_speed":
            self._min_interval = 0.0 if not value else 1.0 / float(value)
        elif command == "namespace":
            self._emit_namespace()

    def _reset(self, config) -> None:
        from core.registry import make_run

        self._playing = False
        self._run = None
        self._sent = 0
        try:
            self._run = make_run(config)
        except Exception as error:  # a bad device or a lesson bug: tell the user, keep serving
            self._emit("failed", f"Could not start the run: {error}", traceback.format_exc())
            self._emit("state", "failed")
            return
        self._emit_snapshot()
        self._emit_namespace()
        self._emit("state", "idle")

    def _advance(self) -> bool:
        """One step; True when the run can go on (not failed, diverged or finished)."""
        run = self._run
        if not self._guarded(run.step):
            return False
        now = time.monotonic()
        self._next_step_at = now + self._min_interval
        if run.diverged_at is not None:
            self._stop("diverged")
            self._emit("diverged", run.diverged_at, run.lr)
            return False
        if run.done:
            self._stop("finished")
            return False
        if self._playing and (self._min_interval >= SNAPSHOT_INTERVAL_S
                              or now - self._last_emit >= SNAPSHOT_INTERVAL_S):
            self._emit_snapshot()
        return True

    def _guarded(self, action, *args) -> bool:
        try:
            action(*args)
            return True
        except Exception as error:
            step = self._run.step_count if self._run is not None else 0
            self._playing = False
            self._emit("failed", f"The run stopped at step {step}: {type(error).__name__}: {error}",
                       traceback.format_exc())
            self._emit("state", "failed")
            return False

    def _stop(self, state: str) -> None:
        self._playing = False
        self._emit_snapshot()
        self._emit_namespace()
        self._emit("state", state)

    def _emit_snapshot(self) -> None:
        if self._run is None:
            return
        snap = self._run.snapshot(history_start=self._sent)
        self._sent = snap.step
        self._last_emit = time.monotonic()
        self._emit("snapshot", snap)

    def _emit_namespace(self) -> None:
        if self._run is None:
            return
        try:
            names = self._run.namespace()
        except Exception:  # the console is a convenience; never let it stop a run
            names = {}
        self._emit("namespace", names)
