"""Keys always reach the app. A control's field keeps only the keys that edit it: Enter or Esc
commits the value and hands the keys back to the window (focus goes to the lesson's picture), and
any of the window's own keys (Space, R, Right, Ctrl+1..9, F5 ...) first commits the field, then
acts. Code cells, the console and free-text fields keep every key while the user types in them.

The key sheet (F1, Help → Keyboard) lists every key the window's actions declare, so keys added by
other features appear there without being listed twice.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

COMMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)
# Keys a field needs for editing even when the window also has an action on them (made into key
# sequences only once an application exists: the platform decides what they are).
EDITING = (QKeySequence.StandardKey.Copy, QKeySequence.StandardKey.Paste, QKeySequence.StandardKey.Cut,
           QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo, QKeySequence.StandardKey.SelectAll)
FIELD_ONLY = [
    ("Enter or Esc in a field", "commits the value and gives the keys back to the window"),
]


class KeyRouter(QObject):
    """Filters the keys of the one control field that has the focus.

    Only the focused field is watched (it is where key events go): an application-wide filter
    would carry every event of every widget through Python, which cost the window measurable time
    on every tab switch and frame.
    """

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self._watched: QWidget | None = None
        QApplication.instance().focusChanged.connect(self._on_focus_changed)
        window.destroyed.connect(self._uninstall)
        window.tab_built.connect(lambda tab: tab.view.setFocusPolicy(Qt.FocusPolicy.ClickFocus))

    def _on_focus_changed(self, _old, now) -> None:
        self._unwatch()
        if now is not None and is_control_field(now) and now.window() is self.window:
            now.installEventFilter(self)
            self._watched = now
            now.destroyed.connect(self._forget)

    def _unwatch(self) -> None:
        if self._watched is not None:
            try:
                self._watched.removeEventFilter(self)
                self._watched.destroyed.disconnect(self._forget)
            except (RuntimeError, TypeError):
                pass  # the field is already gone
            self._watched = None

    def _forget(self, *_) -> None:
        self._watched = None

    def _uninstall(self, *_) -> None:
        app = QApplication.instance()
        if app is not None:
            try:
                app.focusChanged.disconnect(self._on_focus_changed)
            except (RuntimeError, TypeError):
                pass
        self._watched = None

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        focus = QApplication.focusWidget()
        if focus is None or obj is not focus or not is_control_field(focus):
            return False
        if focus.window() is not self.window:
            return False
        key = event.key()
        if key in COMMIT_KEYS:
            if kind == QEvent.Type.ShortcutOverride:
                event.accept()  # the field's own: no window action (Esc would leave presenter mode)
                return True
            self.hand_back()
            return True
        if kind == QEvent.Type.ShortcutOverride and self.window_key(event):
            self.hand_back()  # commits the field (focus out); the action then runs
            return True  # not accepted: Qt goes on to the window's shortcut
        return False

    def window_key(self, event: QKeyEvent) -> bool:
        pressed = QKeySequence(event.keyCombination())
        for standard in EDITING:
            if any(pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch
                   for k in QKeySequence.keyBindings(standard)):
                return False
        for action in self.window.actions():
            if not action.isEnabled():
                continue
            for keys in action.shortcuts():
                if keys.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch:
                    return True
        return False

    def hand_back(self) -> None:
        """Leave the field (which commits it) and give the focus to the lesson's picture."""
        tab = self.window.current_tab()
        target: QWidget = tab.view if tab.view.isVisible() else self.window
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if QApplication.focusWidget() is not target:  # a hidden target: just leave the field
            focus = QApplication.focusWidget()
            if focus is not None:
                focus.clearFocus()


def is_control_field(widget: QWidget) -> bool:
    """A widget inside one of the controls' fields, other than free text."""
    from gui.controls.fields import Field

    node = widget
    while node is not None:
        if isinstance(node, Field):
            return node.param.kind != "text"
        node = node.parentWidget()
    return False


def key_rows(window) -> list[tuple[str, str, str]]:
    """(menu, keys, what) for every window action with keys, in menu order."""
    rows, seen = [], set()
    for menu_name, menu in window.menus.items():
        for action in menu.actions():
            rows += _rows(menu_name, action, seen)
            if action.menu() is not None:
                for inner in action.menu().actions():
                    rows += _rows(menu_name, inner, seen)
    return rows


def _rows(menu_name: str, action, seen: set) -> list[tuple[str, str, str]]:
    keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
    keys = [k for k in keys if k]  # a standard key the platform does not bind is empty
    if not keys or id(action) in seen:
        return []
    seen.add(id(action))
    return [(menu_name, " or ".join(keys), action.text().replace("&", ""))]


def key_sheet_html(window) -> str:
    lines = ["<table cellpadding='4'>"]
    last = None
    for menu, keys, text in key_rows(window):
        if menu != last:
            lines.append(f"<tr><td colspan='2'><b>{menu}</b></td></tr>")
            last = menu
        lines.append(f"<tr><td><code>{_escape(keys)}</code></td><td>{_escape(text)}</td></tr>")
    lines.append("<tr><td colspan='2'><b>Fields</b></td></tr>")
    for keys, text in FIELD_ONLY:
        lines.append(f"<tr><td>{keys}</td><td>{text}</td></tr>")
    lines.append("</table><p>These keys work whatever has the focus, except while typing in a "
                 "code cell or the console.</p>")
    return "\n".join(lines)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class KeySheet(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard")
        self.text = QTextBrowser()
        self.text.setHtml(key_sheet_html(window))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        screen = window.screen().availableGeometry()
        self.resize(min(560, screen.width()), min(640, screen.height()))


def install(window) -> KeyRouter:
    router = KeyRouter(window)

    def show_sheet() -> None:
        sheet = KeySheet(window)
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.key_sheet = sheet
        sheet.open()

    window.add_action("Help", "Keyboard", "F1", show_sheet, tip="Every key the window knows (F1)")
    return router
