"""Running the tensors lesson's cells in the run process: each in a fresh namespace, its printed
text (capped) kept as its output.

The window sends ``run_cell`` commands, one cell at a time, with the code as edited; Stop raises
``Interrupted`` inside the cell (core.interrupt), and a cell stuck in one long C call has its
process replaced by the window. The CLI and the tests step through the cells in order instead.
"""

from __future__ import annotations

import contextlib
import traceback
import types
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from core.capped import CappedText
from core.errors import ConfigError
from core.interrupt import Interrupted, interruptible
from core.lessons.tensors import CELLS, CellOutput, TensorsScene
from core.run import Run

CELL_FILE = "<cell>"  # the file name a cell's code gets, so its frames can be picked out
EXIT_WORDS = "exit() ends this cell only; the app goes on."


@dataclass(frozen=True)
class CellResult:
    ok: bool
    output: str  # what the cell printed, then the error if it raised
    names: dict = field(default_factory=dict, compare=False, repr=False)  # its variables, for the console


class CellsRun(Run):
    """A run that trains nothing: a command runs one cell; a step runs the next original cell."""

    def setup(self) -> None:
        self.results: dict[int, CellResult] = {}  # the latest result of each cell run
        self.count = 0
        self.latest = CellOutput(count=0, index=-1, ok=True, output="")
        self.names: dict[str, Any] = {}  # the variables the latest cell left

    @property
    def done(self) -> bool:
        return self.step_count >= len(CELLS)

    def train_step(self) -> None:
        self._run(self.step_count, CELLS[self.step_count].code)
        return None

    def command(self, name: str, payload: Any) -> None:
        if name != "run_cell":
            super().command(name, payload)
        index, code = payload
        if not isinstance(index, int) or not 0 <= index < len(CELLS) or not isinstance(code, str):
            raise ConfigError(f"run_cell needs (a cell number below {len(CELLS)}, its code)")
        self._run(index, code)

    def _run(self, index: int, code: str) -> None:
        result = run_cell(code, str(self.device))
        self.results[index] = result
        self.names = result.names
        self.count += 1
        self.latest = CellOutput(count=self.count, index=index, ok=result.ok, output=result.output)

    def scene(self) -> TensorsScene:
        return TensorsScene(device=str(self.device))

    def frame(self) -> CellOutput:
        return self.latest

    def namespace(self) -> dict[str, Any]:
        # The cell's namespace is not used again by the run, so the console may have it as it is.
        return {"device": str(self.device), **self.names}

    def result(self) -> dict[str, Any]:
        return {"cells": [{"title": CELLS[i].title, "ok": r.ok, "output": r.output}
                          for i, r in sorted(self.results.items())]}


VARIANTS = {"cells": CellsRun}


# -- running one cell ------------------------------------------------------------------------------
def run_cell(code: str, device: str = "cpu") -> CellResult:
    """Run ``code`` in a fresh namespace holding torch, np and ``device``; return what it printed.

    Printing is captured (capped at core.capped's limits); Stop ends the cell between two lines;
    exit() and sys.exit() end the cell, never the process. An error shows the cell's own lines of
    the traceback, not torch's internals.
    """
    out = CappedText()
    namespace = {"__name__": "__cell__", "torch": torch, "np": np, "device": device,
                 "exit": _exit, "quit": _exit}
    ok = False
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            with interruptible():
                exec(compile(code, CELL_FILE, "exec"), namespace)
            ok = True
        except Interrupted as error:
            out.write(_stopped_at(error, code))
        except SystemExit as error:
            out.write(_cell_lines(error, code) + f"SystemExit: {error.code}. {EXIT_WORDS}\n")
        except BaseException as error:  # noqa: BLE001 - every error belongs in the cell's output
            out.write(short_traceback(error, code))
    return CellResult(ok, out.getvalue(), _names(namespace))


def _exit(code: Any = None) -> None:
    """exit() and quit() in a cell: end the cell (without closing stdin, as the builtins do)."""
    raise SystemExit(code)


def _names(namespace: dict) -> dict:
    """The variables a cell left behind (not its modules, nor the helpers it was given)."""
    return {name: value for name, value in namespace.items()
            if not name.startswith("__") and value is not _exit
            and not isinstance(value, types.ModuleType)}


def _stopped_at(error: BaseException, code: str) -> str:
    """Where Stop found the cell: its innermost line of the cell's own code."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == CELL_FILE]
    lines = code.splitlines()
    if not frames or not 0 < (frames[-1].lineno or 0) <= len(lines):
        return "Stopped: Stop was pressed.\n"
    number = frames[-1].lineno
    return f"Stopped at line {number} (Stop was pressed): {lines[number - 1].strip()}\n"


def _cell_lines(error: BaseException, code: str) -> str:
    """The traceback's lines that are the cell's own, as ``line N: source``."""
    lines = code.splitlines()
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == CELL_FILE]
    if not frames:
        return ""
    parts = ["Traceback (most recent call last):\n"]
    for frame in frames:
        number = frame.lineno or 0
        source = lines[number - 1].strip() if 0 < number <= len(lines) else ""
        where = "" if frame.name == "<module>" else f", in {frame.name}"
        parts.append(f"  line {number}{where}: {source}\n")
    return "".join(parts)


def short_traceback(error: BaseException, code: str) -> str:
    """The cell's own lines of the traceback and the error, without torch's internal frames."""
    return _cell_lines(error, code) + "".join(traceback.format_exception_only(type(error), error))
