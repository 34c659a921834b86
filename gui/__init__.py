"""Torch Classroom's window: Qt widgets and pyqtgraph plots over the Qt-free ``core`` engine."""
