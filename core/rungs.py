"""Rungs: the code a student reads, kept free of this package so it can stand alone.

A lesson's runs module holds, for each variant that trains, a rung class written with torch and
numpy only: ``__init__`` takes keyword values named like the lesson's knobs (``lr``, ``seed``,
``device``, ``dtype`` ...) and ``step()`` takes one step and returns the loss (a float, or
``(loss, {term: value})``). The module's ``CODE`` literal lists, per variant, the top-level names
the code panel shows in reading order; the last one is the rung class. The same text, with the
chosen values filled in, is what ``python -m core script`` writes.

``RungRun`` is the harness around a rung: it builds it from the config, steps it, and passes live
learning-rate changes on (to an optimizer and a schedule too, when the rung has them).
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

from core.errors import ConfigError
from core.run import Run


def rung_arguments(cls: type, values: Mapping[str, Any], device: Any) -> dict[str, Any]:
    """The keyword arguments ``cls.__init__`` names, taken from the config's values."""
    arguments = {}
    for name, parameter in inspect.signature(cls).parameters.items():
        if name == "device":
            arguments[name] = device
        elif name in values:
            arguments[name] = values[name]
        elif parameter.default is inspect.Parameter.empty:
            raise ConfigError(f"{cls.__name__} needs a value for {name!r}")
    return arguments


def set_rung_lr(rung: Any, lr: float) -> None:
    """Give a running rung a new learning rate from its next step on.

    A rung that owns a ``torch.optim`` optimizer reads its lr from the param groups; one with a
    schedule scales the schedule's base, so the schedule goes on from where it is.
    """
    old = getattr(rung, "lr", None)
    rung.lr = lr
    scheduler = getattr(rung, "scheduler", None)
    if scheduler is not None and old:
        scheduler.base_lrs = [lr for _ in scheduler.base_lrs]
    optimizer = getattr(rung, "optimizer", None)
    if optimizer is not None:
        for group in optimizer.param_groups:
            # Under a schedule the group's lr is a fraction of the old base: keep the fraction.
            fraction = group["lr"] / old if scheduler is not None and old else 1.0
            group["lr"] = lr * fraction
            if "initial_lr" in group:
                group["initial_lr"] = lr


class RungRun(Run):
    """A run whose training is one rung object; ``rung_class`` is set per variant."""

    rung_class: type = object

    def setup(self) -> None:
        self.rung = self.rung_class(**rung_arguments(self.rung_class, self.config.values, self.device))

    def train_step(self):
        return self.rung.step()

    def on_lr_change(self, lr: float) -> None:
        set_rung_lr(self.rung, lr)

    @classmethod
    def of(cls, rung: type) -> type[RungRun]:
        """This harness around ``rung`` (one subclass per variant, named after the rung)."""
        return type(f"{rung.__name__}Run", (cls,), {"rung_class": rung, "__module__": cls.__module__})
