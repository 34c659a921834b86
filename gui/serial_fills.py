"""Qt paints each fill on the window's own thread.

Qt's raster engine splits every fill of 96 or more rows into slices for a pool of helper threads
and waits until they are done. For plot-sized areas handing the slices over costs more than
filling them, and while run processes keep the cores busy the window waits for helpers that
are not scheduled yet. Measured with four runs going on two cores: command spam p99 42-48 ms
with the pool, 26 without; tab switches 43-45 ms, 30-38 without.

Qt reads the switch once, when the pool is first asked for, so this runs before the
QApplication exists. A value already set in the environment is kept.
"""

from __future__ import annotations

import os


def paint_fills_on_one_thread() -> None:
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
