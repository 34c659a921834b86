"""The window paints its fills on its own thread: no helper threads to wait for."""

import os
import subprocess
import sys

import pytest

# Fills a plot-sized area the way the raster engine blends translucent colour, then names the
# threads the process has. Qt starts its painting pool lazily, on the first big fill.
SCRIPT = """
import os, sys
if sys.argv[1] == "app":
    from gui.serial_fills import paint_fills_on_one_thread
    paint_fills_on_one_thread()
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
app = QGuiApplication(["fills"])
image = QImage(1200, 800, QImage.Format.Format_RGB32)
painter = QPainter(image)
for _ in range(5):
    painter.fillRect(image.rect(), QColor(20, 40, 200, 120))
painter.end()
names = [open(f"/proc/self/task/{task}/comm").read().strip() for task in os.listdir("/proc/self/task")]
print(sum("pooled" in name for name in names))
"""


def pooled_threads(mode: str) -> int:
    env = {key: value for key, value in os.environ.items() if key != "QT_NO_GUI_THREADPOOL"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts threads through /proc")
def test_the_app_fills_without_qts_helper_threads():
    assert pooled_threads("qt-default") > 0, "Qt no longer hands big fills to its pool"
    assert pooled_threads("app") == 0
