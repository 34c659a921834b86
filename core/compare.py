"""Ghost runs: finished or reset runs kept beside the one on screen, labelled by what differed.

A ghost is plain data (its config, loss curve, last scene and frame), so the window can redraw it
faded and load its settings again. Its label is found by comparing its config with the config of
the run on screen: "lr 1e-05", "variant numpy", "optimizer SGD, lr 0.001". The shelf keeps up to
``LIMIT`` per lesson: a new ghost pushes out the oldest one that is not pinned.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from core.config import Config
from core.params import COMMON

LIMIT = 8
COLOURS = 8  # one colour per place on the shelf, so two ghosts never share one
SAME = "same settings"
# Knobs that do not change the numbers a run produces: never a reason two runs differ.
IGNORED = frozenset({"speed"})
_COMMON = tuple(p.name for p in COMMON)


@dataclass(eq=False)  # a ghost is itself: its arrays cannot be compared with ==
class Ghost:
    config: Config
    losses: np.ndarray  # one loss per step taken
    diverged_at: int | None = None
    seconds: float = 0.0  # time spent running
    scene: Any = None
    frame: Any = None
    colour: int = 0
    pinned: bool = False
    number: int = 0  # 1 for the first ghost this shelf kept, and so on

    @property
    def steps(self) -> int:
        return len(self.losses)

    @property
    def final_loss(self) -> float:
        """The last loss, NaN when the run blew up."""
        if self.diverged_at is not None or not len(self.losses):
            return math.nan
        return float(self.losses[-1])


def differences(config: Config, other: Config) -> list[tuple[str, Any]]:
    """The values of ``config`` that differ from ``other``'s: the variant, the lesson's own knobs,
    then the common ones (so a choice that brings its own lr comes before the lr)."""
    found: list[tuple[str, Any]] = []
    if config.variant != other.variant:
        found.append(("variant", config.variant))
    names = sorted(config.values, key=lambda n: (n in _COMMON, _COMMON.index(n) if n in _COMMON else 0))
    for name in names:
        if name in IGNORED or name not in other.values:
            continue  # a knob the other run does not have is explained by its variant
        if config.values[name] != other.values[name]:
            found.append((name, config.values[name]))
    return found


def describe(pairs: Iterable[tuple[str, Any]]) -> str:
    words = [f"{name} {_value(value)}" for name, value in pairs]
    return ", ".join(words) or SAME


def label(config: Config, current: Config | None) -> str:
    """What differed from the run on screen, e.g. ``"optimizer SGD, lr 1e-06"``."""
    if current is None:
        return describe([("variant", config.variant)])
    return describe(differences(config, current))


def _value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@dataclass
class GhostShelf:
    """Up to ``limit`` ghosts of one lesson, oldest first."""

    limit: int = LIMIT
    ghosts: list[Ghost] = field(default_factory=list)
    _count: int = 0

    def keep(self, ghost: Ghost) -> list[Ghost]:
        """Shelve ``ghost``; return the ghosts that left to make room (``ghost`` itself when
        every place holds a pinned one)."""
        dropped: list[Ghost] = []
        while len(self.ghosts) >= self.limit:
            loose = [g for g in self.ghosts if not g.pinned]
            if not loose:
                return [ghost]
            self.ghosts.remove(loose[0])
            dropped.append(loose[0])
        used = {g.colour for g in self.ghosts}
        ghost.colour = min(c for c in range(max(COLOURS, self.limit)) if c not in used)
        self._count += 1
        ghost.number = self._count
        self.ghosts.append(ghost)
        return dropped

    def remove(self, ghost: Ghost) -> None:
        self.ghosts.remove(ghost)

    def clear(self, keep_pinned: bool = False) -> list[Ghost]:
        """Remove every ghost (or every unpinned one); return those removed."""
        gone = [g for g in self.ghosts if not (keep_pinned and g.pinned)]
        self.ghosts = [g for g in self.ghosts if g not in gone]
        return gone

    def labels(self, current: Config | None) -> list[str]:
        """Each ghost named by what differs from ``current``; ghosts that would share a name
        (the same settings run twice) also say which run they were."""
        names = [label(g.config, current) for g in self.ghosts]
        return [f"{name} · run {g.number}" if names.count(name) > 1 else name
                for name, g in zip(names, self.ghosts)]

    def current_label(self, current: Config | None) -> str:
        """The run on screen, named by the same knobs that name its ghosts: ``"lr 3e-06"``."""
        if current is None:
            return ""
        names: list[str] = []
        for ghost in self.ghosts:
            for name, _ in differences(ghost.config, current):
                if name not in names:
                    names.append(name)
        pairs = [(n, current.variant if n == "variant" else current.values[n]) for n in names]
        return describe(pairs) if pairs else ""

    def __len__(self) -> int:
        return len(self.ghosts)
