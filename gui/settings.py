"""Reading the settings store defensively: a value of the wrong type, out of range, or garbage
falls back to its default, one value at a time, and never raises.

The store is QSettings (organisation and application names are set once at start-up); tests and
benchmarks point it at a temporary folder. ``writable()`` tells whether changes can be kept, so the
window can say so once instead of losing them silently.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings


def read(key: str, default: Any, check: Callable[[Any], Any] | None = None) -> Any:
    """The stored value for ``key`` converted like ``default`` (bool, int, float, str), checked by
    ``check`` (which raises or returns the value to use); ``default`` when anything is wrong."""
    settings = QSettings()
    if not settings.contains(key):
        return default
    raw = settings.value(key)
    try:
        value = _convert(raw, default)
        return check(value) if check is not None else value
    except Exception:  # noqa: BLE001 - any bad stored value means "use the default"
        return default


def write(key: str, value: Any) -> None:
    QSettings().setValue(key, value)


def writable() -> bool:
    """Whether the store can be written (a read-only file or a folder in its place cannot)."""
    settings = QSettings()
    settings.sync()
    return settings.status() == QSettings.Status.NoError and settings.isWritable()


def _convert(raw: Any, default: Any) -> Any:
    if isinstance(default, bool):
        if isinstance(raw, bool):
            return raw
        if str(raw).lower() in ("true", "1"):
            return True
        if str(raw).lower() in ("false", "0"):
            return False
        raise ValueError(raw)
    if isinstance(default, int):
        return int(str(raw))
    if isinstance(default, float):
        value = float(str(raw))
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(raw)
        return value
    if isinstance(default, str):
        if not isinstance(raw, str):
            raise TypeError(raw)
        return raw
    return raw


ENVIRONMENT = "TORCH_CLASSROOM_SETTINGS"


def configure() -> str | None:
    """Keep the settings in the folder ``$TORCH_CLASSROOM_SETTINGS`` names, when it is set (tests
    and benchmarks set it, so they never read or write the user's own store); returns it."""
    folder = os.environ.get(ENVIRONMENT)
    if folder:
        os.makedirs(folder, exist_ok=True)
        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    return folder
