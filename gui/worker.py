"""A tab's worker: the run's loop (core.driver) and the Qt signals the tab listens to.

Two hosts with one interface (``send``, ``stop``, ``alive``, ``worker``'s signals):
- ``process`` (the default): the loop runs in a child process; a QThread in the window receives
  its messages and re-emits them as signals. The run has a core and a GIL of its own.
- ``thread``: the loop runs in a QThread of the window's process (used where a test injects a
  fault into a run class, which a child process would not see).
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from core.driver import Driver, QueueCommands

STOP_WAIT_S = 1.0


def default_kind() -> str:
    return os.environ.get("TORCH_CLASSROOM_WORKER", "process")


class RunWorker(QObject):
    """The signals; they carry numpy-only data (snapshots) or plain text."""

    snapshot = Signal(object)  # core.run.Snapshot
    state_changed = Signal(str)  # "idle", "playing", "paused", "finished", "diverged", "failed"
    diverged = Signal(int, float)  # step, lr
    failed = Signal(str, str)  # one-line message, details
    namespace = Signal(object)  # copies for the console, sent whenever the run stops
    finished = Signal()

    def dispatch(self, kind: str, *args: Any) -> None:
        signal = {"snapshot": self.snapshot, "state": self.state_changed, "diverged": self.diverged,
                  "failed": self.failed, "namespace": self.namespace}[kind]
        signal.emit(*args)


class ThreadWorker(RunWorker):
    def __init__(self) -> None:
        super().__init__()
        self.commands = QueueCommands()

    @Slot()
    def loop(self) -> None:
        try:
            Driver(self.commands, self.dispatch).loop()
        finally:
            self.finished.emit()


class BridgeWorker(RunWorker):
    """Receives the child's messages in its own thread and re-emits them."""

    def __init__(self, conn) -> None:
        super().__init__()
        self.conn = conn
        self.stopping = False

    @Slot()
    def loop(self) -> None:
        try:
            while True:
                message = self.conn.recv()
                self.dispatch(*message)
        except (EOFError, OSError):
            if not self.stopping:
                self.failed.emit("The run's process stopped unexpectedly. Press Reset (R) to "
                                 "start a new one.", "The child process closed its pipe.")
                self.state_changed.emit("failed")
        finally:
            self.finished.emit()


class WorkerHandle:
    """A worker, its thread (and for ``process`` its child), kept as attributes so none is
    garbage-collected while running."""

    def __init__(self, kind: str | None = None) -> None:
        self.kind = kind or default_kind()
        self.process = None
        self.thread = QThread()
        self.thread.setObjectName(f"run-{self.kind}")
        if self.kind == "process":
            self._start_process()
        else:
            self.worker = ThreadWorker()
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.loop)
        # Direct: quit() is thread-safe, and a queued call would wait for the GUI thread, which
        # may itself be waiting for this thread.
        self.worker.finished.connect(self.thread.quit, Qt.ConnectionType.DirectConnection)
        self.thread.start()

    def _start_process(self) -> None:
        from core import driver_process

        context = _context()
        parent_end, child_end = context.Pipe()
        self.process = context.Process(target=driver_process.serve, args=(child_end,),
                                       name="torch-classroom-run", daemon=True)
        self.process.start()
        child_end.close()
        self.worker = BridgeWorker(parent_end)

    @property
    def alive(self) -> bool:
        return self.thread.isRunning() and (self.process is None or self.process.is_alive())

    def send(self, command: str, value: Any = None) -> None:
        if self.process is None:
            self.worker.commands.put(command, value)
            return
        try:
            self.worker.conn.send((command, value))
        except (BrokenPipeError, OSError):
            pass  # the bridge has reported the lost process; Reset starts a new one

    def stop(self, timeout_ms: int = 5000) -> bool:
        """End the loop, the child and the thread, and wait for them (the tab is closing)."""
        if self.process is not None:
            self.worker.stopping = True
        self.send("quit")
        if self.process is not None:
            self.process.join(STOP_WAIT_S)
            if self.process.is_alive():
                self.process.kill()
                self.process.join(STOP_WAIT_S)
        self.thread.quit()
        done = self.thread.wait(timeout_ms)
        if self.process is not None:
            self.worker.conn.close()
        return done


_CONTEXT = None


def prepare_processes() -> None:
    """Bring the process server up (it imports torch and the lessons) and wait for it, off the GUI
    thread: otherwise the first tab's worker would freeze the window for a second or two."""
    if default_kind() != "process":
        return
    from core import driver_process

    warm = _context().Process(target=driver_process.ready, name="torch-classroom-warm-up")
    warm.start()
    warm.join()


def _context():
    """Forkserver where there is one (children fork from a process that has torch loaded),
    spawn elsewhere."""
    global _CONTEXT
    if _CONTEXT is None:
        import multiprocessing

        if "forkserver" in multiprocessing.get_all_start_methods():
            _CONTEXT = multiprocessing.get_context("forkserver")
            _CONTEXT.set_forkserver_preload(["core.driver_process"])
        else:
            _CONTEXT = multiprocessing.get_context("spawn")
    return _CONTEXT


def steps_per_second(choice: str) -> float | None:
    """The speed control's value -> a cap in steps per second (None = full speed)."""
    return None if choice == "full" else float(choice)
