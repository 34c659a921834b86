"""Parameter declarations: each knob of a lesson is described once, here or in its lesson file.

The window builds its controls from these declarations (the widget is chosen by ``kind``), the CLI
its flags, setup files their keys and ``Config`` its values, so a knob is never listed twice.
``parse`` turns typed text into a value; ``check`` refuses values outside the declared range, or
that do not fit the dtype they are used in, with one sentence naming the knob.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from core.errors import ConfigError

# float, int: numbers (log: spread over decades); choice: one of ``choices``; bool; text: free
# text checked by the lesson; floats: a fixed-size list typed as ``a,b,c,d``; device: where the
# tensors live; speed: steps per second, or FULL_SPEED.
KINDS = ("float", "int", "choice", "bool", "text", "floats", "device", "speed")
FULL_SPEED = 0.0
# The largest finite value of each floating dtype a value may be used in.
DTYPE_MAX = {"float32": 3.4028234663852886e38, "float64": 1.7976931348623157e308}


@dataclass(frozen=True)
class Param:
    """One knob.

    Parameters
    ----------
    name : python identifier, also the CLI flag (``d_in`` -> ``--d-in``) and the setup-file key.
    label : short text shown beside the control.
    kind : one of ``KINDS``.
    default : value used when nothing else sets it (``None`` allowed for optional values).
    minimum, maximum : inclusive range for numbers (for ``speed``: the capped range).
    log : numbers spread over decades (a log slider in the window); values must be > 0.
    choices, choice_labels : allowed values of a ``choice`` and what a person reads for each.
    live : may change while a run goes on (the driver applies it before the next step).
    help : one or two sentences, shown as a tooltip and in ``--help``.
    variants : variants this knob applies to; ``None`` means all.
    cli : whether the CLI offers it as a flag.
    size : number of entries of a ``floats`` value.
    dtype : the tensor dtype a ``floats`` value is used in; values it cannot hold are refused.
    only_with : (another knob's name, its values) for which this knob does anything; with any
        other value the window greys it out (e.g. a class count only for data sets with K classes).
    """

    name: str
    label: str
    kind: str
    default: Any
    minimum: float | None = None
    maximum: float | None = None
    log: bool = False
    choices: tuple[str, ...] = ()
    live: bool = False
    help: str = ""
    variants: tuple[str, ...] | None = None
    cli: bool = True
    size: int = 0
    choice_labels: tuple[str, ...] = ()
    dtype: str = "float64"
    only_with: tuple[str, tuple[str, ...]] | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r} for {self.name}")

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def applies_to(self, variant: str) -> bool:
        return self.variants is None or variant in self.variants

    def matters_with(self, values: dict[str, Any]) -> bool:
        """Whether this knob does anything given the other knobs' ``values``."""
        if self.only_with is None:
            return True
        other, wanted = self.only_with
        return values.get(other) in wanted

    def choice_label(self, value: str) -> str:
        labels = dict(zip(self.choices, self.choice_labels or self.choices))
        return labels.get(value, value) or "(none)"

    def parse(self, text: str, subject: str | None = None) -> Any:
        """Turn typed text into a checked value; raise ConfigError naming ``subject``."""
        subject = subject or self.label
        text = str(text).strip()
        if self.kind in ("float", "int"):
            value = _parse_number(text, self.kind, subject)
        elif self.kind == "speed":
            value = FULL_SPEED if text.lower() in ("full", "0") else _parse_number(text, "float", subject)
        elif self.kind == "bool":
            lowered = text.lower()
            if lowered not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                raise ConfigError(f"{subject} must be yes or no, got {text!r}")
            value = lowered in ("1", "true", "yes", "on")
        elif self.kind == "floats":
            value = self._parse_floats(text, subject)
        else:
            value = text
        return self.check(value, subject)

    def _parse_floats(self, text: str, subject: str) -> tuple[float, ...] | None:
        if text.lower() in ("", "none", "random"):
            return None
        parts = [p.strip() for p in text.replace(";", ",").split(",")]
        if any(not p for p in parts):
            raise ConfigError(f"{subject} has an empty item in {text!r}: give {self.size} numbers "
                              "separated by commas")
        return tuple(_parse_number(p, "float", subject) for p in parts)

    def check(self, value: Any, subject: str | None = None) -> Any:
        """Return ``value`` coerced to this kind, or raise ConfigError with one clear sentence."""
        subject = subject or self.label
        if value is None and self.default is None:
            return None
        if self.kind in ("float", "int"):
            return self._check_number(value, subject)
        if self.kind == "speed":
            return self._check_speed(value, subject)
        if self.kind == "choice":
            if not isinstance(value, str) or value not in self.choices:
                shown = ", ".join(c for c in self.choices if c)
                raise ConfigError(f"{subject} must be one of {shown}, got {value!r}")
            return value
        if self.kind == "bool":
            if not isinstance(value, (bool, int)) or isinstance(value, float):
                raise ConfigError(f"{subject} must be yes or no, got {value!r}")
            return bool(value)
        if self.kind == "floats":
            return self._check_floats(value, subject)
        if self.kind == "device":
            from core.devices import check_device_name

            if not isinstance(value, str):
                raise ConfigError(f"{subject} must be a device name, got {value!r}")
            return check_device_name(value, subject)
        if not isinstance(value, str):
            raise ConfigError(f"{subject} must be text, got {value!r}")
        return value

    def _check_floats(self, value: Any, subject: str) -> tuple[float, ...]:
        if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
            raise ConfigError(f"{subject} must be a list of {self.size} numbers, got {value!r}")
        items = list(value)
        if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in items):
            raise ConfigError(f"{subject} must hold numbers, got {value!r}")
        values = tuple(float(v) for v in items)
        if len(values) != self.size:
            raise ConfigError(f"{subject} needs {self.size} numbers, got {len(values)}")
        if not all(math.isfinite(v) for v in values):
            raise ConfigError(f"{subject} must hold finite numbers")
        limit = DTYPE_MAX[self.dtype]
        too_big = [v for v in values if abs(v) > limit]
        if too_big:
            raise ConfigError(f"{subject}: {too_big[0]:g} does not fit in {self.dtype}, "
                              f"whose largest number is {limit:.4g}")
        return values

    def _check_speed(self, value: Any, subject: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{subject} must be a number of steps per second or full, got {value!r}")
        if value == FULL_SPEED:
            return FULL_SPEED
        low, high = self.minimum, self.maximum
        if not math.isfinite(value) or not low <= value <= high:
            raise ConfigError(f"{subject} must be between {low:g} and {high:g} steps per second "
                              f"(or full), got {value:g}")
        return float(value)

    def _check_number(self, value: Any, subject: str) -> float | int:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{subject} must be a number, got {value!r}")
        if not math.isfinite(value):
            raise ConfigError(f"{subject} must be a finite number, got {value}")
        if self.kind == "int":
            if value != int(value):
                raise ConfigError(f"{subject} must be a whole number, got {value:g}")
            value = int(value)
        else:
            value = float(value)
        if self.log and value <= 0:
            raise ConfigError(f"{subject} must be > 0, got {value:g}")
        low, high = self.minimum, self.maximum
        if low is not None and high is not None and not low <= value <= high:
            raise ConfigError(f"{subject} must be between {low:g} and {high:g}, got {value:g}")
        if low is not None and value < low:
            raise ConfigError(f"{subject} must be >= {low:g}, got {value:g}")
        if high is not None and value > high:
            raise ConfigError(f"{subject} must be <= {high:g}, got {value:g}")
        return value


def _parse_number(text: str, kind: str, subject: str) -> float | int:
    try:
        number = float(text)  # also reads 1e-3, 1_000, inf and nan (refused by check)
    except (ValueError, OverflowError):
        raise ConfigError(f"{subject} must be a number, got {text!r}") from None
    if kind == "int" and math.isfinite(number) and number == int(number):
        return int(number)
    return number


# The knobs every training lesson has. Lessons override defaults per variant.
LR = Param(
    "lr", "Learning rate", "float", 1e-3, minimum=1e-8, maximum=10.0, log=True, live=True,
    help="How far each step moves the parameters along the negative gradient. "
    "Changes apply at the next step.",
)
STEPS = Param(
    "steps", "Steps", "int", 2000, minimum=1, maximum=1_000_000,
    help="How many optimisation steps the run takes.",
)
SEED = Param(
    "seed", "Seed", "int", 0, minimum=0, maximum=2**31 - 1,
    help="Seeds every random number of the run: the same seed gives the same numbers.",
)
DEVICE = Param(
    "device", "Device", "device", "cpu",
    help="Where the tensors live: cpu, cuda, cuda:N, mps, or auto (the fastest one present).",
)
SPEED = Param(
    "speed", "Speed", "speed", 200.0, minimum=0.5, maximum=5000.0, log=True, live=True, cli=False,
    help="Steps per second, slow enough to narrate or full speed. Changes apply at once.",
)
COMMON = (LR, STEPS, SEED, DEVICE, SPEED)
