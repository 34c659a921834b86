"""``python -m core sweep LESSON [flags] --lr-min A --lr-max B --count K [--json]``.

K learning rates trained at once as one batched run; beside it, one single run of the same lesson
timed in the same process, so the two times compare on a noisy machine.
"""

from __future__ import annotations

import json
import math
import sys
import time

from core.cli.common import config_from, fail, lesson_from, lesson_parser
from core.cli.run import plain
from core.errors import ConfigError
from core.sweep import DEFAULT_COUNT, SweepRequest


def cmd_sweep(argv: list[str]) -> int:
    lesson, rest = lesson_from(argv, "sweep")
    parser = lesson_parser(lesson, "sweep")
    parser.add_argument("--lr-min", help="The lowest learning rate (default: the lr / 10).")
    parser.add_argument("--lr-max", help="The highest learning rate (default: the lr × 10).")
    parser.add_argument("--count", help=f"How many learning rates, log-spaced (default {DEFAULT_COUNT}).")
    parser.add_argument("--json", action="store_true", help="Print one JSON object and nothing else.")
    args = vars(parser.parse_args(rest))
    as_json = args.pop("json")
    texts = {name: args.pop(name) for name in ("lr_min", "lr_max", "count")}
    config = config_from(lesson, args)
    if not lesson.trains(config.variant):
        fail(f"{lesson.key} / {config.variant} has no learning rate to sweep")
    request = _request(texts, config.lr)
    output = sweep_headless(config, request)
    if as_json:
        print(json.dumps(plain(output), allow_nan=False))
    else:
        _print_table(output)
    return 0


def _request(texts: dict[str, str | None], lr: float) -> SweepRequest:
    around = SweepRequest.around(lr)
    try:
        low = _number(texts["lr_min"], "--lr-min", around.lr_min)
        high = _number(texts["lr_max"], "--lr-max", around.lr_max)
        count = _number(texts["count"], "--count", DEFAULT_COUNT)
        if count != int(count):
            raise ConfigError(f"--count must be a whole number, got {count:g}")
        return SweepRequest(low, high, int(count)).checked()
    except ConfigError as error:
        fail(str(error))


def _number(text: str | None, flag: str, default: float) -> float:
    if text is None:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ConfigError(f"{flag} must be a number, got {text!r}") from None
    if not math.isfinite(value):
        raise ConfigError(f"{flag} must be a finite number, got {text}")
    return value


def sweep_headless(config, request: SweepRequest) -> dict:
    from core.devices import resolve_device
    from core.registry import make_run
    from core.sweep import run_sweep
    from core.threads import configure_torch_threads

    configure_torch_threads()
    try:
        device = resolve_device(config.device)
        started = time.perf_counter()
        job = run_sweep(config, request, device)
        elapsed = time.perf_counter() - started
        single = make_run(config.with_values(lr=float(math.sqrt(request.lr_min * request.lr_max))))
    except ConfigError as error:
        fail(str(error))
    started = time.perf_counter()
    while not single.done:
        single.step()
    single_s = time.perf_counter() - started
    final = job.final_loss()
    return {
        "lesson": config.lesson, "variant": config.variant, "steps": config.steps,
        "lrs": job.lrs, "final_loss": [None if math.isnan(v) else v for v in final.tolist()],
        "diverged_at": [int(s) if s else None for s in job.diverged_at],
        "best_lr": _best(job), "elapsed_s": round(elapsed, 6), "single_run_s": round(single_s, 6),
    }


def _best(job) -> float | None:
    from core.sweep import best_lr

    return best_lr(job.lrs, job.final_loss(), job.diverged_at)


def _print_table(output: dict) -> None:
    print(f"{output['lesson']} / {output['variant']}: {len(output['lrs'])} learning rates, "
          f"{output['steps']} steps in {output['elapsed_s']:.2f} s "
          f"(one run: {output['single_run_s']:.2f} s)")
    for lr, loss, diverged in zip(output["lrs"], output["final_loss"], output["diverged_at"]):
        text = f"diverged at step {diverged}" if diverged else f"final loss {loss:.6g}"
        print(f"  lr {lr:<10.3g} {text}")
    best = output["best_lr"]
    print(f"best lr: {best:.3g}" if best is not None else "every learning rate diverged",
          file=sys.stdout)
