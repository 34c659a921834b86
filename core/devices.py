"""Which devices torch can use here, and turning a name like ``cuda:1`` into one (or a clear error)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.errors import ConfigError, DeviceError

_NAME = re.compile(r"^(cpu|auto|mps|cuda(?::(\d+))?)$")


@dataclass(frozen=True)
class DeviceInfo:
    name: str  # what torch.device accepts: "cpu", "cuda:0", "mps"
    label: str  # what a person reads: "cuda:0 (NVIDIA H100)"


def available_devices() -> list[DeviceInfo]:
    """cpu always, then every CUDA GPU by index and name, then Apple's mps."""
    import torch

    found = [DeviceInfo("cpu", "cpu")]
    if torch.cuda.is_available():
        for index in range(torch.cuda.device_count()):
            name = torch.cuda.get_device_name(index)
            found.append(DeviceInfo(f"cuda:{index}", f"cuda:{index} ({name})"))
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        found.append(DeviceInfo("mps", "mps (Apple GPU)"))
    return found


def check_device_name(name: str, subject: str = "device") -> str:
    """Refuse a name that is no device at all, without importing torch."""
    name = name.strip().lower()
    if not _NAME.match(name):
        raise ConfigError(f"{subject} must be cpu, cuda, cuda:N, mps or auto, got {name!r}")
    return name


def resolve_device(name: str, subject: str = "device"):
    """Return the ``torch.device`` for ``name``; raise DeviceError naming what is available."""
    import torch

    asked = check_device_name(name, subject)
    present = [d.name for d in available_devices()]
    if asked == "auto":
        return torch.device(present[1] if len(present) > 1 else "cpu")
    name = "cuda:0" if asked == "cuda" else asked
    if name not in present:
        raise DeviceError(f"{subject} {asked} is not available here; available: {', '.join(present)}")
    return torch.device(name)
