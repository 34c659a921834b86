"""Shared fixtures. Qt runs offscreen unless a test starts a real X server itself."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _app_identity(tmp_path_factory):
    """The app's name as the window sets it, with settings kept in a temporary folder."""
    from PySide6.QtCore import QCoreApplication, QSettings

    from gui.theme import configure_pyqtgraph

    QCoreApplication.setOrganizationName("Torch Classroom Tests")
    QCoreApplication.setApplicationName("Torch Classroom Tests")
    folder = str(tmp_path_factory.mktemp("settings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
    configure_pyqtgraph()
    from core.threads import configure_torch_threads

    configure_torch_threads()  # as the app and the CLI run


@pytest.fixture
def window(qtbot):
    """The main window with torch reported ready; every worker is stopped afterwards."""
    import torch

    from core.devices import available_devices
    from gui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    win._on_torch_loaded(available_devices(), torch.__version__)
    yield win
    win.close()
    for tab in win.built_tabs():
        assert tab.handle is None, f"{tab.lesson.key}: worker still attached after close"


@pytest.fixture
def sin_tab(window, qtbot):
    tab = window.show_lesson("sin-fit")
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=10_000)
    return tab
