"""A Python console into the lesson, evaluated in the run's process, never in the window.

pyqtgraph's ReplWidget gives the output pane, the prompt and the history; each typed line goes to
the run process (``line_entered``) and its output comes back (``show_output``). The names there
are copies of the run's objects, refreshed whenever the run stops, so typing here never touches
the live run. A runaway line is stopped with the Stop button or Ctrl+C; exit() does nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget
from pyqtgraph.console.repl_widget import ReplWidget

from gui.widgets.code_view import monospace_font

INTRO = ("# torch, np, snapshot and copies of this lesson's objects are here (dir() lists them).\n"
         "# The copies are refreshed whenever the run pauses or ends: changing them leaves the run "
         "alone.\n")
SHOWN_LINE_CHARS = 2000  # longer lines are cut on screen: laying out a 1 MB line takes minutes
SHOWN_CHARS = 200_000
BASE_PT = 11


class RemoteRepl(ReplWidget):
    """ReplWidget whose commands run elsewhere: ``line_entered`` out, ``show_output`` back."""

    line_entered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(globals={}, locals={}, parent=parent)
        self._more = False

    def handleCommand(self, cmd: str) -> None:
        prompt = self.input.ps2 if self._more else self.input.ps1
        self.write(shown(f"{prompt}{cmd}") + "\n", style="command")
        self.line_entered.emit(cmd)

    def show_output(self, text: str, raised: bool, more: bool) -> None:
        self._more = more
        self.input.setMultiline(more)
        if text:
            self.write(shown(text) if text.endswith("\n") else shown(text) + "\n")


class ConsolePanel(QWidget):
    line_entered = Signal(str)
    interrupt_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repl = RemoteRepl(self)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop the line that is running (Ctrl+C in the console)")
        self.stop_button.setEnabled(False)
        self.repl.inputLayout.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.repl)
        self.repl.output.setPlainText(INTRO)
        self.repl.line_entered.connect(self._on_line)
        self.stop_button.clicked.connect(self.interrupt_requested)
        stop = QShortcut(QKeySequence("Ctrl+C"), self.repl.input)
        stop.setContext(Qt.ShortcutContext.WidgetShortcut)
        stop.activated.connect(self._stop_from_keys)
        self.outputs: list[str] = []  # every output shown, for tests and exports
        self._running = 0  # lines sent and not answered yet
        self.set_zoom(1.0)

    @property
    def busy(self) -> bool:
        return self._running > 0

    def execute(self, line: str) -> None:
        """Run one line as if typed (the console's own Enter does the same)."""
        self.repl.handleCommand(line)

    def show_output(self, text: str, raised: bool, more: bool) -> None:
        self.outputs.append(text)
        self._running = max(self._running - 1, 0)
        self.stop_button.setEnabled(self.busy)
        self.repl.show_output(text, raised, more)

    def reset_input(self) -> None:
        """The run's process was replaced: nothing is running, the input is free again."""
        if self.busy:
            self._running = 1
            self.show_output("The console's process was restarted; its names are fresh copies.\n",
                             True, False)

    def set_zoom(self, factor: float) -> None:
        font = monospace_font(BASE_PT * factor)
        self.repl.output.setFont(font)
        self.repl.input.setFont(font)
        for style in self.repl.textStyles.values():
            style[0].setFont(font)

    def _on_line(self, line: str) -> None:
        self._running += 1
        self.stop_button.setEnabled(True)
        self.line_entered.emit(line)

    def _stop_from_keys(self) -> None:
        if self.busy:
            self.interrupt_requested.emit()


def shown(text: str) -> str:
    """``text`` as the console shows it: long lines and very long output cut, with a count."""
    cut_total = len(text) > SHOWN_CHARS
    text = text[:SHOWN_CHARS]
    lines = []
    for line in text.split("\n"):
        if len(line) > SHOWN_LINE_CHARS:
            line = f"{line[:SHOWN_LINE_CHARS]}… ({len(line) - SHOWN_LINE_CHARS:,} more characters)"
        lines.append(line)
    out = "\n".join(lines)
    if cut_total:
        out += "\n… (output cut on screen)"
    return out
