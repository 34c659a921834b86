"""Give memory a process no longer uses back to the system.

In the process server, the library code that ran only while torch loaded: loading torch runs its
start-up code once (it registers thousands of operators), some 60 MB of libtorch's machine code
that the server never runs again. Run processes forked from it do not inherit those pages, so they
stayed mapped by the server alone, counted as the app's memory. The server drops its mappings of
library code (read-only, never written, so nothing is lost): the files stay in the system's page
cache, and any page the server runs again is mapped back from there.

In a run process, the heap that a finished or replaced run freed: the C library keeps freed blocks
for reuse, a few MB a process (two-layer net: 11 MB, 6 after).

In every process, one heap for all threads: by default each thread that allocates gets a heap of
its own, and the window's message threads (which unpickle what the runs send) left ~5 MB there
that the window's thread had freed.
"""

from __future__ import annotations

import ctypes
import re
import sys

_MADV_DONTNEED = 4
_M_ARENA_MAX = -8  # mallopt's parameter: how many heaps threads may spread over
# A mapping's first line in smaps: start-end perms offset device inode [path]
_MAPPING = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \d+\s*(.*)$")


def code_mappings(smaps_lines) -> list[tuple[int, int]]:
    """Executable mappings of files that hold no page of their own (nothing ever written there)."""
    spans, current = [], None
    for line in smaps_lines:
        found = _MAPPING.match(line)
        if found:
            is_file_code = found.group(3) == "r-xp" and found.group(4).startswith("/")
            current = found if is_file_code else None
        elif current is not None and line.startswith("Anonymous:") and int(line.split()[1]) == 0:
            spans.append((int(current.group(1), 16), int(current.group(2), 16)))
    return spans


def _libc():
    """glibc on Linux; None elsewhere (every call here then leaves memory as it is)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None)
    except OSError:
        return None


def release_startup_code() -> int:
    """Drop this process's mappings of library code; return how many bytes of mappings were dropped."""
    libc = _libc()
    try:
        madvise = libc.madvise
        with open("/proc/self/smaps") as handle:
            spans = code_mappings(handle)
    except (OSError, AttributeError):  # no libc, no /proc or no madvise: keep the pages
        return 0
    madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    return sum(end - start for start, end in spans if madvise(start, end - start, _MADV_DONTNEED) == 0)


def return_freed_heap() -> None:
    """Hand the heap's free pages back (glibc's malloc_trim)."""
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is not None:
        trim(0)


def one_heap() -> None:
    """Let every thread of this process allocate from one heap (call before starting threads)."""
    mallopt = getattr(_libc(), "mallopt", None)
    if mallopt is not None:
        mallopt(_M_ARENA_MAX, 1)
