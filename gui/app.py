"""Start-up: the window paints first, torch loads behind it. ``torch-classroom`` and ``python -m gui``."""

from __future__ import annotations

import os
import sys
import time

SWITCH_INTERVAL_S = 0.001


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication

    # The worker thread is CPU-bound; a short switch interval lets the GUI thread get the GIL back
    # within ~1 ms instead of 5 ms for each of the many Python callbacks a repaint makes.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    QCoreApplication.setOrganizationName("Torch Classroom")
    QCoreApplication.setApplicationName("Torch Classroom")
    app = QApplication(sys.argv if argv is None else argv)
    app.setDesktopFileName("torch-classroom")

    from gui.main_window import MainWindow
    from gui.theme import configure_pyqtgraph

    configure_pyqtgraph()
    window = MainWindow()
    if os.environ.get("TORCH_CLASSROOM_REPORT_FIRST_PAINT"):
        report_first_paint(window)
    window.show()
    # Load torch once the first frame is on screen, so the window never waits for it.
    QTimer.singleShot(0, window.start_loading_torch)
    code = app.exec()
    del window  # Qt objects go before the interpreter tears down modules
    return code


def report_first_paint(widget) -> None:
    """Print the wall-clock time of the window's first paint (for benchmarks/startup.py)."""
    from PySide6.QtCore import QEvent, QObject

    class Reporter(QObject):
        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                print(f"first-paint {time.time():.6f}", flush=True)
                obj.removeEventFilter(self)
            return False

    widget._first_paint_reporter = Reporter(widget)
    widget.installEventFilter(widget._first_paint_reporter)


if __name__ == "__main__":
    sys.exit(main())
