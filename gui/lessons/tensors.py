"""The tensors lesson's view: its cells one under another, each editable, runnable and showing its output.

The cells run in the run process like every lesson's code: a cell's Run sends
``lesson_command("run_cell", (index, code))`` and its result comes back as the run's frame
(``CellOutput``). One cell runs at a time; the others wait in this view's queue and the next is
sent only when the run says the last one is done, so Stop can drop the queue. Stop raises an
interrupt in the cell; a cell stuck in one long C call has its process replaced, and the cell
says so (``on_restarted``).
"""

from __future__ import annotations

import math
from enum import Enum

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QFontMetricsF, QKeyEvent, QKeySequence, QShortcut, QTextOption
from PySide6.QtWidgets import (
    QApplication, QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QScrollArea,
    QSizePolicy, QVBoxLayout, QWidget,
)
from superqt import QElidingLabel
from superqt.utils import CodeSyntaxHighlight

from core.lesson import Lesson
from core.lessons.tensors import CELLS, Cell, CellOutput, TensorsScene
from core.protocol import RunState
from gui.lessons.base import LessonView
from gui.widgets.code_view import monospace_font

TITLE_PT, TEXT_PT, CODE_PT = 15, 12, 11
OUTPUT_MAX_LINES = 16  # longer outputs scroll inside their box
SHOWN_LINE_CHARS = 2000  # a longer line is cut on screen: laying out a 1 MB line takes minutes
INDENT = "    "
OUTPUT_STYLES = {
    "ok": "background: #F3F6F9; color: #202020;",
    "error": "background: #FBE3D6; color: #6B1D00;",
    "waiting": "background: #F3F6F9; color: #707070;",
}
NOT_RUN = ("The cell did not run: the lesson has no run process ready (see the message above). "
           "Choose a device that is present, or press R, then run it again.")
GONE = ("Names from earlier cells are gone from the console; run those cells again to bring "
        "them back.")


