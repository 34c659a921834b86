"""Tensors and autograd basics: short cells of real code, each run on its own, in order.

The cells are data (titles, one sentence, code as text), so this file stays torch-free. In the
window each cell runs in the run process, in a fresh namespace holding ``torch``, ``np`` and
``device`` (the chosen device's name). The code panel shows every cell as one script, and
``python -m core script tensors`` writes that script out to run with plain ``python``.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, replace

from core.lesson import Lesson, Variant
from core.state import Frame, Scene


@dataclass(frozen=True)
class Cell:
    title: str
    explanation: str  # one sentence: what the output shows
    code: str


CELLS: tuple[Cell, ...] = (
    Cell(
        "A tensor from data",
        "torch.tensor copies a nested Python list into a tensor and guesses the dtype from the "
        "numbers: whole numbers give int64, a dtype argument overrides it.",
        """\
data = [[1, 2], [3, 4]]
x = torch.tensor(data)
print(x)
print(x.dtype)
y = torch.tensor(data, dtype=torch.float32)
print(y)
""",
    ),
    Cell(
        "A tensor from a NumPy array shares its memory",
        "torch.from_numpy wraps an existing array without copying it: a change to the array shows "
        "in the tensor and a change to the tensor shows in the array, while torch.tensor(a) makes "
        "a copy that keeps its own values.",
        """\
a = np.array([1.5, 2.5, 3.5])
t = torch.from_numpy(a)  # no copy: a's own memory
c = torch.tensor(a)  # a copy
print(t, t.dtype)
a[0] = 100.0  # change the array...
print("after a[0] = 100: t =", t.tolist())
print("the copy:         c =", c.tolist())
t[1] = -1.0  # ...or change the tensor
print("after t[1] = -1:  a =", a.tolist())
""",
    ),
    Cell(
        "A tensor from another tensor",
        "The *_like functions make a new tensor with the shape (and dtype, unless told otherwise) "
        "of an existing one: ones_like fills it with 1, rand_like with random numbers in [0, 1), "
        "drawn from a private generator so they are the same on every run.",
        """\
x = torch.tensor([[1, 2], [3, 4]])
ones = torch.ones_like(x)  # x's shape and dtype
print(ones)
# our own generator, not torch's global one
gen = torch.Generator().manual_seed(0)
# random numbers need a float dtype
noise = torch.rand_like(x, dtype=torch.float32,
                        generator=gen)
print(noise)
""",
    ),
    Cell(
        "Shape, dtype and device",
        "Every tensor carries three attributes worth checking first when something breaks: its "
        "shape, its number type and the device its memory lives on.",
        """\
# a private generator: the same numbers on every run
gen = torch.Generator().manual_seed(0)
t = torch.rand(3, 4, generator=gen)
print("shape: ", t.shape)
print("dtype: ", t.dtype)
print("device:", t.device)
""",
    ),
    Cell(
        "Moving a tensor to the chosen device",
        "t.to(device) returns a copy on that device (or t itself if it is already there); "
        "`device` is the one chosen in the controls.",
        """\
t = torch.ones(2, 3)
print("t lives on", t.device)
u = t.to(device)
print("u lives on", u.device)
print(u * 2)  # computed where the data lives
""",
    ),
    Cell(
        "Indexing and slicing",
        "Rows, columns and ranges are picked exactly as in NumPy, and assigning to a slice "
        "changes the tensor.",
        """\
t = torch.arange(12).reshape(3, 4)
print(t)
print("first row:   ", t[0])
print("first column:", t[:, 0])
print("last column: ", t[..., -1])
t[:, 1] = 0  # write through a slice
print(t)
""",
    ),
    Cell(
        "Joining tensors: cat and stack",
        "cat glues tensors along an existing dimension, so that dimension grows; stack puts them "
        "side by side along a new one.",
        """\
a = torch.ones(2, 3)
b = torch.zeros(2, 3)
print("cat dim 0:", torch.cat([a, b], dim=0).shape)
print("cat dim 1:", torch.cat([a, b], dim=1).shape)
print("stack:    ", torch.stack([a, b]).shape)
print(torch.cat([a, b], dim=1))
""",
    ),
    Cell(
        "* multiplies elements, @ multiplies matrices",
        "a * b multiplies entry by entry, while a @ b (the same as a.matmul(b)) takes rows times "
        "columns: two different results from the same two matrices.",
        """\
a = torch.tensor([[1.0, 2.0], [3.0, 4.0]], device=device)
print("a * a =")
print(a * a)
print("a @ a =")
print(a @ a)
same = torch.equal(a @ a, a.matmul(a))
print("same as a.matmul(a):", same)
""",
    ),
    Cell(
        "In-place operations end in _",
        "x.add(5) returns a new tensor and leaves x alone; x.add_(5) and x.copy_(src) change x "
        "itself, in its own memory, which saves memory but overwrites values autograd may still "
        "need.",
        """\
x = torch.ones(2, 2)
y = x.add(5)  # a new tensor
print("after y = x.add(5): x =", x.tolist())
print("                    y =", y.tolist())
x.add_(5)
print("after x.add_(5):    x =", x.tolist())
# [7, 8] is spread over x's shape, as floats
x.copy_(torch.tensor([7, 8]))
print("after x.copy_(...): x =", x.tolist())
""",
    ),
    Cell(
        "t.numpy() shares memory too",
        "t.numpy() hands over the tensor's memory instead of a copy, so a change to one side "
        "shows up on the other, in both directions.",
        """\
