"""The tensors lesson's view: its cells one under another, each editable, runnable and showing its output.

Cells run one at a time on a private thread pool, so a slow cell never freezes the window; the
result comes back through a queued signal and is drawn in the GUI thread. ``shutdown`` stops and
waits for every job (the frame calls it when the window closes, tests call it at the end).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QFontMetricsF, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)
from superqt.utils import CodeSyntaxHighlight

from core.lesson import Lesson
from core.lessons.tensors import CELLS, Cell
from gui.lessons.base import LessonView
from gui.widgets.code_view import monospace_font

TITLE_PT, TEXT_PT, CODE_PT = 16, 13, 12
OUTPUT_MAX_LINES = 16  # longer outputs scroll inside their box
INDENT = "    "
OUTPUT_STYLES = {
    "ok": "background: #F3F6F9; color: #202020;",
    "error": "background: #FBE3D6; color: #6B1D00;",
    "running": "background: #F3F6F9; color: #707070;",
}


class CodeEditor(QPlainTextEdit):
    """A plain text box that types Python comfortably: Tab is four spaces, Enter keeps the indent."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if event.key() == Qt.Key.Key_Tab and plain:
            self.insertPlainText(INDENT)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            line = self.textCursor().block().text()
            indent = line[: len(line) - len(line.lstrip())]
            if line.rstrip().endswith(":"):
                indent += INDENT
            self.insertPlainText("\n" + indent)
            return
        super().keyPressEvent(event)


