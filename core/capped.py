"""Text output with a ceiling: a runaway print loop must not fill the memory or the window."""

from __future__ import annotations

import io

MAX_LINES = 10_000
MAX_CHARS = 1_000_000


class CappedText(io.TextIOBase):
    """A writable text stream that keeps the first MAX_LINES lines / MAX_CHARS characters and
    counts what it drops; ``getvalue()`` ends with "… N more lines" when it dropped any."""

    def __init__(self, max_lines: int = MAX_LINES, max_chars: int = MAX_CHARS) -> None:
        self._parts: list[str] = []
        self._chars = 0
        self._lines = 0
        self._max_lines, self._max_chars = max_lines, max_chars
        self._dropped_newlines = 0
        self._open_tail = False  # the dropped text ends inside a line
        self._full = False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        text = str(text)
        size = len(text)
        if not self._full:
            kept = text[: self._max_chars - self._chars]
            room = self._max_lines - self._lines
            if kept.count("\n") >= room:  # keep through the last newline that fits
                end = -1
                for _ in range(room):
                    end = kept.index("\n", end + 1)
                kept = kept[: end + 1]
            self._parts.append(kept)
            self._chars += len(kept)
            self._lines += kept.count("\n")
            self._full = self._lines >= self._max_lines or self._chars >= self._max_chars
            text = text[len(kept):]
        if text:
            self._dropped_newlines += text.count("\n")
            self._open_tail = not text.endswith("\n")
        return size

    def getvalue(self) -> str:
        text = "".join(self._parts)
        dropped = self._dropped_newlines + self._open_tail
        if dropped:
            if not text.endswith("\n"):
                text += "\n"
            text += (f"… {dropped:,} more line{'s' if dropped != 1 else ''} (output is cut at "
                     f"{self._max_lines:,} lines / {self._max_chars // 1000:,} kB)\n")
        return text
