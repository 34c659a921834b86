"""2x2 matrices (and their products) as rich text: bracketed numbers a person reads at a glance.

A row is one flat table (Qt's rich text lays out flat tables predictably): a line of names, then
the matrices' two lines of numbers between bracket characters, with the signs between them
centred on both lines.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np

HIGHLIGHT = "#FFE9A8"  # the factor the animation is applying now
BRACKETS = (("⎡", "⎤"), ("⎣", "⎦"))


@dataclass(frozen=True)
class Matrix:
    name: str
    values: np.ndarray
    highlight: bool = False


@dataclass(frozen=True)
class Sign:
    text: str


def number(value: float) -> str:
    """Two decimals for everyday sizes; powers of ten for huge or tiny ones (1e+09, not 1000000000.00)."""
    value = float(value)
    if value == 0:
        return "0"
    if not np.isfinite(value):
        return str(value)
    text = f"{value:.3g}" if abs(value) >= 1e4 or abs(value) < 5e-3 else f"{value:.2f}"
    return "0.00" if text == "-0.00" else text.replace("-", "−")


def matrix(name: str, values: np.ndarray, highlight: bool = False) -> Matrix:
    return Matrix(name, np.atleast_2d(values), highlight)


def sign(text: str) -> Sign:
    return Sign(text)


def row(*items: Matrix | Sign) -> str:
    """The items side by side: names above, 2x2 numbers in brackets, signs in between."""
    names, lines = [], [[], []]
    for item in items:
        if isinstance(item, Sign):
            names.append("<td></td>")
            pad = 4 if item.text.strip() else 12  # a blank sign is a gap between two groups
            lines[0].append(f"<td rowspan='2' valign='middle' style='padding: 0 {pad}px;'>"
                            f"{html.escape(item.text)}</td>")
            continue
        shade = f" bgcolor='{HIGHLIGHT}'" if item.highlight else ""
        title = html.escape(item.name)
        names.append(f"<td colspan='4' align='center'{shade}>"
                     f"{f'<b>{title}</b>' if item.highlight else title}</td>")
        for r, (left, right) in enumerate(BRACKETS):
            numbers = "".join(f"<td align='right'{shade} style='padding: 0 3px;'>{number(v)}</td>"
                              for v in item.values[r])
            lines[r].append(f"<td{shade}>{left}</td>{numbers}<td{shade}>{right}</td>")
    body = "".join(f"<tr>{''.join(cells)}</tr>" for cells in (names, *lines))
    return f"<table cellspacing='0' style='font-family: monospace;'>{body}</table>"
