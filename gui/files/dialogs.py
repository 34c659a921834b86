"""The file dialogs, in one place so that tests can answer them (monkeypatch these functions)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from gui import settings

FOLDER_KEY = "files/folder"


def _folder() -> str:
    return settings.read(FOLDER_KEY, str(Path.home()), lambda p: p if Path(p).is_dir() else 1 / 0)


def _remember(path: str) -> None:
    if path:
        settings.write(FOLDER_KEY, str(Path(path).parent))


def ask_save(parent: QWidget, title: str, name: str, filters: list[str]) -> tuple[str, str]:
    """(path, chosen filter); ("", "") when cancelled. ``name`` is the suggested file name."""
    path, chosen = QFileDialog.getSaveFileName(parent, title, str(Path(_folder()) / name),
                                               ";;".join(filters), filters[0])
    _remember(path)
    return path, chosen


def ask_open(parent: QWidget, title: str, filters: list[str]) -> str:
    """A path, or "" when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, _folder(), ";;".join(filters))
    _remember(path)
    return path
