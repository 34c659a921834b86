"""The recently opened or saved setups and plans: File → Open recent, newest first."""

from __future__ import annotations

import json
from pathlib import Path

from gui import settings

KEY = "files/recent"
LIMIT = 8


def recent_files() -> list[str]:
    """The remembered paths that still exist (a garbled entry or store is skipped)."""
    def check(text: str) -> list[str]:
        paths = json.loads(text)
        return [p for p in paths if isinstance(p, str)] if isinstance(paths, list) else []
    paths = settings.read(KEY, "", check)
    return [p for p in paths if Path(p).is_file()][:LIMIT] if isinstance(paths, list) else []


def remember(path: str | Path) -> None:
    path = str(Path(path).resolve())
    paths = [path] + [p for p in recent_files() if p != path]
    settings.write(KEY, json.dumps(paths[:LIMIT]))
