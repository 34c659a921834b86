"""Memory: proportional set size (PSS) of the window and of every process it started, after every
tab was visited and each lesson ran once. PSS shares each page among the processes that map it,
so the parts add up to what the app really holds (adding RSS would count shared torch pages once
per process)."""

from __future__ import annotations

import os

from benchmarks.window import open_window, wait

STEPS = 30


def pss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/smaps_rollup") as handle:
        for line in handle:
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    return 0.0


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            with open(f"/proc/{parent}/task/{parent}/children") as handle:
                children = [int(p) for p in handle.read().split()]
        except OSError:
            children = []
        found += children
        todo += children
    return found


def main() -> None:
    from core.protocol import RunState

    window = open_window()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        tab = window.current_tab()
        tab.activate()
        wait(lambda: tab.snapshot is not None or not tab.lesson.steps_through(tab.controls.variant), 120)
        if tab.lesson.steps_through(tab.controls.variant):
            tab.controls.load({"steps": STEPS, "speed": 0.0})
            tab.reset()
            wait(lambda: tab.state == RunState.IDLE and tab.snapshot is not None, 120)
            tab.toggle_play()
            wait(lambda: tab.state.over, 300)
    own = pss_mb(os.getpid())
    children = {pid: pss_mb(pid) for pid in descendants(os.getpid())}
    total = own + sum(children.values())
    print(f"after visiting {window.tabs.count()} tabs and running each lesson once:")
    print(f"  window process: {own:.0f} MB PSS   goal <= 250 MB")
    print(f"  its {len(children)} child processes (process server, resource tracker, one run "
          f"process per visited tab): {sum(children.values()):.0f} MB PSS")
    print(f"  each child: {', '.join(f'{mb:.0f}' for mb in sorted(children.values(), reverse=True))} MB")
    print(f"  total: {total:.0f} MB PSS   goal <= 500 MB")
    window.close()


if __name__ == "__main__":
    main()
