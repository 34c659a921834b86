"""Package data: lesson notes, the icon, the desktop file. Found through the package, not the cwd."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def read_text(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def path(name: str) -> Path:
    """A real path to a resource (the package is installed as files, never zipped)."""
    return Path(str(resources.files(__name__).joinpath(name)))


def lesson_notes(key: str) -> str:
    try:
        return read_text(f"lessons/{key}.md")
    except FileNotFoundError:
        return f"# {key}\n\nThis lesson has no notes yet."
