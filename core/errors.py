"""Errors a user can cause and fix: each carries one clear sentence."""


class ConfigError(ValueError):
    """A value the user gave cannot be used (bad number, out of range, unknown choice)."""


class DeviceError(ConfigError):
    """The requested device does not exist on this machine."""
