"""``torch-classroom FILE``: a setup or plan named on the command line opens with the window."""

from __future__ import annotations


def open_from_arguments(window, arguments: list[str]) -> None:
    """Open the FILE among ``arguments`` (the window's command line, flags included), if any."""
    from gui.options import parse

    path = parse(arguments).file
    if path is not None:
        window.files.open_path(path)
