"""The window's own objects stay out of Python's full garbage collections.

A full collection walks every object the interpreter tracks: with Qt, pyqtgraph and six lesson
tabs, ~250,000 objects and 50-100 ms on the window's thread, at moments nobody chooses (in the
middle of a run or a tab switch). The window, its tabs and their plots live until quitting, so
once a tab is built everything alive is moved out of the collector's sight (``gc.freeze``); what
runs create later (snapshots, ghosts, curves) is collected as before, in short collections.
"""

from __future__ import annotations

import gc


def keep_out_of_collections() -> None:
    gc.freeze()
