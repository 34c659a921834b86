"""Comparing runs: ghosts of earlier runs and learning-rate sweeps, attached to every lesson tab.

``install(window)`` adds the menu entries and attaches a ``TabCompare`` to each tab as it is
built (``tab.compare``); nothing else in the window needs to know about it.
"""

from __future__ import annotations


def install(window) -> None:
    from gui.compare.tab_compare import TabCompare

    def attach(tab) -> None:
        if getattr(tab, "compare", None) is None:
            tab.compare = TabCompare(tab)

    def sweep() -> None:
        tab = window.current_tab()
        if not tab.lesson.trains(tab.controls.variant):
            window.statusBar().showMessage("This lesson has no learning rate to sweep here.", 4000)
            return
        tab.compare.start_sweep()

    window.tab_built.connect(attach)
    for tab in window.built_tabs():
        attach(tab)
    window.add_action("Run", "Sweep learning rate…", "Ctrl+L", sweep,
                      tip="Train many learning rates at once, from the same start")
    window.add_action("Run", "Clear earlier runs", [], lambda: window.current_tab().compare.clear(),
                      tip="Forget the faded earlier runs of this lesson")
