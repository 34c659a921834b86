"""``python -m core script LESSON [flags] > run.py``: the run as a standalone Python file."""

from __future__ import annotations

from core.cli.common import config_from, fail, lesson_from, lesson_parser
from core.errors import ConfigError
from core.script import script


def cmd_script(argv: list[str]) -> int:
    lesson, rest = lesson_from(argv, "script")
    config = config_from(lesson, vars(lesson_parser(lesson, "script").parse_args(rest)))
    try:
        text = script(config)
    except ConfigError as error:
        fail(str(error))
    print(text, end="")
    return 0