t = torch.ones(4)
n = t.numpy()  # no copy: the same four numbers
t.add_(1)  # change the tensor...
print("after t.add_(1): t =", t.tolist())
print("                 n =", n.tolist())
n *= 10  # ...or change the array, in place
print("after n *= 10:   t =", t.tolist())
print("                 n =", n.tolist())
""",
    ),
    Cell(
        "requires_grad, backward() and .grad",
        "Marking x with requires_grad=True makes torch record what is computed from it; "
        "y.backward() then fills x.grad with dy/dx, here 2x.",
        """\
x = torch.tensor([1.0, 2.0, 3.0], device=device,
                 requires_grad=True)
y = (x ** 2).sum()  # y = x1² + x2² + x3²
print("y =", y.item())
y.backward()
print("x.grad =", x.grad.tolist())  # dy/dx = 2x
""",
    ),
    Cell(
        "Gradients add up until you reset them",
        "A second backward() adds its gradient to .grad instead of replacing it, which is why "
        "training loops clear .grad (zero_() or = None) before every step.",
        """\
x = torch.tensor([1.0, 2.0, 3.0], device=device,
                 requires_grad=True)
(x ** 2).sum().backward()
print("after one backward:  ", x.grad.tolist())
(x ** 2).sum().backward()  # the same gradient again
print("after two backwards: ", x.grad.tolist())
x.grad.zero_()  # reset in place...
print("after x.grad.zero_():", x.grad.tolist())
x.grad = None  # ...or drop it
print("after x.grad = None: ", x.grad)
""",
    ),
    Cell(
        "torch.no_grad()",
        "Inside torch.no_grad() nothing is recorded, which is how a training step updates a "
        "weight in place without autograd following the update.",
        """\
w = torch.tensor([1.0, 2.0], device=device,
                 requires_grad=True)
loss = (w ** 2).sum()
loss.backward()
with torch.no_grad():
    w -= 0.1 * w.grad  # one gradient-descent step
    doubled = w * 2
print("w after the step:", w)
print("doubled.requires_grad:", doubled.requires_grad)
print("(w * 2).requires_grad:", (w * 2).requires_grad)
""",
    ),
)


@dataclass(frozen=True)
class TensorsScene(Scene):
    device: str  # what ``device`` holds in the cells, resolved ("cpu", "cuda:0", ...)


@dataclass(frozen=True)
class CellOutput(Frame):
    """The result of the cell that ran last; the view keeps every cell's on screen."""

    count: int  # cells run since the reset: a new count is a new result
    index: int  # which cell it was (-1 before the first)
    ok: bool  # it ran to its end (no error, not stopped)
    output: str  # what it printed, capped, then its error if it had one


# -- the cells as one script --------------------------------------------------------------------
PANEL_DEVICE = 'device = "cpu"  # in the window: the device chosen on the left'
PREAMBLE = '''\
# In the window each cell runs on its own, in a fresh namespace holding these three names.
import numpy as np
import torch

{device}
'''


def cells_text(device_line: str = PANEL_DEVICE, cells: tuple[Cell, ...] = CELLS) -> str:
    """Every cell under a ``# %%`` heading (editors run such a file cell by cell), with its
    sentence as a comment: what the code panel shows, and the body of the exported script."""
    parts = [PREAMBLE.format(device=device_line)]
    for number, cell in enumerate(cells, start=1):
        comment = textwrap.wrap(cell.explanation, width=72, initial_indent="# ",
                                subsequent_indent="# ")
        parts.append("\n".join([f"# %% {number}. {cell.title}", *comment, cell.code.rstrip("\n")]))
    return "\n\n".join(parts) + "\n"


def code_text(variant: str) -> str:
    return cells_text()


def script_text(config, edited: dict[int, str] | None = None) -> str:
    """The cells as a standalone script for ``config``'s device: torch and numpy only, with the
    code of ``edited`` cells (index -> code) in place of the original."""
    if config.device == "auto":
        device_line = 'device = "cuda" if torch.cuda.is_available() else "cpu"'
    else:
        device_line = f"device = {config.device!r}"
    header = ('"""Tensors and autograd: the cells of Torch Classroom\'s first lesson, as one '
              "script.\n\nNeeds only torch and numpy: python this_file.py\n\"\"\"\n")
    cells = tuple(replace(cell, code=edited[i]) if i in (edited or {}) else cell
                  for i, cell in enumerate(CELLS))
    return header + cells_text(device_line, cells)


VARIANTS = (
    Variant("cells", "Cells",
            "Each cell is a few lines of real PyTorch: run it, change it, run it again.",
            unused=("lr", "steps", "seed", "speed")),
)

LESSON = Lesson(
    key="tensors",
    title="Tensors and autograd",
    summary="Tensors, their NumPy bridge and autograd, one short runnable cell at a time.",
    variants=VARIANTS,
    runner="core.runs.tensors",
    code_text=code_text,
    script_text=script_text,
    scene=TensorsScene,
    frame=CellOutput,
)
