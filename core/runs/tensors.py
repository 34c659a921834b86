"""Running the tensors lesson's cells: each in a fresh namespace, its printed text kept as its output.

``run_cell`` is all the GUI needs (it runs one edited cell at a time on a worker thread); the
``Cells`` run steps through every cell in order for the CLI and the tests.
"""

from __future__ import annotations

import builtins
import io
import sys
import threading
import traceback
import types
from dataclasses import dataclass, field

import numpy as np
import torch

from core.lessons.tensors import CELLS
from core.run import Run

CELL_FILE = "<cell>"  # the file name a cell's code gets, so its frames can be picked out


@dataclass(frozen=True)
class CellResult:
    ok: bool
    output: str  # what the cell printed, then the error if it raised
    names: dict = field(default_factory=dict, compare=False, repr=False)  # its variables, for a console


class Cells(Run):
    """One step runs the next cell; nothing is trained, so there is no loss."""

    def setup(self):
        self.results: list[CellResult] = []

    def train_step(self):
        if self.step_count < len(CELLS):
            code = CELLS[self.step_count].code
            self.results.append(run_cell(code, str(self.device)))
        return None

    def view_state(self):
        return {"cells": self.result()["cells"]}

    def namespace(self):
        last = self.results[-1].names if self.results else {}
        return {**super().namespace(), **last}

    def result(self):
        return {"cells": [
            {"title": cell.title, "ok": result.ok, "output": result.output}
            for cell, result in zip(CELLS, self.results)
        ]}


VARIANTS = {"cells": Cells}


# -- helpers ---------------------------------------------------------------------------------------
class CellStopped(Exception):
    """Raised inside a cell's code when its ``stop`` event is set (the Stop button, or closing)."""


def run_cell(code: str, device: str = "cpu", stop: threading.Event | None = None) -> CellResult:
    """Run ``code`` in a fresh namespace holding torch, np and ``device``; return what it printed.

    The cell gets its own ``print`` that writes to a local buffer instead of redirecting
    ``sys.stdout``: redirecting is process-wide, and a cell run on a worker thread must not
    capture (or lose) what other threads print at the same time. With ``stop``, setting the
    event ends the cell at its next line, so an endless loop typed by mistake can be stopped.
    """
    buffer = io.StringIO()

    def cell_print(*args, sep=" ", end="\n", file=None, flush=False):
        if file is None or file is sys.stdout or file is sys.stderr:
            file = buffer
        builtins.print(*args, sep=sep, end=end, file=file, flush=flush)

    namespace = {"__name__": "__cell__", "__builtins__": builtins, "print": cell_print,
                 "torch": torch, "np": np, "device": device}
    previous = sys.gettrace()
    if stop is not None:
        sys.settrace(_stopper(stop))  # this thread only
    try:
        exec(compile(code, CELL_FILE, "exec"), namespace)
    except (Exception, SystemExit) as error:  # SystemExit too: exit() in a cell must not end the app
        return CellResult(False, buffer.getvalue() + short_traceback(error, code), _names(namespace))
    finally:
        if stop is not None:
            sys.settrace(previous)
    return CellResult(True, buffer.getvalue(), _names(namespace))


def _names(namespace: dict) -> dict:
    """The variables a cell left behind (not its modules, nor the print bound to its buffer)."""
    return {name: value for name, value in namespace.items()
            if not name.startswith("__") and name != "print"
            and not isinstance(value, types.ModuleType)}


def _stopper(stop: threading.Event):
    """A trace function that checks ``stop`` on every line of the cell's own code (not torch's)."""

    def on_line(frame, event, arg):
        if stop.is_set():
            raise CellStopped("stopped before it finished")
        return on_line

    def on_call(frame, event, arg):
        if frame.f_code.co_filename != CELL_FILE:
            return None  # library code runs untraced, at full speed
        return on_line(frame, event, arg)

    return on_call


def short_traceback(error: BaseException, code: str) -> str:
    """The cell's own lines of the traceback and the error, without torch's internal frames."""
    lines = code.splitlines()
    parts = []
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == CELL_FILE]
    if frames:
        parts.append("Traceback (most recent call last):\n")
        for frame in frames:
            source = lines[frame.lineno - 1].strip() if frame.lineno and frame.lineno <= len(lines) else ""
            where = "" if frame.name == "<module>" else f", in {frame.name}"
            parts.append(f"  line {frame.lineno}{where}: {source}\n")
    if isinstance(error, CellStopped):
        parts.append("Stopped before it finished.\n")
    else:
        parts.extend(traceback.format_exception_only(type(error), error))
    return "".join(parts)
