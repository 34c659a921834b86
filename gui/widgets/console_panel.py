"""A Python console into the lesson: torch, numpy and copies of the run's objects.

The names are copies the worker makes while the run is stopped, refreshed each time it pauses or
ends, so typing here while a run goes on reads the last stop and never touches the live run.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

INTRO = (
    "# torch, np, snapshot and this lesson's names ({names}) are here.\n"
    "# They are copies, refreshed whenever the run pauses or ends: changing them leaves the run alone.\n"
)


class ConsolePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.console = None  # created when first shown after torch has loaded (it holds torch)
        self._torch_ready = False
        self._names: dict[str, Any] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._waiting = QLabel("The console opens once torch has loaded.")
        self._layout.addWidget(self._waiting)

    def torch_ready(self) -> None:
        self._torch_ready = True
        if self.isVisible():
            self.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._torch_ready:
            self.start()

    def start(self) -> None:
        """Create the console (torch is imported by now, so this does not block)."""
        if self.console is not None:
            return
        import numpy as np
        import torch
        from pyqtgraph.console import ConsoleWidget

        namespace = {"torch": torch, "np": np, "snapshot": None, **self._names}
        listed = ", ".join(sorted(self._names)) or "none yet"
        self.console = ConsoleWidget(namespace=namespace, text=INTRO.format(names=listed))
        self._waiting.hide()
        self._layout.addWidget(self.console)

    def update_names(self, names: dict[str, Any]) -> None:
        self._names = dict(names)
        if self.console is not None:
            self.console.localNamespace.update(self._names)

    def set_snapshot(self, snapshot) -> None:
        if self.console is not None:
            self.console.localNamespace["snapshot"] = snapshot

    @property
    def namespace(self) -> dict[str, Any]:
        return self.console.localNamespace if self.console is not None else dict(self._names)

    def execute(self, command: str) -> None:
        """Run one line as if typed (the console's own Enter does the same)."""
        self.start()
        self.console.repl.handleCommand(command)
