"""Forget the source lines that PySide6 reads whenever the window imports a module.

PySide6's import hook reads the source of every module imported after it (``inspect.getsource``,
to see whether the module uses PySide6's ``__feature__`` switches), and ``linecache`` keeps every
line it read for good: about 13 MB of strings in the window once its tabs are built, more than
the code panel and all the plots' data. A traceback reads a file again when it needs it.
"""

from __future__ import annotations

import linecache


def install(window) -> None:
    """Forget now and after each tab is built (building a tab imports its modules)."""
    forget()
    window.tab_built.connect(lambda _tab: forget())


def forget() -> None:
    """Drop the lines read from files; lines registered for code that has no file stay."""
    for name, entry in list(linecache.cache.items()):
        if len(entry) == 4 and entry[1] is not None:  # (size, mtime, lines, path) from a file
            linecache.cache.pop(name, None)
