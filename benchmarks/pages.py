"""The memory a set of processes holds, each physical page counted once, from /proc/PID/pagemap.

PSS shares a page among every process that maps it, the app's or not: another program that loads
the same Qt or torch libraries lowers the app's PSS. Counting the distinct pages that the app's
processes map gives the same figure whatever else runs. It is split into anonymous pages (the
processes' own data, held until they free it) and pages of files (library code and data read
from disk, which the kernel can drop and read again). Reading page frame numbers takes root
(CAP_SYS_ADMIN); elsewhere ``distinct_mb`` returns None.
"""

from __future__ import annotations

import os

import numpy as np

PAGE = os.sysconf("SC_PAGE_SIZE")
PRESENT = np.uint64(1 << 63)
FRAME = np.uint64((1 << 55) - 1)


def frames(pid: int) -> dict[str, np.ndarray]:
    """The frame numbers of every resident page of ``pid``, by kind: "anonymous" or "files"
    (all 0 where frame numbers are hidden)."""
    found: dict[str, list[np.ndarray]] = {"anonymous": [], "files": []}
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/pagemap", "rb", buffering=0) as pagemap:
        for line in maps:
            fields = line.split(None, 5)
            name = fields[5].strip() if len(fields) > 5 else ""
            if name == "[vsyscall]":
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            entries = np.frombuffer(os.pread(pagemap.fileno(), (end - start) // PAGE * 8,
                                             start // PAGE * 8), dtype=np.uint64)
            kind = "files" if name.startswith("/") else "anonymous"
            found[kind].append(entries[(entries & PRESENT) != 0] & FRAME)
    return {kind: np.concatenate(parts) if parts else np.zeros(0, np.uint64)
            for kind, parts in found.items()}


def distinct_mb(pids: list[int]) -> dict[str, float] | None:
    """MB of distinct pages mapped by any of ``pids``, by kind; None without frame numbers."""
    try:
        every = [frames(pid) for pid in pids]
    except OSError:
        return None
    held = {}
    for kind in ("anonymous", "files"):
        numbers = np.concatenate([found[kind] for found in every])
        if numbers.size and not numbers.any():
            return None  # frame numbers hidden: not root
        held[kind] = len(np.unique(numbers)) * PAGE / 2**20
    return held
