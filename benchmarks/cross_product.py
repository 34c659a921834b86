"""Cross product by dimension: what choosing n alone does, for seeds 0-4.

Each run uses only ``--variant V --dim n --seed s`` (every other value is the default that n
brings), exactly as ``python -m core run cross-product --variant principles --dim 7`` does. The
claim the lesson makes: n = 3 and n = 7 reach a residual below 1e-6, n = 4, 5, 6 and 8 stay above
1e-3 with the same budget. Exits 1 when a row breaks it.

    python -m benchmarks.cross_product [--variants principles,layer] [--dims 3,4,5,6,7,8] [--seeds 5]
"""

from __future__ import annotations

import argparse
import sys
import time

FOUND, STALLED = 1e-6, 1e-3


def residuals(variant: str, dim: int, seeds: int) -> tuple[list[float], float, int, float]:
    from core.config import build_config
    from core.registry import get_lesson, make_run

    found, lr, steps, started = [], 0.0, 0, time.perf_counter()
    for seed in range(seeds):
        config = build_config(get_lesson("cross-product"), {"variant": variant, "dim": dim,
                                                            "seed": seed})
        run = make_run(config)
        while not run.done:
            run.step()
        found.append(run.result()["residual"])
        lr, steps = config.lr, config.steps
    return found, lr, steps, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default="principles,layer")
    parser.add_argument("--dims", default="3,4,5,6,7,8")
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args(argv)
    from core.threads import configure_torch_threads

    configure_torch_threads()
    broken = 0
    print(f"{'variant':<11} {'n':>2} {'lr':>6} {'steps':>6}  residual per seed"
          f"{'':<34} verdict")
    for variant in args.variants.split(","):
        for dim in (int(d) for d in args.dims.split(",")):
            found, lr, steps, seconds = residuals(variant, dim, args.seeds)
            exists = dim in (3, 7)
            ok = max(found) < FOUND if exists else min(found) > STALLED
            broken += not ok
            verdict = ("found" if exists else "stalled") if ok else "BROKEN"
            cells = " ".join(f"{r:8.1e}" for r in found)
            print(f"{variant:<11} {dim:>2} {lr:>6g} {steps:>6}  {cells:<50} {verdict} "
                  f"({seconds:.0f} s)", flush=True)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
