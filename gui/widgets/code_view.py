"""The code that runs: the whole rung (helpers first), highlighted, wrapped, zoomable, and on
request as the changes from the rung before it (``python -m core code`` prints the same text)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QCheckBox, QPlainTextEdit, QVBoxLayout, QWidget

from core.code import previous_variant, rung_code, rung_diff
from core.errors import ConfigError
from core.lesson import Lesson

BASE_POINT_SIZE = 11


def monospace_font(point_size: float = BASE_POINT_SIZE) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(point_size)
    return font


class CodeText(QPlainTextEdit):
    """Read-only highlighted code; long lines wrap so nothing hides past the right edge."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setFont(monospace_font())
        self._highlight = None
        self._language = ""

    def show_code(self, source: str, language: str = "python") -> None:
        if language != self._language:  # pygments loads here, not before the first paint
            from superqt.utils import CodeSyntaxHighlight

            if self._highlight is not None:
                self._highlight.setDocument(None)
            self._highlight = CodeSyntaxHighlight(self.document(), language, "default")
            self._language = language
        if source != self.toPlainText():
            self.setPlainText(source)

    def set_zoom(self, factor: float) -> None:
        self.setFont(monospace_font(BASE_POINT_SIZE * factor))


class CodeView(QWidget):
    """The rung's code for the chosen variant, or its changes from the rung before."""

    def __init__(self, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson = lesson
        self.variant = lesson.variants[0].name
        self.changes = QCheckBox("Show the changes from the previous rung")
        self.changes.setToolTip("The rung as a diff against the one before it: the difference "
                                "between two rungs is the lesson")
        self.text = CodeText()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.changes)
        layout.addWidget(self.text)
        self.changes.setVisible(len(lesson.variants) > 1)
        self.changes.toggled.connect(lambda _: self.show_variant(self.variant))
        self._stale = False

    def show_variant(self, variant: str) -> None:
        """Show ``variant``'s code, now if the panel is on screen, else when it is shown:
        highlighting a rung takes ~40 ms, which a variant change or a tab build need not wait."""
        self.variant = variant
        self._stale = True
        if self.isVisible():
            self._refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self._refresh()

    def _refresh(self) -> None:
        self._stale = False
        variant = self.variant
        try:
            if self.changes.isChecked():
                self.changes.setText(self._changes_label(variant))
                self.text.show_code(rung_diff(self.lesson, variant), "diff")
            else:
                self.text.show_code(rung_code(self.lesson, variant))
        except (ConfigError, OSError, SyntaxError) as error:
            self.text.show_code(f"# The code of this variant is not available: {error}")

    def _changes_label(self, variant: str) -> str:
        before = previous_variant(self.lesson, variant)
        if before is None:
            return "Show the changes from the previous rung (this is the first)"
        return f"Show the changes from the previous rung ({self.lesson.variant(before).label})"

    def toPlainText(self) -> str:  # noqa: N802 - reads like the Qt text widgets it wraps
        if self._stale:
            self._refresh()
        return self.text.toPlainText()

    def set_zoom(self, factor: float) -> None:
        self.text.set_zoom(factor)
