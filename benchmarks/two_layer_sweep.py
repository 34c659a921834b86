"""Two-layer net: a sweep of 32 learning rates against one run of the same lesson, in one process.

``python -m benchmarks.two_layer_sweep [--variant V] [--steps N] [--rounds R]``. Goal (issue 12): the
sweep takes at most 3x the time of one run. Rounds alternate the two, so both see the same load;
the figure is the median of the per-round ratios.
"""

from __future__ import annotations

import argparse
import statistics
import time

COUNT = 32
GOAL = 3.0


def measure(variant: str, steps: int, rounds: int) -> list[tuple[float, float]]:
    import torch

    from core.config import build_config
    from core.registry import get_lesson, make_run
    from core.sweep import SweepRequest, run_sweep
    from core.threads import configure_torch_threads

    configure_torch_threads()  # one torch thread, as the window and the CLI run
    config = build_config(get_lesson("two-layer-net"), {"variant": variant, "steps": steps})
    request = SweepRequest.around(config.lr, count=COUNT)
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        run = make_run(config)
        while not run.done:
            run.step()
        single = time.perf_counter() - started
        started = time.perf_counter()
        run_sweep(config, request, torch.device("cpu"))
        timings.append((single, time.perf_counter() - started))
    return timings


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", default="manual", choices=("manual", "autograd"))
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    timings = measure(args.variant, args.steps, args.rounds)
    ratios = [sweep / single for single, sweep in timings]
    ratio = statistics.median(ratios)
    single = statistics.median(s for s, _ in timings)
    sweep = statistics.median(s for _, s in timings)
    print(f"two-layer net / {args.variant}, {args.steps} steps: one run {single:.2f} s, "
          f"{COUNT} learning rates at once {sweep:.2f} s")
    print(f"sweep{COUNT} / one run: median {ratio:.2f} over {args.rounds} rounds "
          f"({', '.join(f'{r:.2f}' for r in ratios)}); goal <= {GOAL:g}")
    return ratio


if __name__ == "__main__":
    main()
