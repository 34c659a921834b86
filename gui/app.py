"""Start-up and shutdown: ``torch-classroom`` and ``python -m gui``.

The window paints first; the process server (which loads torch) starts behind it. Quitting, by
Ctrl+Q, closing the window, SIGINT (Ctrl+C in the terminal) or SIGTERM, always takes the same
path: the window ends every run process and thread, then every Qt object is deleted before the
interpreter tears down, and the exit status is 0.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import time


def prepare_process() -> None:
    """What a process that opens the window does first, before any thread starts or Qt paints:
    one heap for all its threads, and Qt's fills on the painting thread."""
    from core.memory_release import one_heap
    from gui.serial_fills import paint_fills_on_one_thread

    one_heap()
    paint_fills_on_one_thread()


def main(argv: list[str] | None = None) -> int:
    from gui import options as command_line, screenshot

    prepare_process()

    argv = sys.argv if argv is None else argv
    options = command_line.parse(argv[1:])
    if options.screenshot:
        screenshot.prepare(options)
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName("Torch Classroom")
    QCoreApplication.setApplicationName("Torch Classroom")
    from gui.settings import configure

    configure()  # $TORCH_CLASSROOM_SETTINGS, if set, keeps the store out of the user's own
    app = QApplication.instance() or QApplication(argv[:1])
    app.setDesktopFileName("torch-classroom")
    if options.screenshot:
        screenshot.private_settings()

    from gui.main_window import MainWindow
    from gui.theme import configure_pyqtgraph

    configure_pyqtgraph()
    window = MainWindow()
    from gui import launch, source_lines

    source_lines.install(window)

    launch.apply(window, options)
    if options.file:  # torch-classroom FILE
        window.files.open_path(options.file)
    if options.screenshot:
        code = screenshot.take(window, options)
        teardown(window)
        return code
    wake = SignalWake(window)
    report = bool(os.environ.get("TORCH_CLASSROOM_REPORT_FIRST_PAINT"))
    # The server (and torch in it) starts once the first frame is on screen.
    after_first_paint(window, report)
    window.show()
    code = app.exec()
    wake.close()
    teardown(window)
    return code


def after_first_paint(window, report: bool) -> None:
    """Start the process server right after ``window`` first paints."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watcher(QObject):
        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                obj.removeEventFilter(self)
                if report:
                    print(f"first-paint {time.time():.6f}", flush=True)  # benchmarks/startup.py
                QTimer.singleShot(0, window.start_server)
            return False

    watcher = Watcher(window)  # owned by the window: deleted with it
    window.installEventFilter(watcher)


class SignalWake:
    """SIGINT and SIGTERM close the window as Ctrl+Q does.

    Python runs a signal handler only between bytecodes, and Qt's event loop runs none while it
    waits; the C-level handler writes to a socket that a QSocketNotifier watches, which wakes the
    event loop.
    """

    def __init__(self, window) -> None:
        from PySide6.QtCore import QSocketNotifier

        self._read, self._write = socket.socketpair()
        for end in (self._read, self._write):
            end.setblocking(False)
        signal.set_wakeup_fd(self._write.fileno())
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, lambda signum, frame: None)  # the wake-up byte does the work
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, window)
        self._notifier.activated.connect(lambda: self._woken(window))

    def _woken(self, window) -> None:
        try:
            self._read.recv(64)
        except OSError:
            pass
        window.close()

    def close(self) -> None:
        """Back to the default handlers (called once the window is gone)."""
        signal.set_wakeup_fd(-1)
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, signal.SIG_DFL)
        self._read.close()
        self._write.close()


def teardown(window) -> None:
    """Delete every Qt object in a known order while the interpreter is whole."""
    import shiboken6
    from PySide6.QtWidgets import QApplication

    from PySide6.QtCore import QSettings

    if not window.closed:
        window.shutdown()
    QSettings().sync()  # on disk now: run() leaves without the interpreter's own clean-up
    app = QApplication.instance()
    shiboken6.delete(window)
    app.processEvents()
    app.shutdown()


def run() -> None:
    """``torch-classroom`` and ``python -m gui``: ``main()``, then exit at once.

    By then every Qt object is deleted, every child process has ended and the settings are on disk;
    what is left is the interpreter freeing tens of thousands of Python objects one by one, which
    took up to half a second after a signal. Leaving with ``os._exit`` skips only that.
    """
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
