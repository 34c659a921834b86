"""Memory: proportional set size (PSS) of the window and of every process it started, after every
tab was visited and each lesson ran once. PSS shares each page among the processes that map it,
so the parts add up to what the app really holds (adding RSS would count shared torch pages once
per process).

Each process's line splits its PSS into its private pages (by where they lie: the heap, anonymous
mappings, files) and its share of pages it maps with others; a run process's private pages are
what it cost on top of the server it forked from. Other programs that map the same libraries
(a second Qt app, another torch process) lower the app's PSS, so the last line also counts each
page the app maps once, a figure that does not depend on them (it needs root).
"""

from __future__ import annotations

import os

from benchmarks.pages import distinct_mb
from benchmarks.smaps import Usage, usage
from benchmarks.window import open_window, wait

STEPS = 30


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


def roles(window) -> dict[int, str]:
    """Each child's part: the process server, the resource tracker, or the run process of a tab."""
    from gui.processes import server_pid

    named = {server_pid(): "process server"}
    for page in window.pages:
        host = page.tab.controller.host if page.tab is not None else None
        if host is not None and host.process is not None:
            named[host.process.pid] = f"run: {page.lesson.title}"
    for pid in descendants(os.getpid()):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                if b"resource_tracker" in handle.read():
                    named.setdefault(pid, "resource tracker")
        except OSError:
            pass
    return named


def line(name: str, use: Usage) -> str:
    where = ", ".join(f"{kind} {mb:.0f}" for kind, mb in sorted(use.private_by_kind.items(),
                                                                 key=lambda item: -item[1]) if mb >= 0.5)
    return (f"    {name:<28} PSS {use.pss_mb:4.0f}   private {use.private_mb:4.0f} ({where})   "
            f"shared share {use.shared_mb:4.0f}")


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
    own = usage(os.getpid())
    named = roles(window)
    children = {pid: usage(pid) for pid in descendants(os.getpid())}
    total = own.pss_mb + sum(use.pss_mb for use in children.values())
    print(f"after visiting {window.tabs.count()} tabs and running each lesson once (MB; private "
          f"pages are this process's alone, the shared share is its part of pages mapped by several):")
    print(f"  window process: {own.pss_mb:.0f} MB PSS   goal <= 250 MB")
    print(line("window", own))
    print(f"  its {len(children)} child processes: "
          f"{sum(use.pss_mb for use in children.values()):.0f} MB PSS")
    for pid, use in sorted(children.items(), key=lambda item: -item[1].pss_mb):
        print(line(named.get(pid, f"pid {pid}"), use))
    print(f"  total: {total:.0f} MB PSS   goal <= 500 MB")
    held = distinct_mb([os.getpid(), *children])
    if held is not None:  # PSS is lower while other programs map the same libraries
        print(f"  each page once, whatever else runs: {sum(held.values()):.0f} MB "
              f"({held['anonymous']:.0f} anonymous, {held['files']:.0f} of files such as libraries)")
    window.close()


if __name__ == "__main__":
    main()
