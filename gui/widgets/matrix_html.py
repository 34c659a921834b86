"""2x2 matrices (and their products) as rich text: bracketed numbers a person reads at a glance."""

from __future__ import annotations

import html

import numpy as np

HIGHLIGHT = "#FFE9A8"  # the factor the animation is applying now


def number(value: float) -> str:
    """Two decimals for everyday sizes; powers of ten for huge or tiny ones (1e+09, not 1000000000.00)."""
    value = float(value)
    if value == 0:
        return "0"
    if not np.isfinite(value):
        return str(value)
    text = f"{value:.3g}" if abs(value) >= 1e4 or abs(value) < 5e-3 else f"{value:.2f}"
    return "0.00" if text == "-0.00" else text.replace("-", "−")


def matrix(name: str, values: np.ndarray, highlight: bool = False) -> str:
    """One named matrix as a table cell: the name above, the numbers between brackets."""
    rows = "".join(
        "<tr>" + "".join(f"<td align='right' style='padding: 0 4px;'>{number(v)}</td>" for v in row)
        + "</tr>" for row in np.atleast_2d(values))
    shade = f" bgcolor='{HIGHLIGHT}'" if highlight else ""
    title = f"<b>{html.escape(name)}</b>" if highlight else html.escape(name)
    return (f"<td{shade} align='center' valign='middle' style='padding: 2px 6px;'>{title}<br>"
            f"<table style='font-family: monospace; border-left: 2px solid #202020; "
            f"border-right: 2px solid #202020;'>{rows}</table></td>")


def sign(text: str) -> str:
    return f"<td valign='middle' style='padding: 0 2px;'>{html.escape(text)}</td>"


def row(*cells: str) -> str:
    """Cells made by ``matrix`` and ``sign``, side by side."""
    return f"<table cellspacing='0'><tr>{''.join(cells)}</tr></table>"
