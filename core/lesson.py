"""What a lesson is, as data: its variants, its own knobs, its presets, and where its runs live.

A ``Lesson`` is torch-free so that listing lessons, building controls and parsing flags never wait
for torch to import; ``runner`` names the module that holds the torch code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from core.params import COMMON, Param

if TYPE_CHECKING:
    from core.config import Config


def frozen(mapping: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Variant:
    """One rung of a lesson: the same problem solved another way."""

    name: str
    label: str
    summary: str = ""
    defaults: Mapping[str, Any] = field(default_factory=frozen)
    unused: tuple[str, ...] = ()  # common knobs this variant ignores (e.g. "lr" for an animation)
    labels: Mapping[str, str] = field(default_factory=frozen)  # e.g. {"steps": "Frames"}


@dataclass(frozen=True)
class Preset:
    """A named set of values chosen in one click (``--preset NAME`` on the CLI); it may name the
    variant too. Values the user gives explicitly win over the preset's."""

    name: str
    label: str
    values: Mapping[str, Any] = field(default_factory=frozen)


@dataclass(frozen=True)
class Lesson:
    """A lesson's declaration.

    ``runner`` is the dotted module holding ``make_run(config, device)``; ``check`` may refuse a
    combination of values that each look fine alone (raise ConfigError). ``trains`` is False for a
    lesson that has no training loop, so the window hides the training controls.
    """

    key: str
    title: str
    summary: str
    variants: tuple[Variant, ...]
    runner: str
    params: tuple[Param, ...] = ()
    presets: tuple[Preset, ...] = ()
    defaults: Mapping[str, Any] = field(default_factory=frozen)
    check: Callable[[Config], None] | None = None
    trains: bool = True

    @property
    def variant_names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.variants)

    def variant(self, name: str) -> Variant:
        for v in self.variants:
            if v.name == name:
                return v
        raise KeyError(name)

    def preset(self, name: str) -> Preset:
        for p in self.presets:
            if p.name == name:
                return p
        raise KeyError(name)

    @property
    def variant_param(self) -> Param:
        return Param(
            "variant", "Variant", "choice", self.variants[0].name, choices=self.variant_names,
            help="Which way of solving the problem to run; the code panel shows its step.",
        )

    @property
    def preset_param(self) -> Param | None:
        if not self.presets:
            return None
        return Param(
            "preset", "Preset", "choice", "", choices=("",) + tuple(p.name for p in self.presets),
            help="Sets several values at once: " + "; ".join(p.label for p in self.presets) + ".",
        )

    def all_params(self) -> tuple[Param, ...]:
        """Every knob, in display order: variant, the common ones, then the lesson's own."""
        return (self.variant_param, *COMMON, *self.params)

    def applies(self, param: Param, variant: str) -> bool:
        """Whether ``param`` does anything in ``variant`` (the window hides it, the CLI refuses it)."""
        return param.applies_to(variant) and param.name not in self.variant(variant).unused

    def param(self, name: str) -> Param:
        for p in self.all_params():
            if p.name == name:
                return p
        raise KeyError(name)

    def defaults_for(self, variant: str, preset: str = "") -> dict[str, Any]:
        """Defaults, most specific last: declarations < lesson < variant < preset."""
        values: dict[str, Any] = {p.name: p.default for p in self.all_params()}
        values.update(self.defaults)
        values.update(self.variant(variant).defaults)
        if preset:
            values.update(self.preset(preset).values)
        values["variant"] = variant
        return values
