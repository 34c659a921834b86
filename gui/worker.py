"""The worker: owns one tab's run and drives it in its own QThread.

The GUI talks to it only through ``send`` (a thread-safe queue) and listens to its signals. The loop
has no Qt event loop while it runs, so it throttles snapshots with ``time.monotonic()`` and waits on
the queue (never ``sleep``) so that pause, step and quit arrive at once.
"""

from __future__ import annotations

import queue
import time
import traceback
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from core.config import Config

SNAPSHOT_INTERVAL_S = 1 / 60  # at most ~60 snapshots a second reach the GUI


class RunWorker(QObject):
    """Commands (from the GUI thread): reset(config), play(), pause(), step(), set_lr(x),
    set_speed(steps_per_s or None), quit(). Signals carry numpy-only data."""

    snapshot = Signal(object)  # core.run.Snapshot
    state_changed = Signal(str)  # "idle", "playing", "paused", "finished", "diverged", "failed"
    diverged = Signal(int, float)  # step, lr
    failed = Signal(str, str)  # one-line message, details (traceback)
    namespace = Signal(object)  # dict of copies for the console, sent whenever the run stops
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._commands: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self._run = None
        self._playing = False
        self._min_interval = 0.0  # seconds between steps; 0 = full speed
        self._next_step_at = 0.0
        self._sent = 0  # history rows already sent to the GUI
        self._last_emit = 0.0

    # -- GUI thread side -----------------------------------------------------------------------
    def send(self, command: str, value: Any = None) -> None:
        self._commands.put((command, value))

    # -- worker thread side --------------------------------------------------------------------
    @Slot()
    def loop(self) -> None:
        try:
            while self._handle_commands():
                if self._playing and self._run is not None and not self._run.done:
                    self._advance()
        finally:
            self._run = None
            self.finished.emit()

    def _handle_commands(self) -> bool:
        """Apply queued commands; block when there is nothing to do. False means quit."""
        while True:
            busy = self._playing and self._run is not None and not self._run.done
            if busy:
                wait = self._next_step_at - time.monotonic()
                try:
                    command, value = (self._commands.get(timeout=wait) if wait > 0
                                      else self._commands.get_nowait())
                except queue.Empty:
                    return True
            else:
                command, value = self._commands.get()
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
                self.state_changed.emit("playing")
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

    def _reset(self, config: Config) -> None:
        from core.registry import make_run

        self._playing = False
        self._run = None
        self._sent = 0
        try:
            self._run = make_run(config)
        except Exception as error:  # a bad device or a lesson bug: tell the user, keep going
            self.failed.emit(f"Could not start the run: {error}", traceback.format_exc())
            self.state_changed.emit("failed")
            return
        self._emit_snapshot()
        self._emit_namespace()
        self.state_changed.emit("idle")

    def _advance(self) -> bool:
        """One step; True when the run can go on (not failed, diverged or finished)."""
        run = self._run
        if not self._guarded(run.step):
            return False
        now = time.monotonic()
        self._next_step_at = now + self._min_interval
        if run.diverged_at is not None:
            self._stop("diverged")
            self.diverged.emit(run.diverged_at, run.lr)
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
            self.failed.emit(f"The run stopped at step {step}: {type(error).__name__}: {error}",
                             traceback.format_exc())
            self.state_changed.emit("failed")
            return False

    def _stop(self, state: str) -> None:
        self._playing = False
        self._emit_snapshot()
        self._emit_namespace()
        self.state_changed.emit(state)

    def _emit_snapshot(self) -> None:
        if self._run is None:
            return
        snap = self._run.snapshot(history_start=self._sent)
        self._sent = snap.step
        self._last_emit = time.monotonic()
        self.snapshot.emit(snap)

    def _emit_namespace(self) -> None:
        if self._run is None:
            return
        try:
            names = self._run.namespace()
        except Exception:  # the console is a convenience; never let it stop a run
            names = {}
        self.namespace.emit(names)


class WorkerHandle:
    """A worker and its thread, kept together as attributes so neither is garbage-collected."""

    def __init__(self) -> None:
        self.thread = QThread()
        self.thread.setObjectName("run-worker")
        self.worker = RunWorker()
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.loop)
        # Direct: quit() is thread-safe, and a queued call would wait for the GUI thread, which
        # may itself be waiting for this thread.
        self.worker.finished.connect(self.thread.quit, Qt.ConnectionType.DirectConnection)
        self.thread.start()

    def send(self, command: str, value: Any = None) -> None:
        self.worker.send(command, value)

    def stop(self, timeout_ms: int = 5000) -> bool:
        """Ask the loop to end and wait for the thread (only when the window closes)."""
        if not self.thread.isRunning():
            return True
        self.worker.send("quit")
        self.thread.quit()
        return self.thread.wait(timeout_ms)


def steps_per_second(choice: str) -> float | None:
    """The speed control's value -> a cap in steps per second (None = full speed)."""
    return None if choice == "full" else float(choice)
