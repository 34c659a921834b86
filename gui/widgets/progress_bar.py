"""A progress bar that repaints with the rest of the window, not at once.

QProgressBar.setValue repaints the bar synchronously. Just after a tab switch, that repaint pulls
the whole newly shown tab's painting into the call (measured: 23 ms for one setValue), and while a
run goes it paints the bar outside the window's frame rhythm. Here a new value asks for an
ordinary, batched update instead.
"""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar


class ProgressBar(QProgressBar):
    def set_value_later(self, value: int) -> None:
        """Like setValue, but painted in the window's next paint, with everything else."""
        if value == self.value():
            return
        self.setUpdatesEnabled(False)  # setValue's own repaint() does nothing now
        self.setValue(value)
        self.setUpdatesEnabled(True)  # which asks for an ordinary update()
