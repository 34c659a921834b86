"""Work that waits for the event loop's next turn, after the repaints and messages already queued.

A zero-timeout single shot is a queued call in Qt 6: it runs in the same pass as the posted events
before it (a tab's first paint, the messages a Reset brings back), one long stall of the window.
A 1 ms timer runs in a turn of its own, after them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

TURN_MS = 1


def in_next_turn(context: QObject, work: Callable[[], object]) -> None:
    """Run ``work`` in a later turn; dropped if ``context`` is deleted first."""
    QTimer.singleShot(TURN_MS, context, work)
