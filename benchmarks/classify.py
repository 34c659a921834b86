"""Classify: the issue's figures at full size (seed 0 unless said), and the lesson's throughput
through the window against a bare loop.

Figures: the same runs as ``python -m core run classify ...`` (spiral, 3 arms of 1000 points; XOR
with 250 points per class and no noise). Throughput: the two-layer net on the default spiral,
stepped in a plain loop in this process, then through the open, redrawing window at full speed,
where the run process also computes the decision regions and the hidden view for every frame the
window asks for. The two alternate ROUNDS times, each windowed round against the mean of the bare
loops just before and just after it (the machine's speed drifts between rounds); the median ratio
is reported.

    python -m benchmarks.classify            (under xvfb-run for a real window)
"""

from __future__ import annotations

import os
import statistics
import time

from benchmarks.window import bare_loop_seconds

STEPS = int(os.environ.get("BENCH_STEPS", "3000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))

XOR = {"dataset": "xor", "points": 250, "noise": 0.0, "lr": 1e-2, "weight_decay": 0.0,
       "steps": 2000}
FIGURES = (
    # (what, values, low, high): the train accuracy's goal
    ("spiral, linear, Adam 1e-3, 1000 steps", {"variant": "linear"}, 0.45, 0.60),
    ("spiral, 100 ReLU, Adam 1e-3, wd 1e-5, 1000 steps", {"variant": "two-layer"}, 0.93, 1.0),
    *((f"XOR, linear, Adam 1e-2, 2000 steps, seed {seed}",
       {"variant": "linear", "seed": seed, **XOR}, 0.25, 0.75) for seed in (0, 1, 2)),
    # "on most seeds": the plain loop stalled on seed 1 too (0.845)
    *((f"XOR, 8 ReLU, Adam 1e-2, 2000 steps, seed {seed}",
       {"variant": "two-layer", "hidden": 8, "seed": seed, **XOR}, 0.95 if seed != 1 else 0.0, 1.0)
      for seed in (0, 1, 2)),
)


def figures() -> None:
    from core.config import build_config
    from core.registry import get_lesson, make_run

    lesson = get_lesson("classify")
    for what, values, low, high in FIGURES:
        run = make_run(build_config(lesson, values))
        started = time.perf_counter()
        while not run.done:
            run.step()
        result = run.result()
        value = result["train_accuracy"]
        verdict = "ok" if low <= value <= high else "OUT OF RANGE"
        print(f"  {what}: train accuracy {value:.3f} (test {result['test_accuracy']:.3f}, loss "
              f"{run.loss:.3f})   goal {low:g}..{high:g}: {verdict}   "
              f"[{time.perf_counter() - started:.1f} s]")


def windowed_seconds(window, config) -> tuple[float, int]:
    from benchmarks.window import wait

    tab = window.show_lesson("classify")
    wait(lambda: tab.snapshot is not None, 120)
    tab.controls.load({**config.values, "variant": config.variant, "speed": 0.0})
    tab.reset()
    wait(lambda: tab.state == "idle" and tab.snapshot is not None and tab.snapshot.step == 0)
    drawn = []
    tab.progressed.connect(lambda: drawn.append(tab.snapshot.step))
    started = time.perf_counter()
    tab.toggle_play()
    wait(lambda: tab.state == "finished" and tab.snapshot.step == config.steps)
    elapsed = time.perf_counter() - started
    tab.progressed.disconnect()
    return elapsed, len(drawn)


def throughput() -> None:
    from benchmarks.window import open_window
    from core.config import build_config
    from core.registry import get_lesson

    config = build_config(get_lesson("classify"), {"variant": "two-layer", "steps": STEPS})
    bare_loop_seconds(config.with_values(steps=100))  # warm-up
    window = open_window()
    ratios = []
    try:
        before = bare_loop_seconds(config)
        for _ in range(ROUNDS):
            elapsed, drawn = windowed_seconds(window, config)
            after = bare_loop_seconds(config)
            reference, before = (before + after) / 2, after
            ratios.append(reference / elapsed)
            print(f"  bare loop {STEPS / reference:,.0f} steps/s, through the window "
                  f"{STEPS / elapsed:,.0f} steps/s: ratio {ratios[-1]:.2f} ({drawn} frames drawn)")
    finally:
        window.close()
    print(f"classify two-layer, {STEPS} steps, {ROUNDS} rounds: throughput ratio (window / bare "
          f"loop), median {statistics.median(ratios):.2f}   goal >= 0.90")


def main() -> None:
    from core.threads import configure_torch_threads

    configure_torch_threads()  # as the app and the CLI run
    print("== classify: the figures")
    figures()
    print("\n== classify: throughput through the window")
    throughput()


if __name__ == "__main__":  # run children re-import the main module: do nothing there
    main()
