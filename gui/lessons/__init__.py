"""One view per lesson: ``gui.lessons.<key with underscores>.VIEW`` is its LessonView class.

A lesson without a module here gets ``GenericView`` (its loss), so a new lesson appears in the
window before its own view exists.
"""

from __future__ import annotations

import importlib

from core.lesson import Lesson
from gui.lessons.base import GenericView, LessonView


def view_class(lesson: Lesson) -> type[LessonView]:
    name = "gui.lessons." + lesson.key.replace("-", "_")
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        return GenericView
    return module.VIEW
