"""Everything that makes the window work in front of a class, fitted onto it in one call:
panels that hide (gui.panels), presenter mode (gui.presenter), keys that always reach the app and
the key sheet (gui.keys), themes (gui.themes), plot views that reset (gui.plot_views) and the
speed remembered per lesson (gui.speed_memory)."""

from __future__ import annotations


def install(window) -> None:
    from gui import keys, speed_memory
    from gui.panels import Panels
    from gui.plot_views import PlotViews
    from gui.presenter import Presenter
    from gui.themes import Themes

    def fit(tab) -> None:
        tab.plot_views = PlotViews(tab)
        speed_memory.attach(tab)

    window.tab_built.connect(fit)  # first: the presenter below dresses tabs that have these
    for tab in window.built_tabs():
        fit(tab)
    window.panels = Panels(window)
    window.presenter = Presenter(window, window.panels)
    window.zoom_changed.connect(lambda _: window.presenter.zoom_changed())
    window.key_router = keys.install(window)
    window.themes = Themes(window)
