"""Throughput and responsiveness of a run through the window, against a bare loop.

Reference: sin-fit ``autograd``, N steps stepped in a plain loop in this process. Measured: the same
run through the tab's worker with the window open and redrawing, while a 5 ms QTimer on the GUI
thread records the gaps between its ticks.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np

STEPS = int(os.environ.get("BENCH_STEPS", "20000"))


def bare_loop_seconds(config) -> float:
    from core.registry import make_run

    run = make_run(config)
    started = time.perf_counter()
    while not run.done:
        run.step()
    return time.perf_counter() - started


def windowed_run(config):
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from core.devices import available_devices
    from gui.app import SWITCH_INTERVAL_S
    from gui.main_window import MainWindow
    from gui.theme import configure_pyqtgraph

    sys.setswitchinterval(SWITCH_INTERVAL_S)  # as the app runs
    configure_pyqtgraph()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(1500, 900)
    window.show()
    tab = next(t for t in window.lesson_tabs if t.lesson.key == config.lesson)
    window.tabs.setCurrentWidget(tab)
    tab.torch_ready(available_devices())
    tab.controls.load({"variant": config.variant, "steps": config.steps, "lr": config.lr,
                       "seed": config.seed})
    _wait(app, lambda: tab.snapshot is not None)
    gaps: list[float] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setInterval(5)

    def tick() -> None:
        if clock.isValid():
            gaps.append(clock.nsecsElapsed() / 1e6)
        clock.start()

    ticker.timeout.connect(tick)
    ticker.start()
    started = time.perf_counter()
    tab.toggle_play()
    _wait(app, lambda: tab.state == "finished" and tab.snapshot.step == config.steps)
    elapsed = time.perf_counter() - started
    ticker.stop()
    drawn = len(tab.view.loss_plot.column())
    window.close()
    return elapsed, np.array(gaps[1:]), drawn


def _wait(app, condition, timeout_s: float = 600) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the run did not finish")
        app.processEvents()
        time.sleep(0.0005)


def main() -> None:
    from core.config import build_config
    from core.registry import get_lesson
    from core.threads import configure_torch_threads

    configure_torch_threads()  # as the app and the CLI run, for the reference loop too
    config = build_config(get_lesson("sin-fit"), {"variant": "autograd", "steps": STEPS})
    bare_loop_seconds(config.replace(steps=500))  # warm-up
    reference = bare_loop_seconds(config)
    elapsed, gaps, drawn = windowed_run(config)
    print(f"platform: {os.environ.get('QT_QPA_PLATFORM', 'default')}, steps: {STEPS}")
    print(f"bare loop: {STEPS / reference:,.0f} steps/s; through the window: {STEPS / elapsed:,.0f} steps/s")
    print(f"throughput ratio (window / bare loop): {reference / elapsed:.2f}   goal >= 0.90")
    print(f"GUI 5 ms timer gaps: p99 {np.percentile(gaps, 99):.1f} ms, max {gaps.max():.1f} ms "
          f"over {len(gaps)} ticks   goal p99 <= 20, max <= 50")
    print(f"loss points drawn: {drawn} of {STEPS}")


if __name__ == "__main__":
    main()
