"""The process server that run processes fork from, and its orderly end.

Run processes fork from a server that has torch and every lesson loaded (core.run_server), so a
tab's run process starts in milliseconds and shares those pages. Where the platform has no
forkserver, each run process is spawned instead (slower to start, same behaviour).
"""

from __future__ import annotations

import multiprocessing
import os
import signal

_CONTEXT = None


def context():
    global _CONTEXT
    if _CONTEXT is None:
        if "forkserver" in multiprocessing.get_all_start_methods():
            _CONTEXT = multiprocessing.get_context("forkserver")
            _CONTEXT.set_forkserver_preload(["core.run_server"])
        else:
            _CONTEXT = multiprocessing.get_context("spawn")
    return _CONTEXT


def stop_server() -> None:
    """End the process server and the resource tracker now, not when the interpreter exits.

    The server may still be importing torch (a quit during start-up): it is killed rather than
    asked, so quitting never waits for the import.
    """
    from multiprocessing import forkserver, resource_tracker

    server = forkserver._forkserver
    pid = getattr(server, "_forkserver_pid", None)
    if pid is not None:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            server._stop()
        except (OSError, ChildProcessError):
            server._forkserver_pid = None
    tracker = resource_tracker._resource_tracker
    if getattr(tracker, "_fd", None) is not None and getattr(tracker, "_pid", None) is not None:
        try:
            tracker._stop()
        except (OSError, ChildProcessError):
            pass


def server_pid() -> int | None:
    from multiprocessing import forkserver

    return getattr(forkserver._forkserver, "_forkserver_pid", None)
