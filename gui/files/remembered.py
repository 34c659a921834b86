"""Each lesson's controls (every knob, the speed) and side-panel layout come back on the next start.

Each value is stored as JSON text under ``lessons/<key>/<knob>`` whenever the user settles on it.
Reading takes them back one by one: a value that is not JSON, of the wrong type or out of range
(``lr = "abc"``, ``steps = -5``) is skipped and the control keeps its default; a combination the
lesson refuses gives the variant's defaults.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from core.errors import ConfigError

SKIPPED = ("preset",)  # a preset is a one-click shortcut, not a state


def _key(tab, name: str) -> str:
    return f"lessons/{tab.lesson.key}/{name}"


def save_value(tab, name: str, value: Any) -> None:
    if name in SKIPPED:
        return
    try:
        text = json.dumps(list(value) if isinstance(value, tuple) else value, allow_nan=False)
    except (TypeError, ValueError):
        return
    QSettings().setValue(_key(tab, name), text)


def save_values(tab) -> None:
    """Every value the controls show that is good (a control holding bad text is skipped)."""
    for name, field in tab.controls.fields.items():
        try:
            value = field.value()
        except ConfigError:
            continue
        save_value(tab, name, value)


def stored_values(tab) -> dict[str, Any]:
    """The stored values that pass their knob's own check, by name; everything else is dropped."""
    settings = QSettings()
    lesson = tab.lesson
    out: dict[str, Any] = {}
    for param in lesson.all_params():
        key = _key(tab, param.name)
        if not settings.contains(key):
            continue
        try:
            value = json.loads(str(settings.value(key)))
            if param.kind == "floats" and isinstance(value, list):
                value = tuple(value)
            out[param.name] = param.check(value)
        except Exception:  # noqa: BLE001 - garbage of any kind means "keep the default"
            continue
    return out


def restore(tab) -> None:
    """Show the stored values in ``tab`` (before its run first resets, so no run is wasted)."""
    _restore_layout(tab)
    values = stored_values(tab)
    if not values:
        return
    lesson = tab.lesson
    variant = values.get("variant", tab.controls.variant)
    shown = lesson.defaults_for(variant)
    shown.update(values)
    tab.controls.load(shown)
    try:
        tab.controls.config()
    except ConfigError:  # each value fine alone, the combination not: the variant's defaults
        tab.controls.load(lesson.defaults_for(variant))
    tab.show_values({})  # refresh the variant's summary and code; reset once the run is up


def save_layout(tab) -> None:
    QSettings().setValue(_key(tab, "~splitter"), tab.splitter.saveState())
    QSettings().setValue(_key(tab, "~side"), tab.side.currentIndex())


def _restore_layout(tab) -> None:
    settings = QSettings()
    state = settings.value(_key(tab, "~splitter"))
    if isinstance(state, QByteArray):
        tab.splitter.restoreState(state)  # refuses a garbled state by itself
    try:
        index = int(str(settings.value(_key(tab, "~side"), 0)))
    except ValueError:
        index = 0
    if 0 <= index < tab.side.count():
        tab.side.setCurrentIndex(index)
