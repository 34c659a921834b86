"""Start the process server off the GUI thread and learn what torch sees (the window never imports
torch): its version and the devices it can use."""

from __future__ import annotations

import traceback

from PySide6.QtCore import QThread, Signal


class ServerStarter(QThread):
    """Starts the process server (it imports torch and every lesson) and probes it once.

    ``ready(version, devices)`` or ``failed(details)`` follows. Quitting meanwhile kills the
    server (gui.run_host.shutdown_all), which ends this thread's wait within milliseconds.
    """

    ready = Signal(str, object)  # torch version, list of core.devices.DeviceInfo
    failed = Signal(str)

    def run(self) -> None:
        from core.entry import PROBE
        from gui.processes import context

        try:
            parent_end, child_end = context().Pipe(duplex=False)
            probe = context().Process(target=PROBE, args=(child_end,), name="torch-classroom-probe")
            probe.start()
            child_end.close()
            version, devices = parent_end.recv()
            probe.join()
            self.ready.emit(version, devices)
        except Exception:  # a broken torch install, or a quit while it loads
            if not self.isInterruptionRequested():
                self.failed.emit(traceback.format_exc())
