"""A run in a process of its own: the window's interpreter (and its GIL) stays free for drawing.

In one process, the GUI thread's painting and the run's Python took turns on the GIL and the app
never used more than one core. Here the run gets a core and the window another, and the window
never imports torch. The host (gui/run_host.py) starts ``serve`` and talks to it over a pipe.

Importing this module loads torch and every lesson's runs, so that a process server that preloads
it (core.run_server) forks ready-made children in milliseconds that share those pages.
"""

from __future__ import annotations

import importlib
import os
import pickle
import queue
import signal
import threading
import time
from typing import Any

import torch  # noqa: F401  (preloaded for the children)

from core import interrupt
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


# The lowest priority: Linux's scheduler weighs a nice-10 process at about a tenth of the window's,
# a nice-19 one at about a seventieth, so four runs at full speed wait more for the window and the
# X server (tab switches with four runs going, six rounds each: p99 18.9-22.0 -> 15.6-21.4 ms).
RUN_NICENESS = 19


def yield_to_the_window() -> None:
    """A run takes whatever CPU is free, but never a core the window needs to paint: with
    several runs at full speed on two cores, the window would otherwise get a third of one.
    ``TORCH_CLASSROOM_RUN_NICENESS`` overrides it (the tests, whose two workers keep both cores
    busy, set 0 so that runs they wait for are not starved)."""
    try:
        os.nice(int(os.environ.get("TORCH_CLASSROOM_RUN_NICENESS", RUN_NICENESS)))
    except (AttributeError, OSError, ValueError):  # no os.nice (Windows), or not allowed: run as before
        pass


def serve(conn) -> None:
    """The child's main: drive runs for one tab until told to quit or the window goes away."""
    from core.threads import configure_torch_threads

    die_with_parent()
    interrupt.install()
    configure_torch_threads()
    yield_to_the_window()

    def emit(kind, *args: Any) -> None:
        conn.send((kind, *args))

    try:
        Driver(PipeCommands(conn), emit).loop()
    except (BrokenPipeError, EOFError, OSError):
        pass  # the window closed the pipe: nothing left to tell
    finally:
        conn.close()


def probe(conn) -> None:
    """Tell the window torch's version and the devices it sees (the window never imports torch)."""
    from core.devices import available_devices

    die_with_parent()
    conn.send((str(torch.__version__), available_devices()))
    conn.close()


def die_with_parent() -> None:
    """End this process when the process server (and so the window) is gone, even if user code
    never returns to read the pipe: Linux's parent-death signal, else a watchdog thread."""
    parent = os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0:  # PR_SET_PDEATHSIG
            if os.getppid() != parent:  # the parent died before the call
                os._exit(0)
            return
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def picklable(names: dict[str, Any]) -> dict[str, Any]:
    """The values that can cross to another process (a cell may leave a lambda or a generator)."""
    kept = {}
    for name, value in names.items():
        try:
            pickle.dumps(value)
        except Exception:
            continue
        kept[name] = value
    return kept
