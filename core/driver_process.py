"""A run in a process of its own: the window's interpreter (and its GIL) stays free for drawing.

In one process, the GUI thread's painting and the run's Python took turns on the GIL and the app
never used more than one core: through the window a run went at about half the speed of a bare
loop. Here the run gets a core and the window another. The host (gui/worker.py) starts ``serve``
and talks to it over a pipe.

Importing this module loads torch and every lesson's runs, so that a forkserver that preloads it
forks ready-made children in milliseconds that share those pages.
"""

from __future__ import annotations

import importlib
import pickle
import queue
from typing import Any

import torch  # noqa: F401  (preloaded for the children)

from core.driver import Driver
from core.registry import LESSONS

for _lesson in LESSONS:
    importlib.import_module(_lesson.runner)


class PipeCommands:
    def __init__(self, conn) -> None:
        self._conn = conn

    def get(self, timeout: float | None = None) -> tuple[str, Any]:
        if timeout is not None and not self._conn.poll(max(timeout, 0.0)):
            raise queue.Empty
        return self._conn.recv()


def serve(conn) -> None:
    """The child's main: drive runs for one tab until told to quit or the window goes away."""
    from core.threads import configure_torch_threads

    configure_torch_threads()

    def emit(kind: str, *args: Any) -> None:
        if kind == "namespace":
            args = (picklable(args[0]),)
        conn.send((kind, *args))

    try:
        Driver(PipeCommands(conn), emit).loop()
    except (BrokenPipeError, EOFError, OSError):
        pass  # the window closed the pipe: nothing left to tell
    finally:
        conn.close()


def ready() -> None:
    """Does nothing: starting it makes the process server load everything above."""


def picklable(names: dict[str, Any]) -> dict[str, Any]:
    """The console names that can cross to the window (a cell may leave a lambda or a generator)."""
    kept = {}
    for name, value in names.items():
        try:
            pickle.dumps(value)
        except Exception:
            continue
        kept[name] = value
    return kept
