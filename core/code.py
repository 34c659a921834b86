"""The code panel's text, read from a lesson's runs module without importing it (no torch).

A runs module's ``CODE`` literal lists, per variant, the top-level names a student reads, in
reading order (helpers first, the rung class last). Each is cut from the file as written, once.
``rung_diff`` shows a rung against the one before it: the tutorial's ladder, where the difference
is the lesson.
"""

from __future__ import annotations

import ast
import difflib
import importlib.util
from dataclasses import dataclass
from functools import lru_cache

from core.errors import ConfigError
from core.lesson import Lesson


@dataclass(frozen=True)
class RunsSource:
    """A runs module's text and what ``CODE`` says about it."""

    text: str
    tree: ast.Module
    code: dict[str, tuple[str, ...]]

    def definition(self, name: str) -> ast.stmt:
        for node in self.tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
                return node
            if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == name for t in node.targets):
                return node
        raise KeyError(name)

    def segment(self, node: ast.stmt) -> str:
        lines = self.text.splitlines()
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        return "\n".join(lines[first - 1:node.end_lineno])


@lru_cache(maxsize=None)
def runs_source(module: str) -> RunsSource:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise ConfigError(f"no runs module {module}")
    with open(spec.origin, encoding="utf-8") as handle:
        text = handle.read()
    tree = ast.parse(text)
    code: dict[str, tuple[str, ...]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "CODE"
                                                for t in node.targets):
            code = {k: tuple(v) for k, v in ast.literal_eval(node.value).items()}
    return RunsSource(text, tree, code)


def pieces(lesson: Lesson, variant: str) -> tuple[str, ...]:
    """The names shown for ``variant``, in reading order (the last one is the rung)."""
    source = runs_source(lesson.runner)
    if variant not in source.code:
        raise ConfigError(f"{lesson.key} / {variant} has no code listed in {lesson.runner}.CODE")
    return source.code[variant]


def rung_code(lesson: Lesson, variant: str) -> str:
    """Exactly what the code panel shows for ``variant``."""
    if lesson.code_text is not None:
        return lesson.code_text(variant)
    source = runs_source(lesson.runner)
    parts = [source.segment(source.definition(name)) for name in pieces(lesson, variant)]
    return "\n\n\n".join(parts) + "\n"


def previous_variant(lesson: Lesson, variant: str) -> str | None:
    names = lesson.variant_names
    index = names.index(variant)
    return names[index - 1] if index > 0 else None


def rung_diff(lesson: Lesson, variant: str) -> str:
    """``variant``'s code as a diff against the rung before it (the first rung: all added)."""
    before = previous_variant(lesson, variant)
    old = rung_code(lesson, before).splitlines() if before else []
    new = rung_code(lesson, variant).splitlines()
    old_name = lesson.variant(before).label if before else "(nothing: the first rung)"
    lines = difflib.unified_diff(old, new, fromfile=old_name, tofile=lesson.variant(variant).label,
                                 n=3, lineterm="")
    return "\n".join(lines) + "\n"
