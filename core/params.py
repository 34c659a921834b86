"""Parameter declarations: each knob of a lesson is described once, here or in its lesson file.

The GUI builds its controls from these declarations and the CLI builds its flags from them, so a
parameter is never listed twice. ``parse`` turns typed text into a value, ``check`` refuses values
outside the declared range with one sentence naming the parameter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from core.errors import ConfigError

KINDS = ("float", "int", "choice", "bool", "text", "floats")


@dataclass(frozen=True)
class Param:
    """One knob.

    Parameters
    ----------
    name : python identifier, also the CLI flag (``d_in`` -> ``--d-in``).
    label : short text shown beside the control.
    kind : one of ``KINDS``. ``floats`` is a fixed-size list typed as ``a,b,c,d``
        (``size`` entries); ``text`` is free text checked by the lesson.
    default : value used when nothing else sets it (``None`` allowed for optional values).
    minimum, maximum : inclusive range for numbers.
    log : numbers spread over decades (a log slider in the GUI); values must be > 0.
    choices : allowed values of a ``choice``.
    live : may change while a run is going (applies at the next step).
    help : one or two sentences, shown as a tooltip and in ``--help``.
    variants : variants this knob applies to; ``None`` means all.
    cli : whether the CLI offers it as a flag.
    size : number of entries of a ``floats`` value.
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
    choice_labels: tuple[str, ...] = ()  # what a person reads for each choice (default: the choice)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r} for {self.name}")

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def applies_to(self, variant: str) -> bool:
        return self.variants is None or variant in self.variants

    def parse(self, text: str, subject: str | None = None) -> Any:
        """Turn typed text into a checked value; raise ConfigError naming ``subject``."""
        subject = subject or self.label
        text = text.strip()
        if self.kind in ("float", "int"):
            value = _parse_number(text, self.kind, subject)
        elif self.kind == "bool":
            lowered = text.lower()
            if lowered not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                raise ConfigError(f"{subject} must be yes or no, got {text!r}")
            value = lowered in ("1", "true", "yes", "on")
        elif self.kind == "floats":
            if text.lower() in ("", "none", "random"):
                value = None
            else:
                parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
                value = tuple(_parse_number(p, "float", subject) for p in parts)
        else:
            value = text
        return self.check(value, subject)

    def check(self, value: Any, subject: str | None = None) -> Any:
        """Return ``value`` coerced to this kind, or raise ConfigError with one clear sentence."""
        subject = subject or self.label
        if value is None and (self.default is None):
            return None
        if self.kind in ("float", "int"):
            return self._check_number(value, subject)
        if self.kind == "choice":
            if value not in self.choices:
                raise ConfigError(f"{subject} must be one of {', '.join(self.choices)}, got {value!r}")
            return value
        if self.kind == "bool":
            return bool(value)
        if self.kind == "floats":
            values = tuple(float(v) for v in value)
            if len(values) != self.size:
                raise ConfigError(f"{subject} needs {self.size} numbers, got {len(values)}")
            if not all(math.isfinite(v) for v in values):
                raise ConfigError(f"{subject} must hold finite numbers")
            return values
        return str(value)

    def _check_number(self, value: Any, subject: str) -> float | int:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{subject} must be a number, got {value!r}")
        if not math.isfinite(value):
            raise ConfigError(f"{subject} must be a finite number, got {value}")
        if self.kind == "int":
            if value != int(value):
                raise ConfigError(f"{subject} must be a whole number, got {value:g}")
            value = int(value)
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
        number = float(text.replace("_", ""))
    except ValueError:
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
    "device", "Device", "text", "cpu",
    help="Where the tensors live: cpu, cuda, cuda:N, mps, or auto (the fastest one present).",
)
SPEED = Param(
    "speed", "Speed", "choice", "full", choices=("full", "1000", "100", "10", "1"), live=True,
    cli=False, choice_labels=("Full speed", "1000 steps/s", "100 steps/s", "10 steps/s", "1 step/s"),
    help="Full speed, or at most this many steps per second so the class can watch each step.",
)
COMMON = (LR, STEPS, SEED, DEVICE, SPEED)
