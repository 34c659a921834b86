"""Boundaries users never see but depend on: core is Qt-free, and listing lessons needs no torch."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("PySide6", "pyqtgraph", "superqt", "gui")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    return {name.split(".")[0] for name in out.split()}


def test_core_imports_no_qt_pyqtgraph_or_gui():
    code = ("import core, core.cli, core.registry, importlib, pkgutil, core.runs\n"
            "for m in pkgutil.iter_modules(core.runs.__path__): importlib.import_module('core.runs.' + m.name)")
    loaded = _modules_after(code)
    assert not loaded & set(FORBIDDEN), loaded & set(FORBIDDEN)


def test_lesson_declarations_load_without_torch():
    # The window shows its controls, and `python -m core list` answers, before torch has loaded.
    loaded = _modules_after("import core.registry, core.cli")
    assert "torch" not in loaded
