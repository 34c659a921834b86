"""Boundaries users never see but depend on: the import contracts (import-linter, from
pyproject.toml), listing lessons without torch, and a window that never loads torch."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, timeout=120, check=True, cwd=ROOT).stdout
    return {name.split(".")[0] for name in out.split()}


def test_import_contracts_hold():
    linter = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert linter, "import-linter is part of the test extras: pip install -e '.[test]'"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout, not wherever pip pointed
    proc = subprocess.run([linter], capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_lesson_declarations_and_the_window_load_without_torch():
    # The window shows every control, and `python -m core list` answers, before torch has loaded;
    # the window never loads it at all (the run processes do).
    loaded = _modules_after("import core.registry, core.cli, core.code, core.script, gui.main_window")
    assert "torch" not in loaded
