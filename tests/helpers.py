"""Small helpers for driving runs in tests, the way the CLI and the driver drive them."""

from __future__ import annotations

from typing import Any

from core.config import build_config
from core.protocol import RunState
from core.registry import get_lesson, make_run
from core.run import Run

TIMEOUT = 30_000


def make(lesson: str, variant: str | None = None, preset: str = "", **values: Any) -> Run:
    """A fresh run of ``lesson`` with the given values (defaults for the rest)."""
    if variant is not None:
        values["variant"] = variant
    return make_run(build_config(get_lesson(lesson), values, preset=preset))


def run_to(run: Run, steps: int | None = None) -> Run:
    """Step ``run`` until it is done, or ``steps`` more steps."""
    target = run.config.steps if steps is None else run.step_count + steps
    while not run.done and run.step_count < target:
        run.step()
    return run


def settle(tab, qtbot, **values) -> None:
    """Set controls as a user would and wait for the prepared run to match them."""
    tab.controls.load(values)
    assert tab.reset()
    qtbot.waitUntil(lambda: tab.state == RunState.IDLE and tab.snapshot is not None
                    and tab.snapshot.step == 0, timeout=TIMEOUT)


def finish(tab, qtbot, timeout: int = TIMEOUT) -> None:
    """Start the tab's run and wait until it has finished."""
    tab.toggle_play()
    qtbot.waitUntil(lambda: tab.state == RunState.FINISHED, timeout=timeout)
