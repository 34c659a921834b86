"""``torch-classroom FILE``: a setup or plan named on the command line opens with the window."""

from __future__ import annotations

from pathlib import Path


def file_argument(arguments: list[str]) -> str | None:
    """The first argument that names a file (flags and their values are someone else's)."""
    for argument in arguments:
        if not argument.startswith("-") and (argument.lower().endswith(".json") or Path(argument).is_file()):
            return argument
    return None


def open_from_arguments(window, arguments: list[str]) -> None:
    path = file_argument(arguments)
    if path is not None:
        window.files.open_path(path)
