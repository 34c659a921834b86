"""Tensors lesson: every cell prints what its text promises, errors stay inside the cell, the tab runs
cells off the GUI thread and keeps working after a failure."""

from __future__ import annotations

import ast
import json
import re
import threading
import time

import numpy as np
import pytest

from core.cli import main
from core.config import build_config
from core.errors import ConfigError
from core.lessons.tensors import CELLS, LESSON
from core.runs.tensors import CellResult, run_cell
from tests.helpers import make, run_to

BY_TITLE = {cell.title: cell for cell in CELLS}


def output_of(title: str) -> str:
    result = run_cell(BY_TITLE[title].code, "cpu")
    assert result.ok, result.output
    return result.output


def after(output: str, label: str):
    """The Python value printed after ``label`` on its line (a list, a bool, None...)."""
    for line in output.splitlines():
        if line.startswith(label):
            return ast.literal_eval(line[len(label):].strip())
    raise AssertionError(f"no line starting {label!r} in:\n{output}")


def numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+\.?\d*(?:e-?\d+)?", text)]


# -- the cells, one by one -----------------------------------------------------------------------
@pytest.mark.parametrize("cell", CELLS, ids=[c.title for c in CELLS])
def test_every_cell_runs_on_cpu_and_prints(cell):
    result = run_cell(cell.code, "cpu")
    assert result.ok, result.output
    assert result.output.strip()


def test_tensor_from_data_guesses_int64_and_takes_a_dtype():
    out = output_of("A tensor from data")
    assert "torch.int64" in out
    assert "tensor([[1., 2.]," in out  # the float32 copy prints with decimal points


def test_tensor_from_numpy_keeps_the_arrays_dtype():
    out = output_of("A tensor from a NumPy array")
    assert "torch.float64" in out
    assert numbers(out.split("dtype")[0]) == [1.5, 2.5, 3.5, 4.5]


def test_like_functions_keep_the_shape_and_rand_like_repeats():
    out = output_of("A tensor from another tensor")
    ones, noise = out.split("tensor(")[1:3]
    assert numbers(ones) == [1, 1, 1, 1]
    values = numbers(noise)
    assert len(values) == 4 and all(0 <= v < 1 for v in values)
    assert output_of("A tensor from another tensor") == out  # seeded: the class sees the same numbers


def test_attributes_cell_shows_shape_dtype_and_device():
    out = output_of("Shape, dtype and device")
    assert "shape:  torch.Size([3, 4])" in out
    assert "dtype:  torch.float32" in out
    assert "device: cpu" in out
    assert output_of("Shape, dtype and device") == out


def test_moving_cell_uses_the_chosen_device():
    out = output_of("Moving a tensor to the chosen device")
    assert "u lives on cpu" in out
    assert numbers(out.split("tensor(")[1]) == [2.0] * 6


def test_indexing_cell_picks_rows_columns_and_writes_through_a_slice():
    out = output_of("Indexing and slicing")
    assert "first row:    tensor([0, 1, 2, 3])" in out
    assert "first column: tensor([0, 4, 8])" in out
    assert "last column:  tensor([ 3,  7, 11])" in out
    last = numbers(out.rsplit("tensor(", 1)[1])
    assert last == [0, 0, 2, 3, 4, 0, 6, 7, 8, 0, 10, 11]


def test_cat_grows_a_dimension_and_stack_adds_one():
    out = output_of("Joining tensors: cat and stack")
    assert "cat dim 0: torch.Size([4, 3])" in out
    assert "cat dim 1: torch.Size([2, 6])" in out
    assert "stack:     torch.Size([2, 2, 3])" in out


def test_star_and_matmul_give_different_results():
    out = output_of("* multiplies elements, @ multiplies matrices")
    star = numbers(out.split("a * a =")[1].split("a @ a =")[0])
    matmul = numbers(out.split("a @ a =")[1].split("same as")[0])
    assert star == [1, 4, 9, 16]
    assert matmul == [7, 10, 15, 22]
    assert after(out, "same as a.matmul(a):") is True


def test_in_place_ops_change_the_tensor_and_plain_ones_do_not():
    out = output_of("In-place operations end in _")
    x_part, y_part = out.splitlines()[0].split(":", 1)[1].split("y =")
    assert numbers(x_part) == [1.0] * 4  # x.add(5) left x alone
    assert numbers(y_part) == [6.0] * 4
    assert after(out, "after x.add_(5):    x =") == [[6.0, 6.0], [6.0, 6.0]]
    assert after(out, "after x.mul_(2):    x =") == [[12.0, 12.0], [12.0, 12.0]]


