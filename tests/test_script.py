"""A run exported as a standalone script needs only torch and numpy and ends at the same loss.

Every training variant of every registered lesson is checked on its own (a lesson whose rungs
are not written as scripts yet fails alone); the tensors lesson's cells run as one script. All
scripts run in one child process, with this package made unimportable.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap

import pytest

from core.config import build_config
from core.errors import ConfigError
from core.registry import LESSONS, get_lesson, make_run
from core.script import script
from tests.helpers import run_to

STEPS = 30
CASES = [(lesson.key, variant) for lesson in LESSONS for variant in lesson.variant_names
         if lesson.trains(variant)]

# Runs each script as __main__ with this package made unimportable, and reports its last line.
RUNNER = textwrap.dedent("""
    import contextlib, io, json, runpy, sys, traceback
    for name in ("core", "gui", "resources", "tests"):
        sys.modules[name] = None  # the script must not need this package
    results = {}
    for path in sys.argv[1:]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            try:
                runpy.run_path(path, run_name="__main__")
            except SystemExit:
                pass
            except BaseException:
                print("raised " + traceback.format_exc().strip().splitlines()[-1])
        lines = out.getvalue().strip().splitlines()
        results[path] = lines[-1] if lines else ""
    print(json.dumps(results))
""")


def config_for(key: str, variant: str):
    config = build_config(get_lesson(key), {"variant": variant})
    return config.with_values(steps=min(config.steps, STEPS)) if "steps" in config.values else config


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    """Each case's script written, and all of them run in one plain-python child process:
    case -> (script text or the ConfigError, the script's last line, the run's final loss)."""
    folder = tmp_path_factory.mktemp("scripts")
    cases = {}
    for key, variant in CASES + [("tensors", "cells")]:
        config = config_for(key, variant)
        try:
            text = script(config)
        except ConfigError as error:
            cases[key, variant] = (error, "", None)
            continue
        path = folder / f"{key}-{variant}.py"
        path.write_text(text)
        expected = run_to(make_run(config)).loss if (key, variant) in CASES else None
        cases[key, variant] = (text, str(path), expected)
    paths = [path for _, path, _ in cases.values() if path]
    proc = subprocess.run([sys.executable, "-I", "-c", RUNNER, *paths], capture_output=True,
                          text=True, timeout=300, cwd=folder)
    assert proc.returncode == 0, proc.stderr[-3000:]
    last = json.loads(proc.stdout)
    return {case: (text, last.get(path, ""), expected) for case, (text, path, expected) in cases.items()}


@pytest.mark.parametrize("key, variant", CASES, ids=[f"{k}-{v}" for k, v in CASES])
def test_the_script_runs_on_its_own_and_ends_at_the_runs_loss(ran, key, variant):
    text, last, expected = ran[key, variant]
    if isinstance(text, ConfigError):
        pytest.fail(f"no script: {text}")
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
            assert not any(n.split(".")[0] in ("core", "gui") for n in names)
    assert last.startswith("final loss "), last
    assert float(last.split()[-1]) == pytest.approx(expected, rel=1e-6)


def test_the_tensors_cells_run_as_one_script(ran):
    text, last, _ = ran["tensors", "cells"]
    assert "# %% 1." in text
    assert last and not last.startswith("raised"), last
