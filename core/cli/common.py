"""What every subcommand shares: one-line errors, and flags built from a lesson's declarations."""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any, NoReturn

from core.config import Config, build_config
from core.errors import ConfigError
from core.lesson import Lesson
from core.registry import get_lesson, lesson_keys

EXIT_BAD_VALUE = 2
EXIT_DIVERGED = 1


class Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line (no usage dump) and exit status 2."""

    def error(self, message: str) -> NoReturn:
        fail(message)


def fail(message: str) -> NoReturn:
    print(f"error: {' '.join(str(message).split())}", file=sys.stderr)
    sys.exit(EXIT_BAD_VALUE)


def lesson_from(argv: list[str], command: str) -> tuple[Lesson, list[str]]:
    if not argv or argv[0].startswith("-"):
        fail(f"{command}: name a lesson: {', '.join(lesson_keys())}")
    try:
        return get_lesson(argv[0]), argv[1:]
    except ConfigError as error:
        fail(str(error))


def lesson_parser(lesson: Lesson, command: str = "run") -> Parser:
    parser = Parser(prog=f"python -m core {command} {lesson.key}", description=lesson.summary)
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
    return parser


def config_from(lesson: Lesson, args: dict[str, Any]) -> Config:
    """The config the flags ask for (the flags argparse left in ``args`` are the lesson's)."""
    preset = args.pop("preset", "") or ""
    flags = {p.name: p.flag for p in lesson.all_params()}
    flags["preset"] = "--preset"
    values: dict[str, Any] = {}
    try:
        for name, text in args.items():
            if text is None or name not in flags:
                continue
            param = lesson.param(name)
            values[name] = text if name == "variant" else param.parse(text, flags[name])
        return build_config(lesson, values, preset=preset, subject=flags)
    except ConfigError as error:
        fail(str(error))


def finite_or_none(value: float) -> float | None:
    return value if math.isfinite(value) else None