class CellWidget(QFrame):
    """One cell: title, one sentence, the code (editable), Run / Stop / Reset and the output."""

    run_requested = Signal(int)
    stop_requested = Signal(int)

    def __init__(self, index: int, cell: Cell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.cell = cell
        self.ok: bool | None = None  # the last run's outcome; None before the first run
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(f"{index + 1}. {cell.title}")
        self.title.setWordWrap(True)
        self.explanation = QLabel(cell.explanation)
        self.explanation.setWordWrap(True)
        self.editor = CodeEditor(cell.code.rstrip("\n"))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.editor.setTabChangesFocus(False)
        self._highlight = CodeSyntaxHighlight(self.editor.document(), "python", "default")
        self.run_button = QPushButton("Run")
        self.run_button.setToolTip("Run this cell (Ctrl+Enter in the code)")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop this cell at its next line")
        self.stop_button.hide()
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Put back the cell's original code")
        self.reset_button.setEnabled(False)
        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)
        self.output.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.output.hide()

        buttons = QHBoxLayout()
        for button in (self.run_button, self.stop_button, self.reset_button):
            button.setMinimumHeight(32)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.explanation)
        layout.addWidget(self.editor)
        layout.addLayout(buttons)
        layout.addWidget(self.output)

        self.run_button.clicked.connect(lambda: self.run_requested.emit(self.index))
        self.stop_button.clicked.connect(lambda: self.stop_requested.emit(self.index))
        self.reset_button.clicked.connect(self.reset)
        self.editor.textChanged.connect(self._on_edit)
        for keys in ("Ctrl+Return", "Ctrl+Enter", "Shift+Return"):
            shortcut = QShortcut(QKeySequence(keys), self.editor)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self._run_from_keys)
        self.set_zoom(1.0)

    def code(self) -> str:
        return self.editor.toPlainText()

    def _run_from_keys(self) -> None:
        if self.run_button.isEnabled():
            self.run_requested.emit(self.index)

    def set_code(self, code: str) -> None:
        self.editor.setPlainText(code)

    def edited(self) -> bool:
        return self.code() != self.cell.code.rstrip("\n")

    @Slot()
    def reset(self) -> None:
        """Put back the original code (the output stays until the next run)."""
        self.set_code(self.cell.code.rstrip("\n"))

    def set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.run_button.setText("Running…" if running else "Run")
        self.stop_button.setVisible(running)
        if running:
            self._show_output("Running…", "running")

    def show_result(self, ok: bool, output: str) -> None:
        self.ok = ok
        self.set_running(False)
        self._show_output(output.rstrip("\n") or "(no output)", "ok" if ok else "error")

    def clear_output(self) -> None:
        self.ok = None
        self.output.clear()
        self.output.hide()

    def output_text(self) -> str:
        return self.output.toPlainText()

    def _show_output(self, text: str, kind: str) -> None:
        self.output.setStyleSheet(f"QPlainTextEdit {{ {OUTPUT_STYLES[kind]} }}")
        self.output.setPlainText(text)
        self.output.show()
        self._fit(self.output, min(self.output.blockCount(), OUTPUT_MAX_LINES))

    def _on_edit(self) -> None:
        self.reset_button.setEnabled(self.edited())
        self._fit(self.editor, self.editor.blockCount())

    def _fit(self, box: QPlainTextEdit, lines: int) -> None:
        """Make a text box exactly as tall as its lines, plus a scroll bar's height if it is too narrow."""
        metrics = box.fontMetrics()
        margin = box.document().documentMargin()
        widest = max((metrics.horizontalAdvance(t) for t in box.toPlainText().splitlines()), default=0)
        too_narrow = widest + 2 * margin > box.viewport().width()
        scrollbar = box.horizontalScrollBar().sizeHint().height() if too_narrow else 0
        height = max(lines, 1) * metrics.lineSpacing() + 2 * (box.frameWidth() + margin) + 6 + scrollbar
        box.setFixedHeight(int(height))

    def _refit(self) -> None:
        self._fit(self.editor, self.editor.blockCount())
        if self.output.isVisible():
            self._fit(self.output, min(self.output.blockCount(), OUTPUT_MAX_LINES))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._refit()  # the width decides whether a horizontal scroll bar needs room

    def set_zoom(self, factor: float) -> None:
        self.title.setStyleSheet(f"font-size: {TITLE_PT * factor:.0f}pt; font-weight: bold;")
        self.explanation.setStyleSheet(f"font-size: {TEXT_PT * factor:.0f}pt; color: #333;")
        font = monospace_font(CODE_PT * factor)
        self.editor.setFont(font)
        self.output.setFont(font)
        for button in (self.run_button, self.stop_button, self.reset_button):
            button.setStyleSheet(f"font-size: {TEXT_PT * factor:.0f}pt; padding: 2px 14px;")
        self.editor.setTabStopDistance(QFontMetricsF(font).horizontalAdvance(INDENT))
        self._refit()


class _Results(QObject):
    """Carries a finished cell from the pool thread to the GUI thread (a queued connection)."""

    finished = Signal(int, object)  # cell index, CellResult


