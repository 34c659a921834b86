"""A run exported as a standalone script needs only torch and numpy and ends at the same loss."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap

import pytest

from core.config import build_config
from core.registry import LESSONS, make_run
from core.script import script
from tests.helpers import run_to

STEPS = 30
CASES = [(lesson, variant) for lesson in LESSONS for variant in lesson.variant_names
         if lesson.trains(variant)]

# Runs each script as __main__ with this package made unimportable, and reports its last line.
RUNNER = textwrap.dedent("""
    import contextlib, io, json, runpy, sys
    for name in ("core", "gui", "resources"):
        sys.modules[name] = None  # the script must not need this package
    results = {}
    for path in sys.argv[1:]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            try:
                runpy.run_path(path, run_name="__main__")
            except SystemExit:
                pass
        results[path] = out.getvalue().strip().splitlines()[-1]
    print(json.dumps(results))
""")


def config_for(lesson, variant):
    config = build_config(lesson, {"variant": variant})
    return config.with_values(steps=min(config.steps, STEPS))


def test_scripts_run_on_their_own_and_match_the_runs(tmp_path):
    paths, expected = [], {}
    for lesson, variant in CASES:
        config = config_for(lesson, variant)
        text = script(config)
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
                assert not any(n.split(".")[0] in ("core", "gui") for n in names), (lesson.key, variant)
        path = tmp_path / f"{lesson.key}-{variant}.py"
        path.write_text(text)
        paths.append(str(path))
        expected[str(path)] = run_to(make_run(config)).loss
    proc = subprocess.run([sys.executable, "-I", "-c", RUNNER, *paths], capture_output=True,
                          text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(proc.stdout)
    for path, last in results.items():
        assert last.startswith("final loss "), (path, last)
        assert float(last.split()[-1]) == pytest.approx(expected[path], rel=1e-6), path
