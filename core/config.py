"""A run's settings, frozen: (lesson, variant, lr, steps, seed, device, options) reproduces a run."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.errors import ConfigError
from core.lesson import Lesson, frozen

COMMON_FIELDS = ("variant", "lr", "steps", "seed", "device")


@dataclass(frozen=True)
class Config:
    lesson: str
    variant: str
    lr: float
    steps: int
    seed: int
    device: str
    options: Mapping[str, Any]

    def option(self, name: str) -> Any:
        return self.options[name]

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **changes)

    def __reduce__(self):
        # MappingProxyType does not pickle; a run's config crosses to its process as plain data.
        return (_rebuild, (self.as_dict(),))

    def as_dict(self) -> dict[str, Any]:
        return {
            "lesson": self.lesson, "variant": self.variant, "lr": self.lr, "steps": self.steps,
            "seed": self.seed, "device": self.device, "options": dict(self.options),
        }


def _rebuild(data: dict[str, Any]) -> Config:
    return Config(**{**data, "options": frozen(data["options"])})


def build_config(
    lesson: Lesson,
    values: Mapping[str, Any] | None = None,
    *,
    preset: str = "",
    subject: Mapping[str, str] | None = None,
) -> Config:
    """Check ``values`` against the lesson's declarations and fill in every default.

    ``subject`` maps a parameter name to the words an error should use for it (the CLI passes its
    flags, the GUI its labels). Values that do not apply to the chosen variant are refused, so a
    user never believes a knob did something it did not.
    """
    values = dict(values or {})
    subject = dict(subject or {})
    if preset and preset not in {p.name for p in lesson.presets}:
        names = ", ".join(p.name for p in lesson.presets) or "none"
        raise ConfigError(f"{subject.get('preset', 'Preset')} must be one of {names}, got {preset!r}")
    chosen = lesson.preset(preset).values.get("variant") if preset else None
    variant = values.get("variant") or chosen or lesson.variants[0].name
    if variant not in lesson.variant_names:
        name = subject.get("variant", "Variant")
        raise ConfigError(f"{name} must be one of {', '.join(lesson.variant_names)}, got {variant!r}")
    merged = lesson.defaults_for(variant, preset)
    checked: dict[str, Any] = {}
    for param in lesson.all_params():
        words = subject.get(param.name, param.label)
        if param.name in values and values[param.name] is not None:
            if not lesson.applies(param, variant):
                users = [v for v in lesson.variant_names if lesson.applies(param, v)]
                if not users:
                    raise ConfigError(f"{words} does not apply to lesson {lesson.key}")
                raise ConfigError(f"{words} does not apply to variant {variant} "
                                  f"(only to {', '.join(users)})")
            checked[param.name] = param.check(values[param.name], words)
        else:
            checked[param.name] = param.check(merged[param.name], words)
    options = {p.name: checked[p.name] for p in lesson.params if lesson.applies(p, variant)}
    config = Config(
        lesson=lesson.key, variant=variant, lr=float(checked["lr"]), steps=int(checked["steps"]),
        seed=int(checked["seed"]), device=str(checked["device"]).strip() or "cpu",
        options=frozen(options),
    )
    if lesson.check is not None:
        lesson.check(config)
    return config
