"""Start-up: process start to the window's first paint, against a bare Qt window in the same run."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE_WINDOW = """
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
class Reporter(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(f"first-paint {time.time():.6f}", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
w = QWidget(); w.resize(1500, 900); reporter = Reporter(); w.installEventFilter(reporter); w.show()
app.exec()
"""


def first_paint_seconds(args: list[str]) -> float:
    env = {"TORCH_CLASSROOM_SETTINGS": tempfile.mkdtemp(prefix="torch-classroom-bench-"),
           **os.environ, "TORCH_CLASSROOM_REPORT_FIRST_PAINT": "1"}
    started = time.time()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        for line in proc.stdout:
            if line.startswith("first-paint "):
                return float(line.split()[1]) - started
        raise RuntimeError("the program exited before painting")
    finally:
        proc.terminate()
        proc.wait(10)


def main(repeats: int = 5) -> None:
    app = [first_paint_seconds([sys.executable, "-m", "gui"]) for _ in range(repeats)]
    bare = [first_paint_seconds([sys.executable, "-c", BARE_WINDOW]) for _ in range(repeats)]
    app_s, bare_s = statistics.median(app), statistics.median(bare)
    print(f"platform: {os.environ.get('QT_QPA_PLATFORM', 'default')}, median of {repeats}")
    print(f"start-up to first paint: {app_s:.2f} s   goal <= 1.0 s")
    print(f"a bare Qt window: {bare_s:.2f} s; ratio app / bare: {app_s / bare_s:.2f}")


if __name__ == "__main__":
    main()
