"""Setup and lesson-plan files: a prepared run, and a list of them with a note for the class.

A setup is JSON::

    {"format": "torch-classroom/setup", "version": 1, "lesson": "sin-fit",
     "values": {"variant": "numpy", "lr": 1e-06, "steps": 2000, ...every knob},
     "preset": "", "cells": {"3": "edited code of cell 3"}}

A plan is ``{"format": "torch-classroom/plan", "version": 1, "title": ..., "steps": [{"title":
..., "note": ..., "setup": {...a setup...}}]}``. Reading refuses anything it cannot use (not JSON,
another format, a newer version, an unknown lesson, variant or knob, a bad value) with one
sentence; writing goes to a temporary file first, so a file is never left half-written.
"""

from __future__ import annotations

import importlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.config import Config, build_config
from core.errors import ConfigError
from core.registry import get_lesson

SETUP_FORMAT = "torch-classroom/setup"
PLAN_FORMAT = "torch-classroom/plan"
VERSION = 1
SETUP_KEYS = {"format", "version", "lesson", "values", "preset", "cells"}
PLAN_KEYS = {"format", "version", "title", "steps"}
STEP_KEYS = {"title", "note", "setup"}


@dataclass(frozen=True)
class Setup:
    lesson: str
    values: dict[str, Any]  # the variant and every knob, as plain JSON values
    preset: str = ""
    cells: dict[int, str] = field(default_factory=dict)  # edited cell code by index

    def config(self) -> Config:
        """The checked config this setup describes (ConfigError naming the bad key)."""
        lesson = get_lesson(self.lesson)
        known = {p.name for p in lesson.all_params()}
        unknown = sorted(set(self.values) - known)
        if unknown:
            raise ConfigError(f"lesson {lesson.key} has no knob {unknown[0]!r}")
        values = {}
        for name, value in self.values.items():
            param = lesson.param(name)
            if param.kind == "floats" and isinstance(value, list):
                value = tuple(value)
            values[name] = value
        subject = {name: f"setup value {name!r}" for name in known}
        subject["preset"] = "setup preset"
        return build_config(lesson, values, preset=self.preset, subject=subject)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"format": SETUP_FORMAT, "version": VERSION, "lesson": self.lesson,
                                "values": _plain(self.values)}
        if self.preset:
            data["preset"] = self.preset
        if self.cells:
            data["cells"] = {str(k): v for k, v in sorted(self.cells.items())}
        return data

    @classmethod
    def of(cls, config: Config, preset: str = "", cells: dict[int, str] | None = None) -> Setup:
        values = {"variant": config.variant, **config.values}
        return cls(config.lesson, dict(values), preset, dict(cells or {}))


@dataclass(frozen=True)
class PlanStep:
    title: str
    note: str
    setup: Setup


@dataclass(frozen=True)
class Plan:
    title: str
    steps: tuple[PlanStep, ...]


def setup_from_json(data: Any, where: str = "setup") -> Setup:
    _check_header(data, SETUP_FORMAT, SETUP_KEYS, where)
    lesson = data.get("lesson")
    if not isinstance(lesson, str):
        raise ConfigError(f"{where}: \"lesson\" must name a lesson")
    try:
        get_lesson(lesson)
    except ConfigError as error:
        raise ConfigError(f"{where}: {error}") from None
    values = data.get("values", {})
    if not isinstance(values, dict):
        raise ConfigError(f"{where}: \"values\" must be an object of knob: value")
    preset = data.get("preset", "")
    if not isinstance(preset, str):
        raise ConfigError(f"{where}: \"preset\" must be a preset's name")
    cells = data.get("cells", {})
    if not isinstance(cells, dict) or not all(
            isinstance(k, str) and k.isdigit() and isinstance(v, str) for k, v in cells.items()):
        raise ConfigError(f"{where}: \"cells\" must map cell numbers to code")
    setup = Setup(lesson, dict(values), preset, {int(k): v for k, v in cells.items()})
    _check_cells(lesson, setup.cells, where)
    try:
        setup.config()  # refuse bad values now, not when the run starts
    except ConfigError as error:
        raise ConfigError(f"{where}: {error}") from None
    return setup