class TensorsView(LessonView):
    names_changed = Signal(object)  # namespace() after each finished cell, for a console

    def __init__(self, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(lesson, parent)
        self.device = "cpu"
        # Created before _results, so it is destroyed first: its destructor waits for its jobs
        # while _results, which they emit on, still exists.
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one cell at a time, in the order they were asked for
        self._results = _Results(self)
        self._results.finished.connect(self._on_finished)
        self._running: dict[int, threading.Event] = {}  # cell index -> its stop event
        self.names: dict = {}  # the variables of the cell that finished last

        self.run_all_button = QPushButton("Run all")
        self.run_all_button.setToolTip("Run every cell, top to bottom")
        self.restore_button = QPushButton("Restore")
        self.restore_button.setToolTip("Put back the original code of every cell")
        self.device_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.run_all_button)
        top.addWidget(self.restore_button)
        top.addStretch(1)
        top.addWidget(self.device_label)

        self.cell_widgets = [CellWidget(i, cell) for i, cell in enumerate(CELLS)]
        column = QWidget()
        cells_layout = QVBoxLayout(column)
        cells_layout.setSpacing(14)
        for widget in self.cell_widgets:
            cells_layout.addWidget(widget)
            widget.run_requested.connect(self.run_cell)
            widget.stop_requested.connect(self.stop_cell)
        cells_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidget(column)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        # The column always fits the width; a long code line scrolls inside its own box.
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)
        self.run_all_button.clicked.connect(self.run_all)
        self.restore_button.clicked.connect(self.restore)
        self.set_zoom(1.0)
        self.set_device("cpu")

    # -- the frame's calls -----------------------------------------------------------------------
    def clear(self) -> None:
        for widget in self.cell_widgets:
            if widget.index not in self._running:
                widget.clear_output()

    def show_snapshot(self, snapshot) -> None:
        """Nothing to draw: this lesson has no training run, its cells run from the buttons."""

    def set_device(self, name: str) -> None:
        """The device the next cells run on (``device`` in their code)."""
        self.device = name or "cpu"
        self.device_label.setText(f"device = {self.device!r}")

    def set_zoom(self, factor: float) -> None:
        for button in (self.run_all_button, self.restore_button):
            button.setStyleSheet(f"font-size: {TEXT_PT * factor:.0f}pt; padding: 4px 16px;")
            button.setMinimumHeight(int(34 * factor))
        self.device_label.setStyleSheet(f"font-size: {TEXT_PT * factor:.0f}pt; font-family: monospace;")
        for widget in self.cell_widgets:
            widget.set_zoom(factor)

    def shutdown(self) -> None:
        """Stop the running cell, drop the queued ones, and wait until the pool is idle (on close)."""
        self.pool.clear()
        for stop in self._running.values():
            stop.set()
        self.pool.waitForDone()

    # -- running cells ---------------------------------------------------------------------------
    @Slot(int)
    def run_cell(self, index: int) -> None:
        """Queue cell ``index`` with its current (maybe edited) code; ignored while it runs."""
        if index in self._running:
            return
        widget = self.cell_widgets[index]
        stop = threading.Event()
        self._running[index] = stop
        widget.set_running(True)
        code, device, results = widget.code(), self.device, self._results

        def job() -> None:
            result = _run(code, device, stop)
            try:
                results.finished.emit(index, result)
            except RuntimeError:  # the view was deleted without shutdown(): nobody to tell
                pass

        self.pool.start(job)

    @Slot()
    def run_all(self) -> None:
        for widget in self.cell_widgets:
            self.run_cell(widget.index)

    @Slot(int)
    def stop_cell(self, index: int) -> None:
        if index in self._running:
            self._running[index].set()

    @Slot()
    def restore(self) -> None:
        for widget in self.cell_widgets:
            widget.reset()

    def busy(self) -> bool:
        return bool(self._running)

    def namespace(self) -> dict:
        """What a console may inspect: the variables of the cell that finished last, and the device."""
        return {**self.names, "device": self.device}

    @Slot(int, object)
    def _on_finished(self, index: int, result) -> None:
        self._running.pop(index, None)
        self.names = result.names
        self.cell_widgets[index].show_result(result.ok, result.output)
        self.names_changed.emit(self.namespace())


VIEW = TensorsView


@dataclass(frozen=True)
class _Failed:
    """A cell that could not even start (no such device, torch missing): same fields as CellResult."""

    output: str
    ok: bool = False
    names: dict = field(default_factory=dict)


def _run(code: str, device: str, stop: threading.Event):
    """Runs on the pool thread: resolve the device name, then the cell; never raises."""
    if stop.is_set():
        return _Failed("Stopped before it started.")
    try:
        from core.devices import resolve_device
        from core.errors import ConfigError
        from core.runs.tensors import run_cell  # imports torch: off the GUI thread

        try:
            name = str(resolve_device(device))
        except ConfigError as error:
            return _Failed(str(error))
        return run_cell(code, name, stop)
    except Exception as error:  # noqa: BLE001 - shown in the cell rather than lost on a thread
        return _Failed(f"{type(error).__name__}: {error}")
