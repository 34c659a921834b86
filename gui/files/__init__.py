"""What a teacher prepares, keeps and hands out: setups, lesson plans, remembered controls, figures,
data and runs as scripts. ``install(window)`` adds it all to a MainWindow (the File menu, PageUp /
PageDown, dropping a file on the window); ``open_path(window, path)`` opens a setup or a plan."""

from __future__ import annotations

from pathlib import Path


def install(window):
    """Add the file features to ``window`` (kept as ``window.files``)."""
    from gui.files.features import FileFeatures

    window.files = FileFeatures(window)
    return window.files


def open_path(window, path: str | Path) -> bool:
    """Open a setup or a lesson plan in ``window``; False (and a message) if it is refused."""
    return window.files.open_path(path)
