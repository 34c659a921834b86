"""The typed contract between a run and its view: a Scene once per run, a Frame per step.

A lesson declares both (torch-free, in ``core/lessons/<key>.py``) as frozen dataclasses of numpy
arrays and plain numbers. The run process builds them; the window receives them by pickle and a
view is written against exactly these fields. ``problems`` is what a test uses to check that a run
emits what its lesson declared, and nothing a view could not draw (a live tensor, say).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Scene:
    """What stays the same for a whole run (data, targets, colours): sent once after each reset."""


@dataclass(frozen=True)
class Frame:
    """What one step changed (weights, predictions, readouts): sent with each snapshot."""


@dataclass(frozen=True)
class NoScene(Scene):
    """For a lesson whose view needs nothing fixed per run."""


def problems(value: Any, declared: type) -> list[str]:
    """Why ``value`` is not a well-formed instance of ``declared`` (empty when it is)."""
    if type(value) is not declared:
        return [f"expected {declared.__name__}, got {type(value).__name__}"]
    hints = typing.get_type_hints(declared)
    found = []
    for field in dataclasses.fields(declared):
        item = getattr(value, field.name)
        if not _matches(item, hints[field.name]):
            found.append(f"{declared.__name__}.{field.name}: {type(item).__name__} is not "
                         f"{hints[field.name]}")
    return found


def _matches(item: Any, hint: Any) -> bool:
    origin = typing.get_origin(hint)
    if hint is Any:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(_matches(item, option) for option in typing.get_args(hint))
    if hint is type(None):
        return item is None
    if origin in (tuple, list):
        args = typing.get_args(hint)
        if not isinstance(item, origin):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(_matches(i, args[0]) for i in item)
        return not args or (len(args) == len(item) and all(map(_matches, item, args)))
    if origin is dict:
        return isinstance(item, dict)
    if hint is float:
        return isinstance(item, (float, int)) and not isinstance(item, bool)
    if hint is np.ndarray:
        return isinstance(item, np.ndarray) and item.dtype != object
    if dataclasses.is_dataclass(hint):
        return isinstance(item, hint) and not problems(item, hint)
    return isinstance(item, hint)
