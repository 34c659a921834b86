"""The app in a real X window (Xvfb), driven by real key presses, quit the way a user quits."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

MISSING = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"SKIPPED LOUDLY: no real-window test without {', '.join(MISSING)} "
    "(apt-get install xvfb xdotool; .ci/run installs them)",
)


@pytest.fixture
def display(tmp_path):
    number = next(n for n in range(150, 250) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        assert time.monotonic() < deadline, "Xvfb did not start"
        time.sleep(0.1)
    yield f":{number}"
    server.terminate()
    server.wait(5)


def xdotool(display, *args) -> str:
    env = {**os.environ, "DISPLAY": display}
    return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True,
                          timeout=10).stdout.strip()


def test_space_starts_the_run_and_ctrl_q_quits_cleanly(display, tmp_path):
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "XDG_CONFIG_HOME": str(tmp_path)}  # keep the user's settings out of it
    app = subprocess.Popen([sys.executable, "-m", "gui"], env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    try:
        window = ""
        deadline = time.monotonic() + 30
        while not window:
            assert app.poll() is None, app.communicate()[1]
            assert time.monotonic() < deadline, "no window appeared"
            window = xdotool(display, "search", "--pid", str(app.pid), "--onlyvisible").split("\n")[-1]
            time.sleep(0.2)
        xdotool(display, "windowfocus", "--sync", window)
        from core.registry import lesson_keys

        xdotool(display, "key", f"ctrl+{lesson_keys().index('sin-fit') + 1}")  # its tab, as a user would
        steps = 0
        deadline = time.monotonic() + 40
        while steps == 0:  # Space does nothing until torch has loaded; keep pressing like a user
            assert time.monotonic() < deadline, "Space never started a run"
            xdotool(display, "key", "space")
            time.sleep(1.0)
            match = re.search(r"step ([\d,]+)", xdotool(display, "getwindowname", window))
            steps = int(match.group(1).replace(",", "")) if match else 0
        assert steps > 0
        xdotool(display, "key", "ctrl+q")
        _, stderr = app.communicate(timeout=10)
    finally:
        if app.poll() is None:
            app.kill()
    assert app.returncode == 0, stderr
    assert "QThread: Destroyed" not in stderr and "Fatal" not in stderr, stderr
