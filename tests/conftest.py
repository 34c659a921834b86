"""Shared fixtures. Qt runs offscreen unless a test starts a real X server itself."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Runs the tests wait for keep their normal priority: two test workers already fill both cores.
os.environ.setdefault("TORCH_CLASSROOM_RUN_NICENESS", "0")
# Every window, in this process or a child, keeps its settings here, never in the user's store.
os.environ["TORCH_CLASSROOM_SETTINGS"] = tempfile.mkdtemp(prefix="torch-classroom-test-settings-")
atexit.register(shutil.rmtree, os.environ["TORCH_CLASSROOM_SETTINGS"], True)

import pytest  # noqa: E402

from gui.serial_fills import paint_fills_on_one_thread  # noqa: E402

paint_fills_on_one_thread()  # as the app paints: before any test starts Qt


def pytest_collection_modifyitems(config, items):
    """The long tests first: with two workers, one runs them while the other runs everything
    else; started last, they would keep one worker busy after the other had finished."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


TIMEOUT = 30_000  # ms: generous for a loaded 2-core machine; conditions end the waits early


@pytest.fixture(autouse=True, scope="session")
def _app_identity():
    """The app's name as the window sets it, with settings kept in a temporary folder (tests and
    benchmarks never read or write the user's own settings)."""
    from PySide6.QtCore import QCoreApplication

    from gui.settings import configure
    from gui.theme import configure_pyqtgraph

    QCoreApplication.setOrganizationName("Torch Classroom Tests")
    QCoreApplication.setApplicationName("Torch Classroom Tests")
    configure()
    configure_pyqtgraph()
    from core.threads import configure_torch_threads

    configure_torch_threads()  # as the app and the CLI run


@pytest.fixture(autouse=True)
def _fresh_settings():
    """Each test starts from an empty store: what one test's window remembers, the next must not."""
    from PySide6.QtCore import QSettings

    QSettings().clear()


@pytest.fixture(scope="session")
def _shared_server():
    """One process server for the whole session (torch loads once); ended at the end.

    Closing a window ends its run processes as always; only the server outlives it here.
    """
    import gui.processes as processes

    real = processes.stop_server
    processes.stop_server = lambda: None
    yield
    processes.stop_server = real
    real()


def open_window(qtbot, keys=None):
    """A main window with the lessons ``keys`` (all when None), its process server ready."""
    from core.registry import LESSONS
    from gui.main_window import MainWindow

    lessons = LESSONS if keys is None else tuple(l for l in LESSONS if l.key in keys)
    win = MainWindow(lessons=lessons)
    qtbot.addWidget(win)
    win.show()
    win.start_server()
    qtbot.waitUntil(lambda: win.devices is not None, timeout=60_000)
    return win


def close_window(win) -> None:
    from gui import run_host

    win.close()
    assert not run_host._HOSTS, "a run process or thread outlived the window"


@pytest.fixture
def window(qtbot, _shared_server):
    """The main window with every lesson; every run process is ended afterwards."""
    win = open_window(qtbot)
    yield win
    close_window(win)


@pytest.fixture
def lesson_window(qtbot, _shared_server):
    """``lesson_window(key)``: a window holding only that lesson's tab (faster to build)."""
    made = []

    def make(key: str):
        win = open_window(qtbot, (key,))
        made.append(win)
        return win

    yield make
    for win in made:
        close_window(win)


@pytest.fixture
def sin_tab(lesson_window, qtbot):
    tab = lesson_window("sin-fit").show_lesson("sin-fit")
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=TIMEOUT)
    return tab
