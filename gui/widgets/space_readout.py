"""The words and matrices beside the space-transforms plane, as rich text built from its frames."""

from __future__ import annotations

import html

import numpy as np

from core.lessons.space_transforms import ClassifierFrame, MapFrame, MapScene, TanhFrame, verdict
from gui import theme
from gui.widgets import matrix_html as mx

VERDICT_COLOURS = {"singular": "#B03A00", "flip": "#8A4B00", "plain": "#2F6B3F"}
FACTOR_OF_STAGE = {1: 3, 2: 2, 3: 1}  # stage (1 Vᵀ, 2 S, 3 U) -> its place in W = U S Vᵀ


def map_matrices(scene: MapScene, frame: MapFrame, narrow: bool) -> list[str]:
    """M(t), then W = U · S · Vᵀ with the factor being applied highlighted (straight path: what
    M(t) blends), in layouts from one row to one matrix a row (``narrow``: a column beside the
    plane, which starts at one group a row)."""
    now = [mx.matrix(scene.matrix_name, frame.M)]
    if scene.path == "straight":
        now.append(mx.sign(f"= (1−{frame.t:.2f})·I + {frame.t:.2f}·W"))
        groups = [now, [mx.matrix("W", scene.W)]]
    else:
        moving = 0 < frame.t < 1
        place = FACTOR_OF_STAGE.get(frame.stage) if moving else None
        groups = [now, [mx.matrix("W", scene.W)], [mx.sign("="), *factor_cells(scene, place)]]
    return layouts(groups, narrow)


def tanh_matrices(scene: MapScene, narrow: bool) -> list[str]:
    return layouts([[mx.matrix("W", scene.W)], [mx.sign("="), *factor_cells(scene, None)]], narrow)


def layouts(groups: list[list], narrow: bool) -> list[str]:
    """The groups as rich text, widest layout first: all on one row; the first two groups on one
    row and the factors under them; one group a row; one matrix a row (a long sign on its own)."""
    rows = [[cell for group in _spaced(groups) for cell in group]]
    if len(groups) > 2:
        rows.append([cell for group in _spaced(groups[:2]) for cell in group] + [None]
                    + groups[2])
    one_each = [_lead_trimmed(group) for group in groups]
    singles = [[cell] for group in one_each for cell in group
               if isinstance(cell, mx.Matrix) or len(cell.text.strip()) > 1]
    options = []
    for cells in ([] if narrow else rows):
        options.append(_rows(_split(cells)))
    options += [_rows(one_each), _rows(singles)]
    return list(dict.fromkeys(options))  # the same layout twice is tried once


def _lead_trimmed(group: list) -> list:
    """A group that starts a row starts with no "=" (it reads on from the row above)."""
    return group[1:] if group and isinstance(group[0], mx.Sign) and group[0].text == "=" else group


def _split(cells: list) -> list[list]:
    """Cells with None where a new row starts."""
    out = [[]]
    for cell in cells:
        if cell is None:
            out.append([])
        else:
            out[-1].append(cell)
    return out


def _rows(rows: list[list]) -> str:
    return "".join(mx.row(*cells) for cells in rows)


def factor_cells(scene: MapScene, highlighted: int | None) -> list:
    """U · S · Vᵀ as played, the one at place ``highlighted`` (1 U, 2 S, 3 Vᵀ) marked."""
    U, S, Vt = scene.played
    return [mx.matrix("U", U, highlighted == 1), mx.sign("·"), mx.matrix("S", S, highlighted == 2),
            mx.sign("·"), mx.matrix("Vᵀ", Vt, highlighted == 3)]


def map_readout(scene: MapScene, frame: MapFrame) -> str:
    return "<br>".join([
        f"σ₁, σ₂ = {mx.number(scene.S[0])}, {mx.number(scene.S[1])} · det W = {det(scene.det)} · "
        f"det {html.escape(scene.matrix_name)} = {det(frame.det)}",
        verdict_html(scene)])


def tanh_readout(scene: MapScene, frame: TanhFrame) -> str:
    return "<br>".join([f"W alone: det W = {det(scene.det)}", verdict_html(scene)])


def det(value: float) -> str:
    """The determinant as computed: 1e+09 stays 1e+09, a tiny non-zero stays non-zero."""
    if value == 0:
        return "0"
    return f"{value:.3g}".replace("-", "−")


def verdict_html(scene: MapScene) -> str:
    words = verdict(scene.det, scene.rank)
    kind = "singular" if scene.rank < 2 or scene.det == 0 else "flip" if scene.det < 0 else "plain"
    if kind == "flip":
        words += " e₂ ends up clockwise of e₁."
    return f"<b style='color: {VERDICT_COLOURS[kind]};'>{html.escape(words)}</b>"


def classifier_readout(frame: ClassifierFrame) -> str:
    w, b = frame.w, frame.b
    norm = float(np.hypot(*w))
    lines = [
        f"w = ({mx.number(w[0])}, {mx.number(w[1])}), |w| = {mx.number(norm)} · "
        f"b = {mx.number(b)}",
        f"loss = {frame.loss:.4f} · accuracy = {100 * frame.accuracy:.1f} %",
        f"{_key('purple')} w, at right angles to the line &nbsp; {_key('blue')} label +1 &nbsp; "
        f"{_key('orange')} label −1",
    ]
    if norm < 1e-12:
        lines.insert(0, "<b>w = 0: no line yet</b>")
    return "<br>".join(lines)


def _key(colour: str) -> str:
    return f"<span style='color: {theme.PALETTE[colour]};'>■</span>"


def _spaced(groups: list[list]) -> list[list]:
    """The groups with a gap between each two (W follows M(t); U · S · Vᵀ follows W)."""
    out = [groups[0]]
    for group in groups[1:]:
        if group and isinstance(group[0], mx.Sign):  # "= U · S · Vᵀ" joins the group before
            out.append(group)
        else:
            out += [[mx.sign(" ")], group]
    return out
