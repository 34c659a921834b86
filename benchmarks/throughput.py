"""Throughput and responsiveness of a run through the window, against a bare loop.

Reference: sin-fit ``autograd``, N steps stepped in a plain loop in this process. Measured: the same
run through the tab's worker with the window open and redrawing, while a 5 ms QTimer on the GUI
thread records the gaps between its ticks. The two alternate ROUNDS times and the median ratio is
reported, because these machines are noisy.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

import numpy as np

STEPS = int(os.environ.get("BENCH_STEPS", "20000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))


def bare_loop_seconds(config) -> float:
    from core.registry import make_run

    run = make_run(config)
    started = time.perf_counter()
    while not run.done:
        run.step()
    return time.perf_counter() - started


class WindowedRun:
    """The main window on the run's tab, reused for every round."""

    def __init__(self, config) -> None:
        from PySide6.QtWidgets import QApplication

        from core.devices import available_devices
        from gui.app import SWITCH_INTERVAL_S
        from gui.main_window import MainWindow
        from gui.theme import configure_pyqtgraph

        sys.setswitchinterval(SWITCH_INTERVAL_S)  # as the app runs
        configure_pyqtgraph()
        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        self.config = config
        self.window = MainWindow()
        self.window.resize(1500, 900)
        self.window.show()
        self.tab = self.window.show_lesson(config.lesson)
        self.tab.torch_ready(available_devices())

    def run(self) -> tuple[float, np.ndarray, int]:
        from PySide6.QtCore import QElapsedTimer, QTimer

        tab, config = self.tab, self.config
        tab.controls.load({"variant": config.variant, "steps": config.steps, "lr": config.lr,
                           "seed": config.seed})
        tab.reset()
        _wait(lambda: tab.snapshot is not None and tab.state == "idle")
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
        _wait(lambda: tab.state == "finished" and tab.snapshot.step == config.steps)
        elapsed = time.perf_counter() - started
        ticker.stop()
        return elapsed, np.array(gaps[1:]), len(tab.view.loss_plot.column())

    def close(self) -> None:
        self.window.close()


def _wait(condition, timeout_s: float = 600) -> None:
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
        raise TimeoutError("the run did not finish")


def main() -> None:
    from core.config import build_config
    from core.registry import get_lesson
    from core.threads import configure_torch_threads

    configure_torch_threads()  # as the app and the CLI run, for the reference loop too
    config = build_config(get_lesson("sin-fit"), {"variant": "autograd", "steps": STEPS})
    bare_loop_seconds(config.with_values(steps=500))  # warm-up
    windowed = WindowedRun(config)
    ratios, all_gaps, drawn = [], [], 0
    for _ in range(ROUNDS):
        reference = bare_loop_seconds(config)
        elapsed, gaps, drawn = windowed.run()
        ratios.append(reference / elapsed)
        all_gaps.append(gaps)
        print(f"  bare loop {STEPS / reference:,.0f} steps/s, through the window "
              f"{STEPS / elapsed:,.0f} steps/s: ratio {ratios[-1]:.2f}")
    windowed.close()
    gaps = np.concatenate(all_gaps)
    print(f"platform: {os.environ.get('QT_QPA_PLATFORM', 'default')}, worker: {windowed.tab.handle.kind if windowed.tab.handle else 'process'}, "
          f"steps: {STEPS}, rounds: {ROUNDS}")
    print(f"throughput ratio (window / bare loop), median: {statistics.median(ratios):.2f}   goal >= 0.90")
    print(f"GUI 5 ms timer gaps: p99 {np.percentile(gaps, 99):.1f} ms, max {gaps.max():.1f} ms "
          f"over {len(gaps)} ticks   goal p99 <= 20, max <= 50")
    print(f"loss points drawn in the last round: {drawn} of {STEPS}")


if __name__ == "__main__":
    main()
