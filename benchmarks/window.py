"""Shared by the window benchmarks: a main window in this process, with its process server ready,
settings kept out of the user's own store, and the event loop run until a condition holds."""

from __future__ import annotations

import sys
import tempfile
import time


def app():
    """The QApplication, named as the app names it, with settings in a temporary folder."""
    import os

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from gui.app import prepare_process
    from gui.theme import configure_pyqtgraph

    prepare_process()  # as the app starts
    QCoreApplication.setOrganizationName("Torch Classroom Benchmarks")
    QCoreApplication.setApplicationName("Torch Classroom Benchmarks")
    os.environ.setdefault("TORCH_CLASSROOM_SETTINGS", tempfile.mkdtemp(prefix="torch-classroom-bench-"))
    from gui.settings import configure

    configure()  # this process and the app processes it starts keep out of the user's store
    configure_pyqtgraph()
    return QApplication.instance() or QApplication(sys.argv[:1])


def bare_loop_seconds(config) -> float:
    """The reference: the same run stepped in a plain loop in this process, no window."""
    from core.registry import make_run

    run = make_run(config)
    started = time.perf_counter()
    while not run.done:
        run.step()
    return time.perf_counter() - started


def open_window(size=(1500, 900)):
    from gui import source_lines
    from gui.main_window import MainWindow

    app()
    window = MainWindow()
    source_lines.install(window)  # as the app does
    window.resize(*size)
    window.show()
    window.start_server()
    wait(lambda: window.devices is not None, 120)
    return window


def settle(tab, quiet_s: float = 0.3) -> None:
    """Until ``tab`` shows its run and has painted itself, then a moment more: a recording that
    starts now measures the run, not the tab's first paint (start-up and switching measure that)."""
    wait(lambda: tab.snapshot is not None and tab.staged_paint.waiting == 0, 120)
    until = time.monotonic() + quiet_s
    wait(lambda: time.monotonic() > until, quiet_s + 5)


def wait(condition, timeout_s: float = 600) -> None:
    """Run the event loop, as the app does (asleep between events), until ``condition`` holds."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    deadline = time.monotonic() + timeout_s
    check = QTimer()
    check.setInterval(20)

    def poll() -> None:
        if condition() or time.monotonic() > deadline:
            loop.quit()

    check.timeout.connect(poll)
    check.start()
    if not condition():
        loop.exec()
    check.stop()
    if not condition():
        raise TimeoutError("the condition never held")


class GapRecorder:
    """Gaps between the ticks of a 5 ms timer on the GUI thread: how long the window stalls."""

    def __init__(self) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self.gaps: list[float] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        if self._clock.isValid():
            self.gaps.append(self._clock.nsecsElapsed() / 1e6)
        self._clock.start()

    def __enter__(self) -> GapRecorder:
        self._clock.invalidate()  # a recorder reused across rounds must not count the pause between them
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.stop()

    def summary(self) -> str:
        import numpy as np

        gaps = np.array(self.gaps or [0.0])
        return (f"p99 {np.percentile(gaps, 99):.1f} ms, max {gaps.max():.1f} ms over {len(gaps)} "
                f"ticks   goal p99 <= 20, max <= 50")
