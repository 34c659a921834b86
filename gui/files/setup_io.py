"""A tab's screen as a Setup, and a Setup put on screen: the lesson's tab to the front, its
controls (and edited cells) showing the setup's values, the run reset and ready to start.

Everything that can be refused is checked before anything on screen changes.
"""

from __future__ import annotations

from core.errors import ConfigError
from core.setups import Setup


def setup_of(tab) -> Setup:
    """What ``tab`` shows (ConfigError if a control holds a bad value)."""
    config = tab.controls.config()
    preset = tab.controls.fields["preset"].value() if "preset" in tab.controls.fields else ""
    return Setup.of(config, preset or "", tab.view.edited_cells())


def apply_setup(window, setup: Setup) -> None:
    """Show ``setup`` in ``window``; ConfigError (and no change on screen) if it cannot be shown."""
    config = setup.config()
    page = next((p for p in window.pages if p.lesson.key == setup.lesson), None)
    if page is None:
        raise ConfigError(f"this window has no lesson {setup.lesson!r}")
    tab = page.ensure()  # built out of sight if it was not yet; not shown
    try:
        tab.view.load_cells(setup.cells)  # checks every cell before it changes one
    except ValueError as error:
        raise ConfigError(f"setup \"cells\": {error}") from None
    values = {"variant": config.variant, **config.values}
    if "preset" in tab.controls.fields:
        values["preset"] = setup.preset
    window.show_lesson(setup.lesson)
    tab.show_values(values)
