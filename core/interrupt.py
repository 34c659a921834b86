"""Stopping user code (a cell, a console line) inside a run process without ending the process.

The window sends SIGUSR1; while user code runs (inside ``interruptible()``), the handler raises
``Interrupted`` in it, between two Python lines. Outside that window the signal is ignored, so it
can never land in the middle of reading a command from the pipe. Code stuck in one long C call
does not see it: the window then ends the process and starts a new one.

SIGINT (Ctrl+C in the terminal reaches the whole process group) is ignored here: the window
handles it and ends its run processes in order.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

_armed = False


class Interrupted(BaseException):
    """Stop was pressed while user code ran (a BaseException, so ``except Exception`` in the
    user's code cannot swallow it)."""


def install() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGUSR1, _on_signal)


def _on_signal(signum, frame) -> None:
    if _armed:
        raise Interrupted("stopped")


@contextmanager
def interruptible() -> Iterator[None]:
    global _armed
    _armed = True
    try:
        yield
    finally:
        _armed = False
