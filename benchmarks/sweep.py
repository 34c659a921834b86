"""Learning-rate sweeps: K = 32 learning rates trained as one batched run, against one run of the
same lesson timed in the same process (goal: at most 3x), for every lesson whose runs module has a
``sweep``; then the window's stalls while a sweep runs in the run process (same goals as a run).

Each lesson is measured on its first variant with a learning rate, at its default steps, over a
range centred on its default lr; ROUNDS alternating rounds, the median ratio is reported.
"""

from __future__ import annotations

import os
import statistics

COUNT = 32
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
STEPS = int(os.environ.get("BENCH_SWEEP_STEPS", "0"))  # 0: each lesson's default


def swept_lessons():
    """(lesson, config) for each registered lesson that can sweep its learning rate."""
    from core.config import build_config
    from core.registry import LESSONS, runs_module

    for lesson in LESSONS:
        trains = [v for v in lesson.variant_names if lesson.trains(v)]
        if not trains or not hasattr(runs_module(lesson), "sweep"):
            continue
        config = build_config(lesson, {"variant": trains[0]})
        if STEPS:
            config = config.with_values(steps=STEPS)
        yield lesson, config


def ratios(config) -> tuple[list[float], dict]:
    from core.cli.sweep import sweep_headless
    from core.sweep import SweepRequest

    request = SweepRequest.around(config.lr, COUNT)
    sweep_headless(config.with_values(steps=min(config.steps, 50)), request)  # warm-up
    found, output = [], {}
    for _ in range(ROUNDS):
        output = sweep_headless(config, request)
        found.append(output["elapsed_s"] / output["single_run_s"])
    return found, output


def window_stalls(config) -> str:
    """Gaps on the GUI thread while the tab's run process sweeps 32 lrs."""
    from benchmarks.window import GapRecorder, open_window, wait
    from core.protocol import RunState

    window = open_window()
    tab = window.show_lesson(config.lesson)
    wait(lambda: tab.snapshot is not None and tab.state == RunState.IDLE, 120)
    tab.controls.load({"variant": config.variant, "steps": max(config.steps, 20_000)})
    tab.reset()
    wait(lambda: tab.state == RunState.IDLE and tab.snapshot is not None, 120)
    panel = tab.compare.sweep
    panel.count.setValue(COUNT)
    panel.centre_on(config.lr)
    with GapRecorder() as gaps:
        tab.compare.start_sweep()
        wait(lambda: panel.progress_seen is not None and panel.progress_seen.done, 600)
    window.close()
    return gaps.summary()


def main() -> None:
    from core.threads import configure_torch_threads

    configure_torch_threads()  # as the app and the CLI run
    first = None
    for lesson, config in swept_lessons():
        found, output = ratios(config)
        first = first or config
        print(f"{lesson.key} / {config.variant}: {COUNT} lrs x {config.steps:,} steps in "
              f"{output['elapsed_s']:.2f} s, one run {output['single_run_s']:.2f} s: "
              f"ratio {statistics.median(found):.2f} (rounds {', '.join(f'{r:.2f}' for r in found)})"
              f"   goal <= 3")
    if first is not None:
        print(f"window while {first.lesson} sweeps {COUNT} lrs: {window_stalls(first)}")


if __name__ == "__main__":
    main()
