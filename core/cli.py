"""Headless command line: ``python -m core list`` and ``python -m core run LESSON [flags] [--json]``.

Flags come from the lesson's parameter declarations. A bad value exits 2 with one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from typing import Any, NoReturn

from core.config import Config, build_config
from core.errors import ConfigError
from core.lesson import Lesson
from core.registry import LESSONS, get_lesson, lesson_keys

EXIT_BAD_VALUE = 2
EXIT_DIVERGED = 1


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line (no usage dump) and exit status 2."""

    def error(self, message: str) -> NoReturn:
        fail(message)


def fail(message: str) -> NoReturn:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(EXIT_BAD_VALUE)


def lesson_parser(lesson: Lesson) -> argparse.ArgumentParser:
    parser = _Parser(prog=f"python -m core run {lesson.key}", description=lesson.summary)
    for param in lesson.all_params():
        if not param.cli:
            continue
        help_text = param.help
        if param.kind == "choice":
            help_text += f" One of: {', '.join(c for c in param.choices if c)}."
        if param.variants is not None:
            help_text += f" (variant {', '.join(param.variants)} only)"
        parser.add_argument(param.flag, dest=param.name, metavar=param.kind.upper(), help=help_text)
    if lesson.preset_param is not None:
        parser.add_argument("--preset", default="", help=lesson.preset_param.help)
    parser.add_argument("--json", action="store_true", help="Print one JSON object and nothing else.")
    return parser


def parse_config(lesson: Lesson, argv: list[str]) -> tuple[Config, bool]:
    args = vars(lesson_parser(lesson).parse_args(argv))
    as_json = args.pop("json")
    preset = args.pop("preset", "") or ""
    flags = {p.name: p.flag for p in lesson.all_params()}
    flags["preset"] = "--preset"
    values: dict[str, Any] = {}
    for name, text in args.items():
        if text is None:
            continue
        param = lesson.param(name)
        values[name] = text if name == "variant" else param.parse(text, flags[name])
    return build_config(lesson, values, preset=preset, subject=flags), as_json


def run_headless(config: Config, *, progress: bool) -> dict[str, Any]:
    """Drive a run to its end (or divergence) in a plain loop; return the JSON object."""
    from core.registry import make_run
    from core.threads import configure_torch_threads

    configure_torch_threads()
    run = make_run(config)
    report_every = max(1, config.steps // 20)
    started = time.perf_counter()
    while not run.done:
        run.step()
        if progress and (run.step_count % report_every == 0 or run.done):
            loss = f"  loss {run.loss:.6g}" if math.isfinite(run.loss) else ""
            print(f"  step {run.step_count:>8}/{config.steps}{loss}", file=sys.stderr)
    elapsed = time.perf_counter() - started
    final = run.loss if math.isfinite(run.loss) else None
    return {
        "lesson": config.lesson, "variant": config.variant, "device": str(run.device),
        "seed": config.seed, "steps": run.step_count, "lr": config.lr, "final_loss": final,
        "elapsed_s": round(elapsed, 6), "steps_per_s": run.step_count / elapsed if elapsed else None,
        "diverged_at_step": run.diverged_at, "result": run.result(),
    }


def cmd_list() -> int:
    for lesson in LESSONS:
        print(f"{lesson.key:<18} {lesson.title}: {lesson.summary}")
        print(f"{'':<18} variants: {', '.join(lesson.variant_names)}")
    return 0


def cmd_run(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        fail(f"name a lesson: {', '.join(lesson_keys())}")
    try:
        lesson = get_lesson(argv[0])
        config, as_json = parse_config(lesson, argv[1:])
        output = run_headless(config, progress=not as_json)
    except ConfigError as error:
        fail(str(error))
    if as_json:
        print(json.dumps(plain(output), allow_nan=False))
    else:
        print_summary(output)
    if output["diverged_at_step"] is not None:
        print(f"error: the loss became inf/NaN at step {output['diverged_at_step']}; "
              f"try a smaller --lr than {config.lr:g}", file=sys.stderr)
        return EXIT_DIVERGED
    return 0


def print_summary(output: dict[str, Any]) -> None:
    print(f"{output['lesson']} / {output['variant']} on {output['device']}, seed {output['seed']}: "
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


USAGE = """usage:
  python -m core list
  python -m core run LESSON [--variant V] [--lr X] [--steps N] [--seed S] [--device D] [--json]
  python -m core run LESSON --help      (every flag of that lesson)"""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(USAGE)
        return 0
    if argv[0] == "list":
        return cmd_list()
    if argv[0] == "run":
        return cmd_run(argv[1:])
    fail(f"unknown command {argv[0]!r}; use list or run")
