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
        self._dropped_lines = 0
        self._full = False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        text = str(text)
        if self._full:
            self._dropped_lines += text.count("\n")
            return len(text)
        room_chars = self._max_chars - self._chars
        kept = text[:room_chars]
        lines = kept.split("\n")
        room_lines = self._max_lines - self._lines
        if len(lines) - 1 > room_lines:
            kept = "\n".join(lines[: room_lines + 1]) + "\n"
        self._parts.append(kept)
        self._chars += len(kept)
        self._lines += kept.count("\n")
        if len(kept) < len(text):
            self._full = True
            self._dropped_lines += max(text[len(kept):].count("\n"), 1)
        return len(text)

    def getvalue(self) -> str:
        text = "".join(self._parts)
        if self._dropped_lines:
            if not text.endswith("\n"):
                text += "\n"
            text += f"… {self._dropped_lines:,} more lines (output is cut at {self._max_lines:,} lines / {self._max_chars // 1000:,} kB)\n"
        return text