def _check_cells(key: str, cells: dict[int, str], where: str) -> None:
    """Cells only for a lesson whose declaration has code cells (``CELLS``), and only those."""
    if not cells:
        return
    module = importlib.import_module(f"core.lessons.{key.replace('-', '_')}")
    count = len(getattr(module, "CELLS", ()))
    if not count:
        raise ConfigError(f"{where}: lesson {key} has no code cells for \"cells\"")
    wrong = sorted(i for i in cells if i >= count)
    if wrong:
        raise ConfigError(f"{where}: lesson {key} has no cell {wrong[0]} (its cells are 0 to {count - 1})")


def plan_from_json(data: Any) -> Plan:
    _check_header(data, PLAN_FORMAT, PLAN_KEYS, "plan")
    title = data.get("title", "")
    steps = data.get("steps")
    if not isinstance(title, str):
        raise ConfigError("plan: \"title\" must be text")
    if not isinstance(steps, list) or not steps:
        raise ConfigError("plan: \"steps\" must be a list of at least one step")
    out = []
    for number, step in enumerate(steps, start=1):
        if not isinstance(step, dict):
            raise ConfigError(f"plan step {number} must be an object")
        extra = sorted(set(step) - STEP_KEYS)
        if extra:
            raise ConfigError(f"plan step {number} has an unknown key {extra[0]!r}")
        if not isinstance(step.get("title", ""), str) or not isinstance(step.get("note", ""), str):
            raise ConfigError(f"plan step {number}: title and note must be text")
        setup = setup_from_json(step.get("setup"), f"plan step {number}")
        out.append(PlanStep(step.get("title", ""), step.get("note", ""), setup))
    return Plan(title, tuple(out))


def _check_header(data: Any, kind: str, keys: set[str], where: str) -> None:
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: not a Torch Classroom file (expected a JSON object)")
    if data.get("format") != kind:
        raise ConfigError(f"{where}: not a Torch Classroom {kind.split('/')[1]} "
                          f"(\"format\" is {data.get('format')!r}, expected {kind!r})")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ConfigError(f"{where}: \"version\" must be a whole number")
    if version > VERSION:
        raise ConfigError(f"{where}: version {version} was written by a newer Torch Classroom; "
                          f"this one reads version {VERSION}")
    if version < 1:
        raise ConfigError(f"{where}: version {version} is not a version")
    extra = sorted(set(data) - keys)
    if extra:
        raise ConfigError(f"{where}: unknown key {extra[0]!r}")


def read_json(path: str | os.PathLike) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({error.__class__.__name__})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError(f"{path}: not JSON (line {error.lineno}: {error.msg})") from None


def load_setup(path: str | os.PathLike) -> Setup:
    return setup_from_json(read_json(path), f"{Path(path).name}")


def load_plan(path: str | os.PathLike) -> Plan:
    return plan_from_json(read_json(path))


def file_kind(path: str | os.PathLike) -> str:
    """"setup" or "plan", by the file's format (ConfigError for anything else)."""
    data = read_json(path)
    kind = data.get("format") if isinstance(data, dict) else None
    if kind == SETUP_FORMAT:
        return "setup"
    if kind == PLAN_FORMAT:
        return "plan"
    raise ConfigError(f"{Path(path).name}: not a Torch Classroom setup or plan")


def write_json(path: str | os.PathLike, data: Any) -> None:
    """Write atomically: to a temporary file beside ``path``, then rename over it."""
    path = Path(path)
    text = json.dumps(data, indent=2, allow_nan=False) + "\n"
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_setup(path: str | os.PathLike, setup: Setup) -> None:
    write_json(path, setup.as_json())


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}
