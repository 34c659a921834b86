"""What the command line asks of a fresh window (gui.options): lesson, variant, preset, theme,
zoom, size and presenter mode. Settings written by the window stay the user's business; a
screenshot run keeps them in a folder of its own (gui.screenshot)."""

from __future__ import annotations

from gui.options import Options

KEPT = ("seed", "device", "speed")  # the user's choices, not the variant's (as the controls do)


def apply(window, options: Options) -> None:
    if options.theme is not None:
        from gui import themes

        themes.choose(window, options.theme)
    if options.size is not None:
        window.resize(*options.size)
    if options.zoom is not None:
        window.set_zoom(options.zoom)
    if options.lesson is not None:
        tab = window.show_lesson(options.lesson)
        choose(tab, options.variant, options.preset)
    if options.present:
        window.presenter.enter()


def choose(tab, variant: str | None, preset: str | None) -> None:
    """Show ``variant`` and ``preset`` in the tab's controls (the run resets with them)."""
    lesson = tab.lesson
    if variant is None and preset:
        variant = dict(lesson.preset(preset).values).get("variant")
    if variant is None and not preset:
        return
    variant = variant or tab.controls.variant
    values = {k: v for k, v in lesson.defaults_for(variant, preset or "").items() if k not in KEPT}
    tab.controls.load(values)
    if preset and "preset" in tab.controls.fields:
        tab.controls.fields["preset"].set_value(preset)
    tab.controls.changed.emit("variant", variant)  # as if chosen by hand: the view follows
