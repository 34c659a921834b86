"""``python -m core run LESSON [flags] [--json]``: drive a run to its end in a plain loop."""

from __future__ import annotations

import json
import math
import sys
import time
from typing import Any

from core.cli.common import (
    EXIT_DIVERGED, config_from, fail, finite_or_none, lesson_from, lesson_parser,
)
from core.config import Config
from core.errors import ConfigError


class RunFailed(Exception):
    """The run raised (a shape error, say): reported on one line, exit 1."""


def cmd_run(argv: list[str]) -> int:
    if argv and argv[0] == "--setup":
        from core.cli.setup_run import config_from_setup_args

        config, as_json = config_from_setup_args(argv[1:])
    else:
        lesson, rest = lesson_from(argv, "run")
        parser = lesson_parser(lesson)
        parser.add_argument("--json", action="store_true", help="Print one JSON object and nothing else.")
        args = vars(parser.parse_args(rest))
        as_json = args.pop("json")
        config = config_from(lesson, args)
    try:
        output = run_headless(config, progress=not as_json)
    except ConfigError as error:
        fail(str(error))
    except RunFailed as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_DIVERGED
    if as_json:
        print(json.dumps(plain(output), allow_nan=False))
    else:
        print_summary(output)
    if output["diverged_at_step"] is not None:
        print(divergence_line(config, output["diverged_at_step"]), file=sys.stderr)
        return EXIT_DIVERGED
    return 0


def run_headless(config: Config, *, progress: bool) -> dict[str, Any]:
    """Drive a run to its end (or divergence) in a plain loop; return the JSON object."""
    from core.registry import make_run
    from core.threads import configure_torch_threads

    configure_torch_threads()
    try:
        run = make_run(config)
    except ConfigError:
        raise
    except Exception as error:
        raise RunFailed(f"the run could not start: {type(error).__name__}: {_one_line(error)}") from None
    report_every = max(1, config.steps // 20)
    started = last_report = time.perf_counter()
    while not run.done:
        try:
            run.step()
        except Exception as error:
            raise RunFailed(f"step {run.step_count + 1} failed: {type(error).__name__}: "
                            f"{_one_line(error)}") from None
        # A twentieth of the run, or a second without news, whichever comes first.
        now = time.perf_counter() if progress else 0.0
        if progress and (run.step_count % report_every == 0 or run.done or now - last_report >= 1.0):
            last_report = now
            loss = f"  loss {run.loss:.6g}" if math.isfinite(run.loss) else ""
            total = f"/{config.steps}" if "steps" in config.values else ""
            print(f"  step {run.step_count:>8}{total}{loss}", file=sys.stderr)
    elapsed = time.perf_counter() - started
    output = {
        "lesson": config.lesson, "variant": config.variant, "device": str(run.device),
        "seed": config.seed, "steps": run.step_count, "lr": config.lr,
        "final_loss": finite_or_none(run.loss), "elapsed_s": round(elapsed, 6),
        "steps_per_s": run.step_count / elapsed if elapsed else None,
        "diverged_at_step": run.diverged_at, "result": run.result(),
    }
    for name in ("lr", "seed"):  # a knob the variant does not use is not reported as if it were
        if name not in config.values:
            del output[name]
    return output


def divergence_line(config: Config, step: int) -> str:
    from core.advice import safe_lr

    line = f"error: the loss became inf/NaN at step {step} with --lr {config.lr:g}"
    advised = safe_lr(config)
    if advised is None:
        return line + "; try a smaller --lr (none down to 1e-08 stayed finite)"
    return line + f"; try a smaller --lr: {advised:g} stays finite for all {config.steps} steps"


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def print_summary(output: dict[str, Any]) -> None:
    where = f" on {output['device']}" + (f", seed {output['seed']}" if "seed" in output else "")
    print(f"{output['lesson']} / {output['variant']}{where}: "
          f"{output['steps']} steps in {output['elapsed_s']:.2f} s "
          f"({output['steps_per_s'] or 0:.0f} steps/s)")
    if output["final_loss"] is not None:
        print(f"final loss {output['final_loss']:.6g}")
    for key, value in output["result"].items():
        if isinstance(value, list) and value and all(isinstance(v, dict) and "title" in v for v in value):
            for item in value:  # a list of named parts (cells): one line each
                mark = "ok" if item.get("ok", True) else "FAILED"
                print(f"  {mark:<6} {item['title']}")
        elif not isinstance(value, (list, dict)) or len(str(value)) < 100:
            print(f"{key}: {value}")


def plain(value: Any) -> Any:
    """Plain JSON values: numpy scalars and arrays become lists, NaN and inf become null."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
