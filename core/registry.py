"""The one tuple of lessons: it drives the window's tabs, the CLI's ``list`` and the tests."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from core.config import Config
from core.errors import ConfigError
from core.lesson import Lesson
from core.lessons import classify, cross_product, sin_fit, space_transforms, tensors, two_layer_net

if TYPE_CHECKING:
    from core.run import Run

# Tab order: the tensors page a teacher opens first, then fitting, geometry, nets, and einsum.
LESSONS: tuple[Lesson, ...] = (
    tensors.LESSON, sin_fit.LESSON, space_transforms.LESSON, two_layer_net.LESSON, cross_product.LESSON,
    classify.LESSON,
)


def lesson_keys() -> tuple[str, ...]:
    return tuple(lesson.key for lesson in LESSONS)


def get_lesson(key: str) -> Lesson:
    for lesson in LESSONS:
        if lesson.key == key:
            return lesson
    raise ConfigError(f"unknown lesson {key!r}; lessons: {', '.join(lesson_keys())}")


def run_class(lesson: Lesson, variant: str) -> type[Run]:
    """The class that runs ``variant`` (imports torch on first use)."""
    return runs_module(lesson).VARIANTS[variant]


def runs_module(lesson: Lesson):
    """The lesson's torch code (imported on first use)."""
    return importlib.import_module(lesson.runner)


def sweep_factory(config: Config):
    """``sweep(config, lrs, device)`` of the config's lesson; ConfigError where it has none."""
    lesson = get_lesson(config.lesson)
    factory = getattr(runs_module(lesson), "sweep", None)
    if factory is None or not lesson.trains(config.variant):
        raise ConfigError(f"{lesson.key} / {config.variant} has no learning rate to sweep")
    return factory


def make_run(config: Config) -> Run:
    """Resolve the device and build the run; raises ConfigError / DeviceError for bad settings."""
    from core.devices import resolve_device

    lesson = get_lesson(config.lesson)
    device = resolve_device(config.device)
    return run_class(lesson, config.variant)(config, device)
