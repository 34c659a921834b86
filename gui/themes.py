"""Light, dark and high-contrast themes for a room (View → Theme), remembered between runs.

A theme is a Qt palette for the widgets (Fusion style, which follows palettes everywhere) and a
background / foreground for the plots. The curves keep the Okabe-Ito colours of gui.theme.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtGui import QActionGroup, QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from gui import settings as store, theme

KEY = "view/theme"


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    window: str
    base: str
    text: str
    button: str
    highlight: str
    highlighted_text: str
    link: str
    disabled: str
    plot_background: str
    plot_foreground: str


THEMES = {
    "light": Theme("light", "Light", "#EFEFEF", "#FFFFFF", "#202020", "#E4E4E4", "#0072B2", "#FFFFFF",
                   "#0072B2", "#8A8A8A", "#FFFFFF", theme.FOREGROUND),
    "dark": Theme("dark", "Dark", "#2B2B2B", "#1E1E1E", "#E8E8E8", "#3A3A3A", "#56B4E9", "#101010",
                  "#56B4E9", "#8A8A8A", "#161616", "#E0E0E0"),
    "high-contrast": Theme("high-contrast", "High contrast", "#000000", "#000000", "#FFFFFF",
                           "#000000", "#F0E442", "#000000", "#F0E442", "#B0B0B0", "#000000",
                           "#FFFFFF"),
}
DEFAULT = "light"


def palette(t: Theme) -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    for role, colour in ((roles.Window, t.window), (roles.Base, t.base), (roles.AlternateBase, t.window),
                         (roles.Text, t.text), (roles.WindowText, t.text), (roles.ButtonText, t.text),
                         (roles.Button, t.button), (roles.Highlight, t.highlight),
                         (roles.HighlightedText, t.highlighted_text), (roles.Link, t.link),
                         (roles.ToolTipBase, t.base), (roles.ToolTipText, t.text),
                         (roles.PlaceholderText, t.disabled), (roles.BrightText, t.highlight)):
        p.setColor(role, QColor(colour))
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(t.disabled))
    return p


def apply(name: str, root: QWidget | None = None) -> Theme:
    """Use theme ``name`` for the application and every plot under ``root``."""
    t = THEMES.get(name, THEMES[DEFAULT])
    app = QApplication.instance()
    if app.style().name().lower() != "fusion":  # restyling every widget is not free
        app.setStyle("Fusion")
    wanted = palette(t)
    if app.palette() != wanted:
        app.setPalette(wanted)
    pg.setConfigOptions(background=t.plot_background, foreground=t.plot_foreground)
    if root is not None:
        style_plots(root, t)
    return t


def style_plots(root: QWidget, t: Theme) -> None:
    """Background, axes, titles and legends of every pyqtgraph view under ``root``."""
    foreground = pg.mkColor(t.plot_foreground)
    for view in root.findChildren(pg.GraphicsView):
        view.setBackground(t.plot_background)
        for item in view.scene().items():
            if isinstance(item, pg.AxisItem):
                item.setPen(foreground)
                item.setTextPen(foreground)
            elif isinstance(item, pg.PlotItem) and item.titleLabel.text:
                item.titleLabel.setText(item.titleLabel.text, color=foreground)
            elif isinstance(item, pg.LegendItem):
                item.setLabelTextColor(foreground)
                for _, label in item.items:
                    label.setText(label.text, color=foreground)


class Themes:
    """View → Theme, the remembered choice, and theming tabs built later."""

    def __init__(self, window) -> None:
        self.window = window
        self.name = store.read(KEY, DEFAULT, lambda v: v if v in THEMES else DEFAULT)
        window.menus["Theme"] = window.menus["View"].addMenu("&Theme")
        group = QActionGroup(window)
        self.actions = {}
        for name, t in THEMES.items():
            action = window.add_action("Theme", t.label, [], lambda _=False, n=name: self.choose(n),
                                       tip=f"{t.label} colours", checkable=True)
            group.addAction(action)
            self.actions[name] = action
        self.actions[self.name].setChecked(True)
        window.tab_built.connect(lambda tab: style_plots(tab, THEMES[self.name]))
        apply(self.name, window)

    def choose(self, name: str) -> None:
        self.name = name if name in THEMES else DEFAULT
        store.write(KEY, self.name)
        self.actions[self.name].setChecked(True)
        apply(self.name, self.window)


def choose(window, name: str) -> None:
    """The command line's ``--theme``."""
    window.themes.choose(name)