def test_numpy_bridge_shows_each_change_on_both_sides():
    out = output_of("The NumPy bridge shares memory")
    lines = out.splitlines()
    for line, expected in zip(lines, (2.0, 20.0)):
        tensor_side = numbers(line.split("t =")[1].split("n =")[0])
        array_side = numbers(line.split("n =")[1])
        assert tensor_side == array_side == [expected] * 4, line


def test_backward_fills_grad_with_the_derivative():
    out = output_of("requires_grad, backward() and .grad")
    assert after(out, "y =") == 14.0
    assert after(out, "x.grad =") == [2.0, 4.0, 6.0]


def test_second_backward_doubles_the_gradient_and_reset_clears_it():
    out = output_of("Gradients add up until you reset them")
    once = after(out, "after one backward:")
    twice = after(out, "after two backwards:")
    assert once == [2.0, 4.0, 6.0]
    assert twice == [2 * g for g in once]
    assert after(out, "after x.grad.zero_():") == [0.0, 0.0, 0.0]
    assert "after x.grad = None:  None" in out


def test_no_grad_updates_the_weight_without_recording():
    out = output_of("torch.no_grad()")
    assert np.allclose(numbers(out.splitlines()[0]), [0.8, 1.6])
    assert after(out, "doubled.requires_grad:") is False
    assert after(out, "(w * 2).requires_grad:") is True


# -- running a cell --------------------------------------------------------------------------------
def test_an_error_shows_the_cells_line_and_the_error_not_torchs_internals():
    code = "print('before')\na = torch.ones(2, 3)\nb = a @ a\nprint('after')\n"
    result = run_cell(code, "cpu")
    assert not result.ok
    assert result.output.startswith("before\n")
    assert "line 3: b = a @ a" in result.output
    assert result.output.rstrip().splitlines()[-1].startswith("RuntimeError: mat1 and mat2 shapes")
    assert "site-packages" not in result.output and "after" not in result.output


def test_syntax_error_and_exit_are_reported_not_raised():
    assert "SyntaxError" in run_cell("x = (\n").output
    result = run_cell("raise SystemExit(3)")
    assert not result.ok and "SystemExit: 3" in result.output


def test_each_cell_starts_from_a_fresh_namespace():
    assert run_cell("leftover = 1").ok
    result = run_cell("print(leftover)")
    assert "NameError" in result.output


def test_cell_output_stays_out_of_stdout_and_other_threads(capsys):
    outputs = {}

    def worker(tag):
        code = f"for i in range(200):\n    print('{tag}', i)\n"
        outputs[tag] = run_cell(code).output

    threads = [threading.Thread(target=worker, args=(tag,)) for tag in ("left", "right")]
    for thread in threads:
        thread.start()
    print("from the test itself")
    for thread in threads:
        thread.join()
    assert capsys.readouterr().out == "from the test itself\n"
    for tag, other in (("left", "right"), ("right", "left")):
        lines = outputs[tag].splitlines()
        assert len(lines) == 200 and all(line.startswith(tag) for line in lines)
        assert other not in outputs[tag]


def test_stop_event_ends_an_endless_loop():
    stop = threading.Event()
    box: list[CellResult] = []
    thread = threading.Thread(target=lambda: box.append(run_cell("while True:\n    pass\n", stop=stop)))
    thread.start()
    time.sleep(0.1)
    stop.set()
    thread.join(5)
    assert not thread.is_alive()
    assert not box[0].ok and "Stopped" in box[0].output and "line" in box[0].output


# -- the lesson as a run and on the command line ---------------------------------------------------
def test_the_run_steps_through_every_cell_without_a_loss():
    run = run_to(make("tensors"))
    assert run.done and run.step_count == len(CELLS)
    cells = run.result()["cells"]
    assert [c["title"] for c in cells] == [c.title for c in CELLS]
    assert all(c["ok"] for c in cells)
    assert run.diverged_at is None
    assert "w" in run.namespace()  # the last cell's variables, for a console


@pytest.mark.parametrize("name, value", [("lr", 0.1), ("steps", 3), ("seed", 2)])
def test_training_knobs_are_refused(name, value):
    with pytest.raises(ConfigError, match="does not apply"):
        build_config(LESSON, {name: value})


