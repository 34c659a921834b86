"""The lesson console's interpreter, living in the run process with copies of the run's objects.

Typed lines arrive one at a time (``push``), as in Python's own REPL: an expression's value is
printed, an unfinished block waits for more lines. Output is capped. ``exit()``, ``quit()`` and
``sys.exit()`` cannot end anything here; Stop interrupts a runaway line (see core.interrupt).
"""

from __future__ import annotations

import codeop
import contextlib
import sys
import traceback
from typing import Any

from core.capped import CappedText
from core.interrupt import Interrupted, interruptible

FILENAME = "<console>"
EXIT_WORDS = "exit() and quit() do nothing here: the console belongs to the window (Ctrl+Q quits).\n"


class Console:
    def __init__(self) -> None:
        self.names: dict[str, Any] = {"__name__": "__console__"}
        disable_exit(self.names)
        self._buffer: list[str] = []
        self._compile = codeop.CommandCompiler()

    def update(self, names: dict[str, Any]) -> None:
        """New copies from the run (they replace the old ones; the user's own names stay)."""
        self.names.update(names)

    def push(self, line: str) -> tuple[str, bool, bool]:
        """Add one typed line; return (output, raised, needs_more)."""
        self._buffer.append(line)
        source = "\n".join(self._buffer)
        out = CappedText()
        try:
            code = self._compile(source, FILENAME, "single")
        except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError) as error:
            self._buffer.clear()
            out.write("".join(traceback.format_exception_only(type(error), error)))
            return out.getvalue(), True, False
        if code is None:
            return "", False, True
        self._buffer.clear()
        raised = False
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            try:
                with interruptible():
                    exec(code, self.names)
            except Interrupted:
                raised = True
                out.write("Stopped.\n")
            except SystemExit:
                raised = True
                out.write(EXIT_WORDS)
            except BaseException as error:  # noqa: BLE001 - the console shows every error
                raised = True
                out.write(_traceback(error))
        return out.getvalue(), raised, False

    def reset_input(self) -> None:
        self._buffer.clear()


def _traceback(error: BaseException) -> str:
    """The console's own frames of the traceback, and the error."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == FILENAME]
    lines = ["Traceback (most recent call last):\n"] if frames else []
    lines += traceback.format_list(frames)
    lines += traceback.format_exception_only(type(error), error)
    return "".join(lines)


def disable_exit(names: dict[str, Any]) -> None:
    """Make exit() and quit() say why they do nothing instead of ending the run process."""

    class _Exit:
        def __repr__(self) -> str:
            return EXIT_WORDS.strip()

        def __call__(self, *args, **kwargs) -> None:
            sys.stdout.write(EXIT_WORDS)

    names["exit"] = names["quit"] = _Exit()
