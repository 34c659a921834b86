"""``python -m gui ... --screenshot out.png``: render the window offscreen after N steps, save a
PNG and exit (0, or 1 with one line on stderr when the run could not get there).

It runs on Qt's offscreen platform with settings in a temporary folder, so a picture for the docs
neither opens a window nor changes the user's remembered zoom, theme or lesson.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

from gui.options import Options
from gui.widgets.staged_paint import paint_now

TIMEOUT_S = 120


DEFAULT_SCREEN = (1600, 1000)


def prepare(options: Options) -> None:
    """Before the QApplication exists: Qt's offscreen platform with a screen of the picture's
    size (so presenter mode fills exactly that, and a fresh window fits it as on a real one)."""
    import json

    width, height = options.size or DEFAULT_SCREEN
    screen = {"name": "screenshot", "x": 0, "y": 0, "width": width, "height": height,
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    handle, path = tempfile.mkstemp(prefix="torch-classroom-screen-", suffix=".json")
    with os.fdopen(handle, "w") as out:
        json.dump({"screens": [screen]}, out)
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={path}"


def private_settings() -> None:
    """After the application's name is set: settings read and written in a fresh folder."""
    from PySide6.QtCore import QSettings

    folder = tempfile.mkdtemp(prefix="torch-classroom-shot-")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)


def take(window, options: Options) -> int:
    """Show ``window``, take the steps, save the picture; the exit status."""
    from core.protocol import RunState

    window.show()
    if window.starter is None:
        window.start_server()
    try:
        wait(lambda: window.devices is not None or window.closed)
        tab = window.current_tab()
        tab.activate()
        wait(lambda: tab.snapshot is not None and tab.state not in (RunState.LOADING, RunState.RESETTING)
             or tab.state == RunState.FAILED)
        if tab.state == RunState.FAILED:
            settle(window)
            window.grab().save(options.screenshot)  # the picture shows what went wrong
            print(f"torch-classroom: the run could not start ({plain(tab.banner.text())})",
                  file=sys.stderr)
            return 1
        if options.steps_first and tab.lesson.steps_through(tab.controls.variant):
            target = min(options.steps_first, tab.snapshot.steps)
            tab.step_once()  # the first goes through the tab (it checks the settings shown)
            for _ in range(target - 1):
                tab.controller.step()
            wait(lambda: tab.snapshot.step >= target and tab.state != RunState.PLAYING
                 or tab.state.over)
        settle(window)
    except TimeoutError:
        print(f"torch-classroom: the run did not get there within {TIMEOUT_S} s; no picture saved",
              file=sys.stderr)
        return 1
    paint_now(window)
    if not window.grab().save(options.screenshot):
        print(f"torch-classroom: cannot write {options.screenshot}", file=sys.stderr)
        return 1
    return 0


def plain(html: str) -> str:
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText()


def settle(window) -> None:
    """Let layouts, throttled redraws and deferred repaints finish."""
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + 0.3
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def wait(condition, timeout_s: float = TIMEOUT_S) -> None:
    """Run the event loop until ``condition`` holds; TimeoutError after ``timeout_s``."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    deadline = time.monotonic() + timeout_s
    check = QTimer()
    check.setInterval(10)
    check.timeout.connect(lambda: (condition() or time.monotonic() > deadline) and loop.quit())
    check.start()
    if not condition():
        loop.exec()
    check.stop()
    if not condition():
        raise TimeoutError
