"""A run as a standalone Python script: what a student takes home. Written without importing torch.

The script holds the rung's code exactly as the code panel shows it, the imports and constants
that code uses, the chosen values, and a short loop that prints the loss. It needs torch and numpy
only, never this package, and reaches the same final loss as ``python -m core run`` with the same
settings (one torch thread, the same seeded start, the same steps).
"""

from __future__ import annotations

import ast

from core.code import pieces, rung_code, runs_source
from core.config import Config
from core.errors import ConfigError
from core.registry import get_lesson

MAIN = '''

def main():
    torch.set_num_threads(1)  # as Torch Classroom runs: the same sums in the same order
    run = {call}
    steps = {steps}
    every = max(1, steps // 20)
    loss = float("nan")
    for step in range(1, steps + 1):
        loss = run.step()
        if isinstance(loss, tuple):  # (loss, its terms)
            loss = loss[0]
        if loss is None:  # an animation frame: nothing to report
            continue
        if not math.isfinite(loss):
            print(f"step {{step}}: the loss became {{loss}}: try a smaller learning rate")
            return 1
        if step % every == 0 or step == steps:
            print(f"step {{step:>{width}}}  loss {{loss:.6g}}")
    if loss is None:
        print(f"done: {{steps}} frames (an animation has no loss)")
    else:
        print(f"final loss {{loss!r}}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
'''


def script(config: Config, cells: dict[int, str] | None = None) -> str:
    """The standalone script for ``config`` (with edited ``cells`` for a lesson of code cells);
    ConfigError for a variant that has no rung."""
    lesson = get_lesson(config.lesson)
    if lesson.script_text is not None:
        return lesson.script_text(config, cells) if cells else lesson.script_text(config)
    names = pieces(lesson, config.variant)
    source = runs_source(lesson.runner)
    body = rung_code(lesson, config.variant)
    rung = source.definition(names[-1])
    if not isinstance(rung, ast.ClassDef):
        raise ConfigError(f"{lesson.key} / {config.variant}: its last piece is not a rung class")
    header = _header(lesson, config)
    imports, constants = _context(source, body)
    call = f"{rung.name}({', '.join(_arguments(rung, config))})"
    main = MAIN.format(call=call, steps=config.steps, width=len(str(config.steps)))
    return "\n".join([header, imports, constants]).rstrip() + "\n\n\n" + body.rstrip() + "\n" + main


def _header(lesson, config: Config) -> str:
    settings = ", ".join(f"{k} {v}" for k, v in config.values.items() if k != "speed")
    return (f'"""{lesson.title} · {lesson.variant(config.variant).label}, as a standalone script.\n\n'
            f"Exported from Torch Classroom with: {settings}.\n"
            'Needs only torch and numpy: python this_file.py\n"""\n')


def _context(source, body: str) -> tuple[str, str]:
    """The runs module's imports and constants that the shown code uses (never this package's)."""
    used = {node.id for node in ast.walk(ast.parse(body)) if isinstance(node, ast.Name)}
    used.add("math")  # the loop below uses it
    used.add("torch")
    imports, constants = [], []
    for node in source.tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            module = getattr(node, "module", None) or ""
            if module.startswith("core") or module == "__future__":
                continue
            bound = {(a.asname or a.name).split(".")[0] for a in node.names}
            if bound & used:
                imports.append(source.segment(node))
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id.isupper() and target.id in used:
                constants.append(source.segment(node))
    if not any(line.startswith("import math") for line in imports):
        imports.insert(0, "import math")
    if not any(line.startswith("import torch") for line in imports):
        imports.append("import torch")
    return "\n".join(imports) + "\n", "\n".join(constants) + ("\n" if constants else "")


def _arguments(rung: ast.ClassDef, config: Config) -> list[str]:
    init = next((n for n in rung.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
    names = [a.arg for a in init.args.args[1:] + init.args.kwonlyargs] if init else []
    out = []
    for name in names:
        if name == "device" and config.device == "auto":
            out.append('device="cuda" if torch.cuda.is_available() else "cpu"')
        elif name == "device":
            out.append(f"device={config.device!r}")
        elif name in config.values:
            out.append(f"{name}={config.values[name]!r}")
    return out
