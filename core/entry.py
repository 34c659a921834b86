"""A reference to a function in core.driver_process that pickles without importing it.

The window starts run processes with these as targets: importing core.driver_process would load
torch into the window, which only the run processes need.
"""

from __future__ import annotations

import importlib
from typing import Any


class Entry:
    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, *args: Any) -> Any:
        module = importlib.import_module("core.driver_process")
        return getattr(module, self.name)(*args)


SERVE = Entry("serve")
PROBE = Entry("probe")
