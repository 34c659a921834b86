"""Stalls: how long the GUI thread goes without an event-loop turn while a teacher switches tabs
with runs going in four of them, and while Start / Pause / Reset / Step are pressed as fast as keys
can be (5 ms timer gaps on the GUI thread; goal p99 <= 20 ms, max <= 50 ms).

"As fast as keys can be": a key held down, which X repeats 25 times a second by default (every
40 ms) — faster than a hand presses, and every press lands while the last one's drawing is fresh.
"""

from __future__ import annotations

import os

from benchmarks.window import GapRecorder, open_window, wait

SWITCHES = 200
SPAM = 200
EVERY_MS = int(os.environ.get("BENCH_PRESS_EVERY_MS", "40"))  # X's default key repeat: 25 a second


def start_runs(window, count: int = 4) -> list:
    from core.protocol import RunState

    going = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        tab = window.current_tab()
        tab.activate()
        if not tab.lesson.steps_through(tab.controls.variant):
            continue
        wait(lambda: tab.snapshot is not None, 120)
        tab.controls.load({"steps": 1_000_000, "speed": 0.0})
        tab.reset()
        wait(lambda: tab.state == RunState.IDLE, 120)
        tab.toggle_play()
        going.append(tab)
        if len(going) == count:
            break
    return going


def build_every_tab(window) -> list[float]:
    """Build the tabs the window has not built yet and lay them out (as the window does in the
    background while no run plays, or a first visit does), in ms each.

    The window builds them in the background only while nothing runs, so with runs going a
    first visit pays this once; the switches measured below are between tabs already built."""
    import time

    costs = []
    for page in window.pages:
        if page.tab is None:
            started = time.perf_counter()
            page.ensure()
            page.lay_out_unseen()  # as the turn after a build in the background does
            costs.append((time.perf_counter() - started) * 1000)
    return costs


def main() -> None:
    from PySide6.QtCore import QTimer

    window = open_window()
    going = start_runs(window)
    built = build_every_tab(window)
    if built:
        print(f"first visit to a tab not built yet (once per tab): building it took "
              f"{', '.join(f'{ms:.0f}' for ms in built)} ms")
    count = window.tabs.count()
    with GapRecorder() as switching:
        done = []

        def switch() -> None:
            window.tabs.setCurrentIndex(len(done) % count)
            done.append(1)
            if len(done) < SWITCHES:
                QTimer.singleShot(EVERY_MS, switch)

        switch()
        wait(lambda: len(done) >= SWITCHES, 120)
    print(f"{SWITCHES} tab switches, one every {EVERY_MS} ms, with {len(going)} runs going: "
          f"{switching.summary()}")
    tab = going[0]
    window.tabs.setCurrentWidget(tab.parentWidget())
    actions = (tab.toggle_play, tab.toggle_play, tab.reset, tab.step_once)
    with GapRecorder() as spamming:
        done = []

        def press() -> None:
            actions[len(done) % len(actions)]()
            done.append(1)
            if len(done) < SPAM:
                QTimer.singleShot(EVERY_MS, press)

        press()
        wait(lambda: len(done) >= SPAM, 120)
    print(f"{SPAM} Start / Pause / Reset / Step presses, one every {EVERY_MS} ms: {spamming.summary()}")
    window.close()


if __name__ == "__main__":
    main()