def test_cli_runs_every_cell_and_prints_only_json(capsys):
    assert main(["run", "tensors", "--json"]) == 0
    out = capsys.readouterr().out
    report = json.loads(out)  # one object: nothing a cell printed leaked onto stdout
    assert report["lesson"] == "tensors" and report["steps"] == len(CELLS)
    cells = report["result"]["cells"]
    assert [c["title"] for c in cells] == [c.title for c in CELLS]
    assert all(c["ok"] for c in cells), [c for c in cells if not c["ok"]]
    assert "[4.0, 8.0, 12.0]" in cells[[c.title for c in CELLS].index(
        "Gradients add up until you reset them")]["output"]


def test_cli_refuses_a_training_flag(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "tensors", "--lr", "0.1", "--json"])
    assert exit_info.value.code == 2
    assert "--lr does not apply" in capsys.readouterr().err


# -- the tab -----------------------------------------------------------------------------------------
@pytest.fixture
def view(qtbot):
    from gui.lessons.tensors import TensorsView

    widget = TensorsView(LESSON)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    yield widget
    widget.shutdown()


def _run_and_wait(qtbot, view, index):
    cell = view.cell_widgets[index]
    cell.run_button.click()
    qtbot.waitUntil(lambda: not view.busy(), timeout=20_000)
    return cell


def test_edited_cell_that_raises_shows_the_error_and_the_tab_keeps_working(qtbot, view):
    broken = view.cell_widgets[2]
    broken.editor.setPlainText('raise ValueError("boom")')
    assert broken.reset_button.isEnabled()
    _run_and_wait(qtbot, view, 2)
    assert broken.ok is False
    assert "ValueError: boom" in broken.output_text()
    assert "FBE3D6" in broken.output.styleSheet()  # red-tinted
    assert broken.run_button.isEnabled()

    fine = _run_and_wait(qtbot, view, 0)
    assert fine.ok is True and "torch.int64" in fine.output_text()
    assert "FBE3D6" not in fine.output.styleSheet()

    broken.reset_button.click()
    assert broken.code() == CELLS[2].code.rstrip("\n")
    _run_and_wait(qtbot, view, 2)
    assert broken.ok is True


def test_run_button_is_disabled_while_a_cell_runs_and_stop_ends_it(qtbot, view):
    cell = view.cell_widgets[0]
    cell.editor.setPlainText("while True:\n    pass")
    cell.run_button.click()
    assert not cell.run_button.isEnabled()
    cell.run_button.click()  # ignored: the cell is already running
    qtbot.waitUntil(lambda: cell.stop_button.isVisible())
    cell.stop_button.click()
    qtbot.waitUntil(lambda: not view.busy(), timeout=10_000)
    assert cell.ok is False and "Stopped" in cell.output_text()
    assert cell.run_button.isEnabled() and not cell.stop_button.isVisible()


def test_run_all_and_restore(qtbot, view):
    view.cell_widgets[0].editor.setPlainText("print('changed')")
    sent = []
    view.names_changed.connect(sent.append)
    view.run_all()
    qtbot.waitUntil(lambda: not view.busy(), timeout=30_000)
    assert len(sent) == len(CELLS) and "w" in sent[-1]
    assert all(cell.ok for cell in view.cell_widgets), [
        cell.output_text() for cell in view.cell_widgets if not cell.ok]
    assert view.cell_widgets[0].output_text() == "changed"
    assert "w" in view.namespace()  # the last cell's variables
    view.restore()
    assert all(not cell.edited() for cell in view.cell_widgets)


def test_a_missing_device_is_reported_in_the_cell(qtbot, view):
    view.set_device("cuda:7")
    cell = _run_and_wait(qtbot, view, 0)
    assert cell.ok is False and "not available" in cell.output_text()


def test_the_tab_shows_only_the_device_control(qtbot):
    from core.devices import available_devices
    from gui.lesson_tab import LessonTab

    tab = LessonTab(LESSON)
    qtbot.addWidget(tab)
    try:
        tab.torch_ready(available_devices())
        form = tab.controls.form
        for name in ("variant", "lr", "steps", "seed", "speed"):
            assert not form.isRowVisible(tab.controls.fields[name]), name
        assert form.isRowVisible(tab.controls.fields["device"])
        assert tab.run_box.isHidden()
        assert tab.view.device == "cpu"
    finally:
        tab.shutdown()
