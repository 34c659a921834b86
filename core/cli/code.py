"""``python -m core code LESSON [--variant V] [--diff]``: exactly the code panel's text."""

from __future__ import annotations

from core.cli.common import Parser, fail, lesson_from
from core.code import rung_code, rung_diff
from core.errors import ConfigError


def cmd_code(argv: list[str]) -> int:
    lesson, rest = lesson_from(argv, "code")
    parser = Parser(prog=f"python -m core code {lesson.key}",
                    description="Print the code the window's code panel shows for a variant.")
    parser.add_argument("--variant", default=lesson.variants[0].name,
                        help=f"One of: {', '.join(lesson.variant_names)}.")
    parser.add_argument("--diff", action="store_true",
                        help="Show the variant as a diff against the rung before it.")
    args = parser.parse_args(rest)
    if args.variant not in lesson.variant_names:
        fail(f"--variant must be one of {', '.join(lesson.variant_names)}, got {args.variant!r}")
    try:
        text = rung_diff(lesson, args.variant) if args.diff else rung_code(lesson, args.variant)
    except ConfigError as error:
        fail(str(error))
    print(text, end="")
    return 0
