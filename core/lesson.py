"""What a lesson is, as data: its variants, its own knobs, its presets, and where its runs live.

A ``Lesson`` is torch-free so that listing lessons, building controls and parsing flags never wait
for torch to import; ``runner`` names the module that holds the torch code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from core.params import COMMON, STEPS, Param
from core.state import Frame, NoScene, Scene

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
    scene: type[Scene] | None = None  # the view's per-run data, when it differs from the lesson's
    frame: type[Frame] | None = None  # the view's per-step data, when it differs from the lesson's


@dataclass(frozen=True)
class Preset:
    """A named set of values chosen in one click (``--preset NAME`` on the CLI); it may name the
    variant too. Values the user gives explicitly win over the preset's."""

    name: str
    label: str
    values: Mapping[str, Any] = field(default_factory=frozen)


@dataclass(frozen=True)
class Linked:
    """Defaults that follow another knob's value: choosing ``param = value`` also brings these
    (e.g. each optimizer its own learning rate). Values the user gives explicitly still win."""

    param: str
    value: Any
    defaults: Mapping[str, Any] = field(default_factory=frozen)


@dataclass(frozen=True)
class Lesson:
    """A lesson's declaration.

    ``runner`` is the dotted module holding the runs (``VARIANTS``: variant name -> Run class);
    ``check`` may refuse a combination of values that each look fine alone (raise ConfigError).
    ``scene`` and ``frame`` are the typed data its view receives: ``scene`` once after each reset,
    ``frame`` with every snapshot (a variant may declare its own).
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
    linked: tuple[Linked, ...] = ()
    # Only for a lesson whose code is not rungs in its runs module (the tensors cells):
    code_text: Callable[[str], str] | None = None  # variant -> the code panel's text
    script_text: Callable[[Config], str] | None = None  # config -> a standalone script
    scene: type[Scene] = NoScene
    frame: type[Frame] = Frame

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
            choice_labels=tuple(v.label for v in self.variants),
            help="Which way of solving the problem to run; the code panel shows its step.",
        )

    @property
    def preset_param(self) -> Param | None:
        if not self.presets:
            return None
        return Param(
            "preset", "Preset", "choice", "", choices=("",) + tuple(p.name for p in self.presets),
            choice_labels=("(none)",) + tuple(p.label for p in self.presets),
            help="Sets several values at once: " + "; ".join(p.label for p in self.presets) + ".",
        )

    def all_params(self) -> tuple[Param, ...]:
        """Every knob, in display order: variant, the common ones, then the lesson's own."""
        return (self.variant_param, *COMMON, *self.params)

    def applies(self, param: Param, variant: str) -> bool:
        """Whether ``param`` does anything in ``variant`` (the window hides it, the CLI refuses it)."""
        return param.applies_to(variant) and param.name not in self.variant(variant).unused

    def scene_type(self, variant: str) -> type[Scene]:
        return self.variant(variant).scene or self.scene

    def frame_type(self, variant: str) -> type[Frame]:
        return self.variant(variant).frame or self.frame

    def steps_through(self, variant: str) -> bool:
        """Whether the variant is a loop of steps (Start / Step / Reset), not only commands."""
        return self.applies(STEPS, variant)

    def trains(self, variant: str) -> bool:
        """Whether the variant has a learning rate, and so a loss to sweep and advice to give."""
        return self.applies(self.param("lr"), variant)

    def param(self, name: str) -> Param:
        for p in self.all_params():
            if p.name == name:
                return p
        raise KeyError(name)

    def defaults_for(self, variant: str, preset: str = "",
                     chosen: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Defaults, most specific last: declarations < lesson < variant < linked < preset.

        ``chosen`` holds values the user gave; they decide which linked defaults apply.
        """
        values: dict[str, Any] = {p.name: p.default for p in self.all_params()}
        values.update(self.defaults)
        values.update(self.variant(variant).defaults)
        preset_values = dict(self.preset(preset).values) if preset else {}
        decided = {**values, **preset_values, **{k: v for k, v in (chosen or {}).items()
                                                   if v is not None}}
        for link in self.linked:
            if decided.get(link.param) == link.value and self.applies(self.param(link.param), variant):
                values.update(link.defaults)
        values.update(preset_values)
        values["variant"] = variant
        return values

    def linked_defaults(self, name: str, value: Any) -> dict[str, Any]:
        """What choosing ``name = value`` brings along (for the controls to show at once)."""
        found: dict[str, Any] = {}
        for link in self.linked:
            if link.param == name and link.value == value:
                found.update(link.defaults)
        return found
