"""Shared fixtures. Qt runs offscreen unless a test starts a real X server itself."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _pyqtgraph_theme():
    from gui.theme import configure_pyqtgraph

    configure_pyqtgraph()
