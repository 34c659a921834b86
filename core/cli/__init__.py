"""Headless command line: ``python -m core list | run | sweep | code | script``.

Flags come from the lesson's parameter declarations. A bad value exits 2 with one line on stderr,
a diverged run exits 1, Ctrl+C exits 130; none of them prints a traceback.
"""

from __future__ import annotations

import os
import sys

from core.cli.common import fail

USAGE = """usage:
  python -m core list
  python -m core run LESSON [--variant V] [--lr X] [--steps N] [--seed S] [--device D] [--json]
  python -m core run --setup FILE [--json]
  python -m core sweep LESSON [flags] --lr-min A --lr-max B --count K [--json]
  python -m core code LESSON [--variant V] [--diff]
  python -m core script LESSON [flags] > run.py
  python -m core run LESSON --help      (every flag of that lesson)"""

EXIT_INTERRUPTED = 130
EXIT_CLOSED_PIPE = 141


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _dispatch(argv)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Whoever read our output stopped reading (``| head``): nothing is wrong, say nothing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_CLOSED_PIPE


def _dispatch(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(USAGE)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "list":
        from core.cli.listing import cmd_list

        return cmd_list()
    if command == "run":
        from core.cli.run import cmd_run

        return cmd_run(rest)
    if command == "sweep":
        from core.cli.sweep import cmd_sweep

        return cmd_sweep(rest)
    if command == "code":
        from core.cli.code import cmd_code

        return cmd_code(rest)
    if command == "script":
        from core.cli.script import cmd_script

        return cmd_script(rest)
    fail(f"unknown command {command!r}; use list, run, sweep, code or script")
