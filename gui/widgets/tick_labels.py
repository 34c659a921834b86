"""Tick labels that never overlap.

pyqtgraph thins out its minor tick labels when they crowd, but always draws every major one, and
picks how many from the axis length alone. With large text (a projector's zoom) on a small plot,
neighbours then print over each other ("400" and "600" as "4600"). Here a label that would touch
the one kept before it is left out; its tick line stays.
"""

from __future__ import annotations

GAP_PX = 4  # the least room between two labels


def labels_apart(text_specs: list, vertical: bool) -> list:
    """``text_specs`` (pyqtgraph's (QRectF, flags, text) per label) without those that would
    overlap a neighbour: in order along the axis, each is kept only if it clears the last kept."""
    along = (lambda rect: (rect.top(), rect.bottom())) if vertical else (
        lambda rect: (rect.left(), rect.right()))
    kept, end = [], None
    for spec in sorted(text_specs, key=lambda spec: along(spec[0])[0]):
        start, stop = along(spec[0])
        if end is None or start >= end + GAP_PX:
            kept.append(spec)
            end = stop
    return kept
