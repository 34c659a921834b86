"""The speed a teacher chose for a lesson comes back the next time the app opens."""

from __future__ import annotations

from gui import settings as store


def key(lesson_key: str) -> str:
    return f"speed/{lesson_key}"


def attach(tab) -> None:
    """Show the remembered speed in ``tab`` and remember every speed chosen there."""
    param = tab.controls.params.get("speed")
    if param is None:
        return

    def checked(value: float) -> float:
        return param.check(value)

    remembered = store.read(key(tab.lesson.key), -1.0, checked)
    if remembered >= 0:
        tab.controls.load({"speed": remembered})
    tab.controls.changed.connect(
        lambda name, value: store.write(key(tab.lesson.key), float(value)) if name == "speed" else None)
