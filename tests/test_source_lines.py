"""The window forgets source lines read from files, and keeps those of code that has no file."""

from __future__ import annotations

import linecache

from gui import source_lines


def test_forget_drops_lines_read_from_files_and_keeps_registered_ones():
    assert linecache.getline(source_lines.__file__, 1)  # read from the file, now cached
    linecache.cache["<typed>"] = (3, None, ["x = 1\n"], "<typed>")  # code without a file
    try:
        source_lines.forget()
        assert source_lines.__file__ not in linecache.cache
        assert linecache.cache["<typed>"][2] == ["x = 1\n"]
        assert linecache.getline(source_lines.__file__, 1)  # read again when needed
    finally:
        linecache.cache.pop("<typed>", None)
