"""Growing numpy columns: appending is amortised O(1) and a view of the filled part costs nothing."""

from __future__ import annotations

import numpy as np


class History:
    """Named float columns of equal length that grow by doubling.

    A run records one row per step; a plot keeps its own and appends chunks from snapshots.
    """

    def __init__(self, names: tuple[str, ...], capacity: int = 1024) -> None:
        self.names = tuple(names)
        self._data = np.full((len(self.names), max(capacity, 1)), np.nan)
        self._length = 0

    def __len__(self) -> int:
        return self._length

    def _grow(self, needed: int) -> None:
        capacity = self._data.shape[1]
        if needed <= capacity:
            return
        while capacity < needed:
            capacity *= 2
        grown = np.full((len(self.names), capacity), np.nan)
        grown[:, : self._length] = self._data[:, : self._length]
        self._data = grown

    def append(self, row: dict[str, float]) -> None:
        self._grow(self._length + 1)
        for i, name in enumerate(self.names):
            self._data[i, self._length] = row.get(name, np.nan)
        self._length += 1

    def extend(self, chunk: dict[str, np.ndarray]) -> None:
        count = len(next(iter(chunk.values()))) if chunk else 0
        self._grow(self._length + count)
        for i, name in enumerate(self.names):
            if name in chunk:
                self._data[i, self._length : self._length + count] = chunk[name]
        self._length += count

    def column(self, name: str) -> np.ndarray:
        """A read-only view of the filled part of one column."""
        view = self._data[self.names.index(name), : self._length]
        view.flags.writeable = False
        return view

    def chunk(self, start: int) -> dict[str, np.ndarray]:
        """Copies of the rows from ``start`` on, for sending to another thread."""
        return {n: self._data[i, start : self._length].copy() for i, n in enumerate(self.names)}

    def clear(self) -> None:
        self._length = 0
