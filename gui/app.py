"""Start-up: the window paints first, torch loads behind it. ``torch-classroom`` and ``python -m gui``."""

from __future__ import annotations

import os
import sys
import time

SWITCH_INTERVAL_S = 0.001


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    # The GUI thread shares the interpreter with the torch loader and with cell jobs; a short
    # switch interval lets it get the GIL back within ~1 ms for each callback a repaint makes.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    QCoreApplication.setOrganizationName("Torch Classroom")
    QCoreApplication.setApplicationName("Torch Classroom")
    app = QApplication(sys.argv if argv is None else argv)
    app.setDesktopFileName("torch-classroom")

    from gui.main_window import MainWindow
    from gui.theme import configure_pyqtgraph

    configure_pyqtgraph()
    window = MainWindow()
    report = bool(os.environ.get("TORCH_CLASSROOM_REPORT_FIRST_PAINT"))
    # Load torch once the first frame is on screen: started earlier, it competes with the window
    # for the GIL and the window appears later. The other tabs are built once torch is ready.
    after_first_paint(window, lambda: _started(window, report))
    window.show()
    code = app.exec()
    del window  # Qt objects go before the interpreter tears down modules
    return code


def _started(window, report: bool) -> None:
    from PySide6.QtCore import QTimer

    if report:
        print(f"first-paint {time.time():.6f}", flush=True)  # read by benchmarks/startup.py
    QTimer.singleShot(0, window.start_loading_torch)


def after_first_paint(widget, callback) -> None:
    """Call ``callback`` once, right after ``widget`` first paints."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watcher(QObject):
        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                obj.removeEventFilter(self)
                QTimer.singleShot(0, callback)
            return False

    widget._first_paint_watcher = Watcher(widget)
    widget.installEventFilter(widget._first_paint_watcher)


if __name__ == "__main__":
    sys.exit(main())
