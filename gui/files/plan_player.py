"""Stepping through a lesson plan: each step switches to its lesson, loads its setup and resets
the run, ready to start; the strip says where the class is."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt

from core.errors import ConfigError
from core.setups import Plan
from gui.files.plan_strip import PlanStrip
from gui.files.setup_io import apply_setup


class PlanPlayer(QObject):
    def __init__(self, window, refuse) -> None:
        super().__init__(window)
        self.window = window
        self._refuse = refuse  # shows a one-line message
        self.plan: Plan | None = None
        self.index = -1
        self.strip = PlanStrip(window)
        self.strip.hide()
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.strip)
        self.strip.previous_requested.connect(self.previous)
        self.strip.next_requested.connect(self.next)
        self.strip.close_requested.connect(self.close)

    def open(self, plan: Plan) -> None:
        """Check that every step fits this window, then show the first one."""
        keys = {page.lesson.key for page in self.window.pages}
        for number, step in enumerate(plan.steps, start=1):
            if step.setup.lesson not in keys:
                raise ConfigError(f"plan step {number}: this window has no lesson {step.setup.lesson!r}")
        self.plan, self.index = plan, -1
        self.go(0)
        self.strip.show()

    def go(self, index: int) -> bool:
        if self.plan is None or not 0 <= index < len(self.plan.steps):
            return False
        step = self.plan.steps[index]
        try:
            apply_setup(self.window, step.setup)
        except ConfigError as error:
            self._refuse(f"plan step {index + 1}: {error}")
            return False
        self.index = index
        self.strip.show_step(self.plan.title, index + 1, len(self.plan.steps), step.title, step.note)
        return True

    def next(self) -> None:
        self.go(self.index + 1)

    def previous(self) -> None:
        self.go(self.index - 1)

    def close(self) -> None:
        self.plan, self.index = None, -1
        self.strip.hide()
