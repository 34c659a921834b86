"""Settings the window reads are checked before use; a store that cannot be written is said."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QSettings


@pytest.fixture
def store(tmp_path):
    """Settings in a folder of this test's own; the session's folder comes back afterwards."""
    old = QSettings().fileName()
    folder = tmp_path / "settings"
    folder.mkdir()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    yield folder
    parent = old.rsplit("/", 2)[0]
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, parent)


def test_a_truncated_geometry_gives_a_window_that_fits_the_screen(qtbot, store):
    from gui.main_window import MainWindow

    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    whole = first.saveGeometry()
    first.close()
    QSettings().setValue("window/geometry", QByteArray(whole.data()[: len(whole) // 2]))
    second = MainWindow()
    qtbot.addWidget(second)
    screen = second.screen().availableGeometry()
    assert second.width() >= 640 and second.height() >= 400
    assert second.width() <= screen.width() and second.height() <= screen.height()
    second.close()


def test_garbage_in_the_store_is_ignored_value_by_value(qtbot, store):
    from gui.main_window import MainWindow

    settings = QSettings()
    settings.setValue("window/geometry", "not a geometry")
    settings.setValue("window/zoom", "abc")
    settings.setValue("window/lesson", 42)
    settings.sync()
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.zoom_factor == 1.0 and window.width() >= 640
    window.close()


def test_a_store_that_cannot_be_written_is_reported_once(qtbot, store):
    from gui.main_window import MainWindow

    path = QSettings().fileName()
    from pathlib import Path

    Path(path).mkdir(parents=True)  # a folder where the settings file should be
    window = MainWindow()
    qtbot.addWidget(window)
    assert "Settings cannot be saved" in window.statusBar().currentMessage()
    window.close()
