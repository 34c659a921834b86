"""A run's settings, frozen and built from the declarations: (lesson, variant, values) reproduces a run.

``values`` holds every knob that applies to the variant (common and the lesson's own), checked;
a knob that does not apply is absent, so nothing can pretend to have used it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.errors import ConfigError
from core.lesson import Lesson, frozen


@dataclass(frozen=True)
class Config:
    lesson: str
    variant: str
    values: Mapping[str, Any]

    # The common knobs by name; None where the variant does not use one.
    @property
    def lr(self) -> float | None:
        return self.values.get("lr")

    @property
    def steps(self) -> int:
        return self.values.get("steps", 0)

    @property
    def seed(self) -> int:
        return self.values.get("seed", 0)

    @property
    def device(self) -> str:
        return self.values.get("device", "cpu")

    @property
    def options(self) -> Mapping[str, Any]:
        return self.values

    def option(self, name: str) -> Any:
        return self.values[name]

    def with_values(self, **changes: Any) -> Config:
        """The same config with some values changed (not checked again: for tests and sweeps)."""
        return Config(self.lesson, self.variant, frozen({**self.values, **changes}))

    def __reduce__(self):
        # MappingProxyType does not pickle; a run's config crosses to its process as plain data.
        return (_rebuild, (self.as_dict(),))

    def as_dict(self) -> dict[str, Any]:
        return {"lesson": self.lesson, "variant": self.variant, "values": dict(self.values)}


def _rebuild(data: dict[str, Any]) -> Config:
    return Config(data["lesson"], data["variant"], frozen(data["values"]))


def build_config(
    lesson: Lesson,
    values: Mapping[str, Any] | None = None,
    *,
    preset: str = "",
    subject: Mapping[str, str] | None = None,
) -> Config:
    """Check ``values`` against the lesson's declarations and fill in every default.

    ``subject`` maps a parameter name to the words an error should use for it (the CLI passes its
    flags, the window its labels). Values that do not apply to the chosen variant, and a preset
    that does not apply to it, are refused, so a user never believes a knob did something it did
    not.
    """
    values = dict(values or {})
    subject = dict(subject or {})
    preset_words = subject.get("preset", "Preset")
    if preset and preset not in {p.name for p in lesson.presets}:
        names = ", ".join(p.name for p in lesson.presets) or "none"
        raise ConfigError(f"{preset_words} must be one of {names}, got {preset!r}")
    chosen = lesson.preset(preset).values.get("variant") if preset else None
    variant = values.get("variant") or chosen or lesson.variants[0].name
    if variant not in lesson.variant_names:
        name = subject.get("variant", "Variant")
        raise ConfigError(f"{name} must be one of {', '.join(lesson.variant_names)}, got {variant!r}")
    if chosen and chosen != variant:
        raise ConfigError(f"{preset_words} {preset} is for variant {chosen}, not {variant}")
    if preset:
        _check_preset_applies(lesson, preset, variant, preset_words)
    merged = lesson.defaults_for(variant, preset, values)
    checked: dict[str, Any] = {}
    for param in lesson.all_params():
        if param.name == "variant":
            continue
        words = subject.get(param.name, param.label)
        given = values.get(param.name)
        if not lesson.applies(param, variant):
            if given is not None:
                users = [v for v in lesson.variant_names if lesson.applies(param, v)]
                if not users:
                    raise ConfigError(f"{words} does not apply to lesson {lesson.key}")
                raise ConfigError(f"{words} does not apply to variant {variant} "
                                  f"(only to {', '.join(users)})")
            continue
        checked[param.name] = param.check(merged[param.name] if given is None else given, words)
    if "device" in checked:
        checked["device"] = checked["device"].strip().lower() or "cpu"
    config = Config(lesson.key, variant, frozen(checked))
    if lesson.check is not None:
        lesson.check(config)
    return config


def _check_preset_applies(lesson: Lesson, preset: str, variant: str, words: str) -> None:
    """A preset whose values mean nothing for this variant is refused like any other value."""
    unused = [name for name in lesson.preset(preset).values
              if name != "variant" and not lesson.applies(lesson.param(name), variant)]
    if unused:
        users = [v for v in lesson.variant_names
                 if all(lesson.applies(lesson.param(n), v) for n in unused)]
        where = f" (it is for {', '.join(users)})" if users else ""
        raise ConfigError(f"{words} {preset} does not apply to variant {variant}{where}")
