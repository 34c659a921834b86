"""``python -m core list``: every lesson, its variants."""

from __future__ import annotations

from core.registry import LESSONS


def cmd_list() -> int:
    for lesson in LESSONS:
        print(f"{lesson.key:<18} {lesson.title}: {lesson.summary}")
        print(f"{'':<18} variants: {', '.join(lesson.variant_names)}")
    return 0