class CellState(Enum):
    IDLE = "idle"
    QUEUED = "queued"  # waiting for the cells before it
    RUNNING = "running"


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
        self.state = CellState.IDLE
        self.ok: bool | None = None  # the last run's outcome; None before the first run
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(f"{index + 1}. {cell.title}")
        self.title.setWordWrap(True)
        self.explanation = QLabel(cell.explanation)
        self.explanation.setWordWrap(True)
        self.editor = CodeEditor(self.original())
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.editor.setTabChangesFocus(False)
        self._highlight = CodeSyntaxHighlight(self.editor.document(), "python", "default")
        self.run_button = QPushButton("Run")
        self.run_button.setToolTip("Run this cell (Ctrl+Enter in the code)")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop this cell (and the cells waiting after it)")
        self.stop_button.hide()
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Put back the cell's original code")
        self.reset_button.setEnabled(False)
        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)  # long lines wrap: nothing of a message hides to the right
        self.output.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.output.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.output.hide()
        self.editor.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

        buttons = QHBoxLayout()
        for button in (self.run_button, self.stop_button, self.reset_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves the caret in the code
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
            shortcut.activated.connect(lambda: self.run_requested.emit(self.index))
        self.set_zoom(1.0)

    # -- code ----------------------------------------------------------------------------------------
    def original(self) -> str:
        return self.cell.code.rstrip("\n")

    def code(self) -> str:
        return self.editor.toPlainText()

    def set_code(self, code: str) -> None:
        self.editor.setPlainText(code)

    def edited(self) -> bool:
        return self.code() != self.original()

    @Slot()
    def reset(self) -> None:
        """Put back the original code (the output stays until the next run)."""
        self.set_code(self.original())

    # -- state and output ----------------------------------------------------------------------------
    def set_state(self, state: CellState) -> None:
        self.state = state
        self.run_button.setEnabled(state == CellState.IDLE)
        self.run_button.setText({CellState.IDLE: "Run", CellState.QUEUED: "Waiting…",
                                 CellState.RUNNING: "Running…"}[state])
        self.stop_button.setVisible(state != CellState.IDLE)
        if state == CellState.RUNNING:
            self._show_output("Running…", "waiting")

    def show_result(self, ok: bool, output: str) -> None:
        self.ok = ok
        self.set_state(CellState.IDLE)
        self._show_output(output.rstrip("\n") or "(no output)", "ok" if ok else "error")

    def clear_output(self) -> None:
        self.ok = None
        self.output.clear()
        self.output.hide()

    def output_text(self) -> str:
        return self.output.toPlainText()

    def _show_output(self, text: str, kind: str) -> None:
        self.output.setStyleSheet(f"QPlainTextEdit {{ {OUTPUT_STYLES[kind]} }}")
        self.output.setPlainText(shown(text))
        self.output.show()
        self._fit_output()

    # -- size ----------------------------------------------------------------------------------------
    def _on_edit(self) -> None:
        self.reset_button.setEnabled(self.edited())
        self._fit(self.editor)

    def _fit(self, box: QPlainTextEdit) -> None:
        """Make the code box exactly as tall as its lines, plus a scroll bar's height when its
        longest line is wider than the box (code does not wrap)."""
        metrics = QFontMetricsF(box.font())
        margin = box.document().documentMargin()
        longest = max((len(t) for t in box.toPlainText().split("\n")), default=0)
        too_wide = longest * metrics.horizontalAdvance("M") + 2 * margin > box.viewport().width()
        scrollbar = box.horizontalScrollBar().sizeHint().height() if too_wide else 0
        self._set_rows(box, box.blockCount(), scrollbar)

    def _fit_output(self) -> None:
        """As tall as the output's wrapped rows (text is monospace), at most OUTPUT_MAX_LINES;
        longer output scrolls inside the box."""
        box = self.output
        metrics = QFontMetricsF(box.font())
        room = max(box.viewport().width() - 2 * box.document().documentMargin(), 1.0)
        per_row = max(int(room // metrics.horizontalAdvance("M")), 1)
        rows = 0
        for line in box.toPlainText().split("\n", OUTPUT_MAX_LINES)[:OUTPUT_MAX_LINES]:
            rows += max(math.ceil(len(line) / per_row), 1)
        self._set_rows(box, min(rows, OUTPUT_MAX_LINES), 0)

    @staticmethod
    def _set_rows(box: QPlainTextEdit, rows: int, extra: float) -> None:
        metrics = QFontMetricsF(box.font())
        margin = box.document().documentMargin()
        height = max(rows, 1) * metrics.lineSpacing() + 2 * (box.frameWidth() + margin) + 4 + extra
        box.setFixedHeight(int(height))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._refit()  # the width decides whether a horizontal scroll bar needs room

    def _refit(self) -> None:
        self._fit(self.editor)
        if self.output.isVisible():
            self._fit_output()

    def set_zoom(self, factor: float) -> None:
        self.title.setFont(_font(TITLE_PT * factor, bold=True))
        self.explanation.setFont(_font(TEXT_PT * factor))
        code = monospace_font(CODE_PT * factor)
        self.editor.setFont(code)
        self.output.setFont(code)
        self.editor.setTabStopDistance(QFontMetricsF(code).horizontalAdvance(INDENT))
        for button in (self.run_button, self.stop_button, self.reset_button):
            button.setFont(_font(TEXT_PT * factor))
        self._refit()


class TensorsView(LessonView):
    def __init__(self, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(lesson, parent)
        self.device = ""
        self._ready = False  # the run process takes commands (its first state has arrived)
        self._queue: list[int] = []  # cells waiting, in order
        self._running: int | None = None  # the cell sent to the run and not done yet
        self._answered = False  # its output has arrived
        self._count = 0  # the newest CellOutput.count shown

        self.run_all_button = QPushButton("Run all")
        self.run_all_button.setToolTip("Run every cell, top to bottom")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop the running cell and the ones waiting")
        self.stop_button.setEnabled(False)
        self.restore_button = QPushButton("Restore")
        self.restore_button.setToolTip("Put back the original code of every cell")
        self.device_label = QElidingLabel()
        self.device_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top = QHBoxLayout()
        for button in (self.run_all_button, self.stop_button, self.restore_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Space after a click is not a second click
            top.addWidget(button)
        top.addWidget(self.device_label, 1)

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
        # The column always fits the width; a long line scrolls inside its own box.
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)
        self.run_all_button.clicked.connect(self.run_all)
        self.stop_button.clicked.connect(self.stop)
        self.restore_button.clicked.connect(self.restore)
        self.set_zoom(1.0)

    # -- the tab's calls -------------------------------------------------------------------------------
    def set_scene(self, scene: TensorsScene) -> None:
        self._count = 0  # a new run counts its cells from zero
        self.device = scene.device
        self.device_label.setText(f"device = {scene.device!r}")
        self.device_label.setToolTip(f"The cells' device is {scene.device} (chosen on the left)")

    def show_snapshot(self, snapshot) -> None:
        frame: CellOutput = snapshot.frame
        if frame.index < 0 or frame.count == self._count:
            return
        self._count = frame.count
        self.cell_widgets[frame.index].show_result(frame.ok, frame.output)
        if frame.index == self._running:
            self._answered = True

    def clear(self) -> None:
        """A new run (Reset, another device): outputs go, and so do the waiting cells; a running
        cell still shows its result."""
        if self._ready:
            self._drop_queue()
        for widget in self.cell_widgets:
            if widget.state == CellState.IDLE:
                widget.clear_output()

    def on_state(self, state: RunState) -> None:
        if state != RunState.LOADING:
            self._ready = True
            self._send_next()

    def on_lesson_done(self, name: str) -> None:
        if name != "run_cell" or self._running is None:
            return
        if not self._answered:
            self.cell_widgets[self._running].show_result(False, NOT_RUN)
        self._running = None
        self._send_next()

    def on_restarted(self, why: str) -> None:
        """The running cell would not stop, so its process was replaced: say so in that cell."""
        self._drop_queue()
        if self._running is not None:
            self.cell_widgets[self._running].show_result(False, f"Stopped. {why}\n{GONE}")
            self._running = None
        self._show_busy()

    def set_zoom(self, factor: float) -> None:
        for button in (self.run_all_button, self.stop_button, self.restore_button):
            button.setFont(_font(TEXT_PT * factor))
        self.device_label.setFont(monospace_font(TEXT_PT * factor))
        self.device_label.setText(self.device_label.text())  # elide again at the new size
        for widget in self.cell_widgets:
            widget.set_zoom(factor)

    # -- running cells ---------------------------------------------------------------------------
    @Slot(int)
    def run_cell(self, index: int) -> None:
        """Queue cell ``index``; it is sent with its code as it is then. Ignored while it waits
        or runs."""
        widget = self.cell_widgets[index]
        if widget.state != CellState.IDLE:
            return
        self._queue.append(index)
        widget.set_state(CellState.QUEUED)
        self._send_next()

    @Slot()
    def run_all(self) -> None:
        for widget in self.cell_widgets:
            self.run_cell(widget.index)

    @Slot()
    def stop(self) -> None:
        """Drop the waiting cells and interrupt the running one."""
        self._drop_queue()
        if self._running is not None:
            self.interrupt_requested.emit()

    @Slot(int)
    def stop_cell(self, index: int) -> None:
        if index == self._running:
            self.stop()
        elif index in self._queue:
            self._queue.remove(index)
            self.cell_widgets[index].set_state(CellState.IDLE)
            self._show_busy()

    @Slot()
    def restore(self) -> None:
        for widget in self.cell_widgets:
            widget.reset()

    def busy(self) -> bool:
        return self._running is not None or bool(self._queue)

    def _send_next(self) -> None:
        if self._running is None and self._ready and self._queue:
            index = self._queue.pop(0)
            widget = self.cell_widgets[index]
            self._running, self._answered = index, False
            widget.set_state(CellState.RUNNING)
            self.lesson_command.emit("run_cell", (index, widget.code()))
        self._show_busy()

    def _drop_queue(self) -> None:
        for index in self._queue:
            self.cell_widgets[index].set_state(CellState.IDLE)
        self._queue.clear()
        self._show_busy()

    def _show_busy(self) -> None:
        self.stop_button.setEnabled(self.busy())

    # -- edited code, for setup files ------------------------------------------------------------
    def edited_cells(self) -> dict[int, str]:
        """The cells whose code differs from the original: cell index -> code."""
        return {w.index: w.code() for w in self.cell_widgets if w.edited()}

    def load_cells(self, cells: dict[int, str]) -> None:
        """Show this code in these cells and the original in every other; nothing changes if
        an entry is not (an existing cell index, text)."""
        for index, code in cells.items():
            if not isinstance(index, int) or not 0 <= index < len(CELLS) or not isinstance(code, str):
                raise ValueError(f"no cell {index!r} with code text (there are {len(CELLS)} cells, "
                                 f"numbered from 0)")
        for widget in self.cell_widgets:
            widget.set_code(cells.get(widget.index, widget.original()))


def shown(text: str) -> str:
    """``text`` as an output box shows it: a line longer than SHOWN_LINE_CHARS is cut, with a count."""
    if len(text) <= SHOWN_LINE_CHARS:
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if len(line) > SHOWN_LINE_CHARS:
            extra = len(line) - SHOWN_LINE_CHARS
            lines[number] = f"{line[:SHOWN_LINE_CHARS]}… ({extra:,} more characters on this line)"
    return "\n".join(lines)


def _font(point_size: float, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


VIEW = TensorsView
