"""Where a process's memory lies, read from /proc/PID/smaps: its proportional share (PSS), the
part no other process shares (private), and where the private part is (the heap, anonymous
mappings such as torch's and numpy's allocations, and the writable data of loaded libraries)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

KB = 1024


@dataclass
class Usage:
    pss_mb: float = 0.0
    private_mb: float = 0.0
    private_by_kind: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    @property
    def shared_mb(self) -> float:
        """The share of pages mapped by other processes too (PSS beyond the private part)."""
        return self.pss_mb - self.private_mb


def kind_of(name: str) -> str:
    if name == "[heap]":
        return "heap"
    if name.startswith("[stack"):
        return "stack"
    if not name or name.startswith("[anon"):
        return "anon"
    if name.startswith("["):
        return "other"
    return "files"


def usage(pid: int) -> Usage:
    found = Usage()
    kind = "anon"
    try:
        with open(f"/proc/{pid}/smaps") as handle:
            for line in handle:
                parts = line.split(None, 5)
                if _is_range(parts[0]):  # a mapping's first line: range, perms, offset, dev, inode, name
                    kind = kind_of(parts[5].strip() if len(parts) > 5 else "")
                    continue
                head, _, rest = line.partition(":")
                if head == "Pss":
                    found.pss_mb += int(rest.split()[0]) / KB
                elif head in ("Private_Clean", "Private_Dirty"):
                    mb = int(rest.split()[0]) / KB
                    found.private_mb += mb
                    found.private_by_kind[kind] += mb
    except OSError:
        pass
    return found


def _is_range(token: str) -> bool:
    start, dash, _ = token.partition("-")
    return bool(dash) and bool(start) and all(c in "0123456789abcdef" for c in start)
