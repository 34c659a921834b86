"""``python -m core run --setup FILE [--json]``: the run a saved setup describes."""

from __future__ import annotations

from core.cli.common import Parser, fail
from core.config import Config
from core.errors import ConfigError


def config_from_setup_args(argv: list[str]) -> tuple[Config, bool]:
    from core.setups import load_setup

    parser = Parser(prog="python -m core run --setup", description="Run a saved setup headless.")
    parser.add_argument("file", help="A setup file saved by the window (File → Save setup).")
    parser.add_argument("--json", action="store_true", help="Print one JSON object and nothing else.")
    args = parser.parse_args(argv)
    try:
        return load_setup(args.file).config(), args.json
    except ConfigError as error:
        fail(str(error))
