"""A tab's run process (or thread) and the QThread that turns its messages into one Qt signal.

Two kinds with one interface (``send``, ``interrupt``, ``kill``, ``stop``, ``alive``, ``received``):
- ``process`` (the default): the driver loop runs in a child forked from the process server. The
  QThread starts the child (which may wait for the server, so never on the GUI thread) and then
  reads its messages; a writer thread sends the commands, so the GUI thread never blocks on a pipe.
- ``thread``: the loop runs in a QThread of the window's process (for tests that inject a fault
  into a run class, which a child process would not see).
"""

from __future__ import annotations

import os
import queue
import signal
import threading
import time
import traceback
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from core.protocol import Command, Message

STOP_WAIT_S = 0.5
QUIT_WAIT_S = 0.3  # how long quitting waits for run processes to end on their own
LOST = "lost"  # the message a host sends itself when its process went away
_HOSTS: set[RunHost] = set()  # every host not yet shut down, retired ones included


def shutdown_all(wait_s: float = QUIT_WAIT_S) -> None:
    """End every run process and thread, in order, before the window goes (quit, SIGINT, SIGTERM).

    Each loop is told to quit; processes that do not end within ``wait_s`` are killed; then the
    process server goes (which also ends a host still waiting for it to start a process), and the
    threads are joined.
    """
    from gui.processes import stop_server

    hosts = list(_HOSTS)
    for host in hosts:
        host._request_stop()
    deadline = time.monotonic() + wait_s
    for host in hosts:
        host._finish(deadline)
    stop_server()
    for host in hosts:
        host._close(deadline)


def default_kind() -> str:
    return os.environ.get("TORCH_CLASSROOM_WORKER", "process")


class Bridge(QObject):
    """Lives in the host's QThread; ``received`` carries each message tuple to the GUI thread."""

    received = Signal(object)
    finished = Signal()

    def __init__(self, host: RunHost) -> None:
        super().__init__()
        self.host = host

    @Slot()
    def loop(self) -> None:
        try:
            self.host._serve(self.received.emit)
        finally:
            self.finished.emit()


class RunHost:
    """One run process (or thread) with its bridge; every part is kept as an attribute so none is
    garbage-collected while it runs."""

    def __init__(self, kind: str | None = None) -> None:
        self.kind = kind or default_kind()
        self.process = None
        self.stopping = False
        self._outgoing: queue.SimpleQueue = queue.SimpleQueue()
        self._conn = None
        self._writer: threading.Thread | None = None
        self.thread = QThread()
        self.thread.setObjectName(f"run-{self.kind}")
        self.bridge = Bridge(self)
        self.received = self.bridge.received
        self.bridge.moveToThread(self.thread)
        self.thread.started.connect(self.bridge.loop)
        # Direct: quit() is thread-safe, and a queued call would wait for the GUI thread.
        self.bridge.finished.connect(self.thread.quit, Qt.ConnectionType.DirectConnection)
        for done in [h for h in _HOSTS if h.stopping and h.thread.isFinished()]:
            done._close(time.monotonic())  # retired earlier and ended since: nothing to wait for
        _HOSTS.add(self)
        self.thread.start()

    # -- the GUI thread's side ------------------------------------------------------------------
    @property
    def alive(self) -> bool:
        if self.stopping or not self.thread.isRunning():
            return False
        return self.process is None or self.process.is_alive() or self.process.pid is None

    def send(self, command: Command, value: Any = None) -> None:
        """Queue a command; it never blocks (a writer thread does the sending)."""
        self._outgoing.put((command, value))

    def interrupt(self) -> None:
        """Ask user code running in the process (a cell, a console line) to stop."""
        pid = self.process.pid if self.process is not None else None
        if pid:
            try:
                os.kill(pid, signal.SIGUSR1)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        """End the process at once (its code did not stop when asked); ``received`` says LOST."""
        if self.process is not None and self.process.pid and self.process.is_alive():
            self.process.kill()

    def retire(self) -> None:
        """Ask the loop to end and forget about it: the GUI thread never waits for it. A process
        that has not ended after STOP_WAIT_S (user code stuck in a C call) is killed."""
        self._request_stop()
        from PySide6.QtCore import QTimer

        QTimer.singleShot(int(STOP_WAIT_S * 1000), self.kill)

    def _request_stop(self) -> None:
        if not self.stopping:
            self.stopping = True
            self.send(Command.QUIT)
            self._outgoing.put(None)  # the writer's end

    def _finish(self, deadline: float) -> None:
        if self.process is not None and self.process.pid:
            self.process.join(max(deadline - time.monotonic(), 0.0))
            if self.process.is_alive():
                self.process.kill()
                self.process.join(STOP_WAIT_S)

    def _close(self, deadline: float) -> None:
        if self._writer is not None:
            self._writer.join(max(deadline - time.monotonic(), 0.0))
        self.thread.quit()
        self.thread.wait()
        if self._conn is not None:
            self._conn.close()
        _HOSTS.discard(self)

    # -- the host's threads ---------------------------------------------------------------------
    def _serve(self, deliver) -> None:
        if self.kind == "process":
            self._serve_process(deliver)
        else:
            self._serve_thread(deliver)

    def _serve_thread(self, deliver) -> None:
        from core.driver import Driver

        class Outgoing:
            def get(inner, timeout=None):
                item = self._outgoing.get(timeout=timeout) if timeout is None or timeout > 0 \
                    else self._outgoing.get_nowait()
                return (Command.QUIT, None) if item is None else item

        Driver(Outgoing(), lambda *message: deliver(message)).loop()

    def _serve_process(self, deliver) -> None:
        from core.entry import SERVE
        from gui.processes import context

        try:
            parent_end, child_end = context().Pipe()
            process = context().Process(target=SERVE, args=(child_end,), name="torch-classroom-run",
                                        daemon=True)
            process.start()  # may wait while the process server loads torch
            child_end.close()
        except Exception:
            if not self.stopping:
                deliver((LOST, "The run's process could not start.", traceback.format_exc()))
            return
        self.process, self._conn = process, parent_end
        self._writer = threading.Thread(target=self._write, name="run-writer", daemon=True)
        self._writer.start()
        try:
            while True:
                deliver(self._conn.recv())
        except (EOFError, OSError):
            if not self.stopping:
                deliver((LOST, "The run's process stopped unexpectedly.",
                         f"The process ended with exit code {process.exitcode}."))

    def _write(self) -> None:
        while True:
            item = self._outgoing.get()
            if item is None:
                return
            try:
                self._conn.send(item)
            except (OSError, ValueError):  # closed: the reader reports the lost process
                return


__all__ = ["RunHost", "LOST", "Message"]
