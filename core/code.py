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
    """A runs module's text, what ``CODE`` says about it, and where each top-level name lies.

    The syntax tree is not kept: the window holds one of these per lesson for good, and the trees
    were megabytes of objects that only the script export reads (it parses again).
    """

    text: str
    code: dict[str, tuple[str, ...]]
    spans: dict[str, tuple[int, int]]  # top-level name -> its first and last line

    @property
    def tree(self) -> ast.Module:
        return ast.parse(self.text)

    def definition(self, name: str) -> ast.stmt:
        for node in self.tree.body:
            if name in _names(node):
                return node
        raise KeyError(name)

    def named_segment(self, name: str) -> str:
        first, last = self.spans[name]
        return "\n".join(self.text.splitlines()[first - 1:last])

    def segment(self, node: ast.stmt) -> str:
        lines = self.text.splitlines()
        return "\n".join(lines[_first_line(node) - 1:node.end_lineno])


def _names(node: ast.stmt) -> list[str]:
    """The names a top-level statement defines: a function, a class or plain assignments."""
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    return []


def _first_line(node: ast.stmt) -> int:
    return min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])


@lru_cache(maxsize=None)
def runs_source(module: str) -> RunsSource:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise ConfigError(f"no runs module {module}")
    with open(spec.origin, encoding="utf-8") as handle:
        text = handle.read()
    tree = ast.parse(text)
    code: dict[str, tuple[str, ...]] = {}
    spans: dict[str, tuple[int, int]] = {}
    for node in tree.body:
        for name in _names(node):
            spans.setdefault(name, (_first_line(node), node.end_lineno))
        if isinstance(node, ast.Assign) and "CODE" in _names(node):
            code = {k: tuple(v) for k, v in ast.literal_eval(node.value).items()}
    return RunsSource(text, code, spans)


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
    parts = [source.named_segment(name) for name in pieces(lesson, variant)]
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
