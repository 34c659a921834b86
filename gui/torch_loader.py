"""Import torch off the GUI thread, so the window paints first and stays responsive meanwhile."""

from __future__ import annotations

import traceback

from PySide6.QtCore import QThread, Signal


def warm_imports() -> None:
    """What the tabs need once torch is ready (each lesson's run code for the code panel, the
    highlighter): imported here, not on the GUI thread."""
    import importlib

    import superqt.utils  # noqa: F401

    from core.registry import LESSONS

    for lesson in LESSONS:
        importlib.import_module(lesson.runner)


class TorchLoader(QThread):
    loaded = Signal(object, str)  # list of core.devices.DeviceInfo, torch version
    failed = Signal(str)

    def run(self) -> None:
        try:
            import torch

            import core.run  # noqa: F401  (the engine's torch half, warmed up here too)
            from core.devices import available_devices
            from core.threads import configure_torch_threads
            from gui.worker import prepare_processes

            configure_torch_threads()
            warm_imports()
            prepare_processes()
            self.loaded.emit(available_devices(), torch.__version__)
        except Exception:  # a broken torch install must not kill the window
            self.failed.emit(traceback.format_exc())
