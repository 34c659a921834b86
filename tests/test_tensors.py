"""Tensors lesson: every cell prints what its text promises; cells run in the run process, where
Stop ends an endless loop, a cell stuck in C has its process replaced, and output is capped."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import time

import numpy as np
import pytest
import torch

from core.cli import main
from core.code import rung_code
from core.config import build_config
from core.errors import ConfigError
from core.lessons.tensors import CELLS, LESSON, CellOutput
from core.protocol import RunState
from core.runs.tensors import run_cell
from core.script import script
from tests.helpers import make

TIMEOUT = 30_000
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


def test_from_numpy_shares_memory_both_ways_and_torch_tensor_copies():
    out = output_of("A tensor from a NumPy array shares its memory")
    assert "torch.float64" in out
    assert after(out, "after a[0] = 100: t =") == [100.0, 2.5, 3.5]  # the array's change shows
    assert after(out, "the copy:         c =") == [1.5, 2.5, 3.5]  # the copy kept its values
    assert after(out, "after t[1] = -1:  a =") == [100.0, -1.0, 3.5]  # and the other way round


def test_like_functions_keep_the_shape_and_rand_like_takes_a_generator():
    out = output_of("A tensor from another tensor")
    ones, noise = out.split("tensor(")[1:3]
    assert numbers(ones) == [1, 1, 1, 1]
    values = numbers(noise)
    assert len(values) == 4 and all(0 <= v < 1 for v in values)
    assert "generator=gen" in BY_TITLE["A tensor from another tensor"].code
    torch.manual_seed(123)  # the global seed does not matter: the cell has its own generator
    assert output_of("A tensor from another tensor") == out


def test_attributes_cell_shows_shape_dtype_and_device():
    out = output_of("Shape, dtype and device")
    assert "shape:  torch.Size([3, 4])" in out
    assert "dtype:  torch.float32" in out
    assert "device: cpu" in out


def test_moving_cell_uses_the_chosen_device():
    out = output_of("Moving a tensor to the chosen device")
    assert "u lives on cpu" in out
    assert numbers(out.split("tensor(")[1]) == [2.0] * 6


def test_indexing_cell_picks_rows_columns_and_writes_through_a_slice():
    out = output_of("Indexing and slicing")
    assert "first column: tensor([0, 4, 8])" in out
    assert "last column:  tensor([ 3,  7, 11])" in out
    assert numbers(out.rsplit("tensor(", 1)[1]) == [0, 0, 2, 3, 4, 0, 6, 7, 8, 0, 10, 11]


def test_cat_grows_a_dimension_and_stack_adds_one():
    out = output_of("Joining tensors: cat and stack")
    assert "cat dim 0: torch.Size([4, 3])" in out
    assert "cat dim 1: torch.Size([2, 6])" in out
    assert "stack:     torch.Size([2, 2, 3])" in out


def test_star_and_matmul_give_different_results():
    out = output_of("* multiplies elements, @ multiplies matrices")
    star = numbers(out.split("a * a =")[1].split("a @ a =")[0])
    matmul = numbers(out.split("a @ a =")[1].split("same as")[0])
    assert (star, matmul) == ([1, 4, 9, 16], [7, 10, 15, 22])
    assert after(out, "same as a.matmul(a):") is True


def test_in_place_ops_change_the_tensor_and_copy_fills_it():
    out = output_of("In-place operations end in _")
    assert after(out, "after y = x.add(5): x =") == [[1.0, 1.0], [1.0, 1.0]]  # x left alone
    assert after(out, "                    y =") == [[6.0, 6.0], [6.0, 6.0]]
    assert after(out, "after x.add_(5):    x =") == [[6.0, 6.0], [6.0, 6.0]]
    assert after(out, "after x.copy_(...): x =") == [[7.0, 8.0], [7.0, 8.0]]  # spread, as floats


def test_numpy_bridge_shows_each_change_on_both_sides():
    out = output_of("t.numpy() shares memory too")
    assert after(out, "after t.add_(1): t =") == after(out, "                 n =") == [2.0] * 4
    assert after(out, "after n *= 10:   t =") == [20.0] * 4
    assert out.splitlines()[-1] == "                 n = [20.0, 20.0, 20.0, 20.0]"


def test_backward_and_accumulating_gradients():
    out = output_of("requires_grad, backward() and .grad")
    assert after(out, "y =") == 14.0 and after(out, "x.grad =") == [2.0, 4.0, 6.0]
    out = output_of("Gradients add up until you reset them")
    assert after(out, "after two backwards:") == [4.0, 8.0, 12.0]
    assert after(out, "after x.grad.zero_():") == [0.0, 0.0, 0.0]
    assert "after x.grad = None:  None" in out


def test_no_grad_updates_the_weight_without_recording():
    out = output_of("torch.no_grad()")
    assert np.allclose(numbers(out.splitlines()[0]), [0.8, 1.6])
    assert after(out, "doubled.requires_grad:") is False
    assert after(out, "(w * 2).requires_grad:") is True


# -- running a cell --------------------------------------------------------------------------------
def test_an_error_shows_the_cells_line_and_the_error_not_torchs_internals():
    result = run_cell("print('before')\na = torch.ones(2, 3)\nb = a @ a\nprint('after')\n")
    assert not result.ok and result.output.startswith("before\n")
    assert "line 3: b = a @ a" in result.output
    assert result.output.rstrip().splitlines()[-1].startswith("RuntimeError: mat1 and mat2 shapes")
    assert "site-packages" not in result.output and "after\n" not in result.output


@pytest.mark.parametrize("code", ["exit()", "quit(3)", "import sys\nsys.exit(3)", "raise SystemExit"])
def test_exit_ends_the_cell_not_the_process(code):
    result = run_cell(code)
    assert not result.ok and "SystemExit" in result.output and "app goes on" in result.output


def test_syntax_errors_and_fresh_namespaces():
    assert "SyntaxError" in run_cell("x = (\n").output
    assert run_cell("leftover = 1").ok
    assert "NameError" in run_cell("print(leftover)").output


def test_output_is_capped_at_10000_lines_and_1_mb():
    out = run_cell("for i in range(200_000):\n    print(i)").output.splitlines()
    assert out[:2] == ["0", "1"] and out[9_999] == "9999" and len(out) == 10_001
    assert out[-1].startswith("… 190,000 more lines")
    out = run_cell("print('x' * 3_000_000)\nprint('never shown')").output
    assert out.startswith("x" * 1_000_000 + "\n… 2 more lines")


# -- the lesson as a run, on the command line and as a script ----------------------------------
def test_run_cell_command_answers_with_the_cells_output_and_names():
    run = make("tensors")
    assert run.frame() == CellOutput(count=0, index=-1, ok=True, output="")
    run.command("run_cell", (4, "z = torch.zeros(2).to(device)\nprint(z.device)"))
    assert run.frame() == CellOutput(count=1, index=4, ok=True, output="cpu\n")
    assert "z" in run.namespace() and run.namespace()["device"] == "cpu"
    with pytest.raises(ConfigError):
        run.command("run_cell", (len(CELLS), "print(1)"))
    with pytest.raises(ConfigError):
        run.command("train", None)


def test_the_run_steps_through_every_original_cell():
    run = make("tensors")
    while not run.done:  # as the CLI drives it
        run.step()
    assert run.step_count == len(CELLS) and run.diverged_at is None
    cells = run.result()["cells"]
    assert [c["title"] for c in cells] == [c.title for c in CELLS] and all(c["ok"] for c in cells)
    assert "w" in run.namespace()  # the last cell's variables, for the console


@pytest.mark.parametrize("name, value", [("lr", 0.1), ("steps", 3), ("seed", 2)])
def test_training_knobs_are_refused(name, value):
    with pytest.raises(ConfigError, match="does not apply"):
        build_config(LESSON, {name: value})


def test_cli_runs_every_cell_and_prints_only_json(capsys):
    assert main(["run", "tensors", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)  # one object: nothing a cell printed leaked
    assert report["steps"] == len(CELLS) and all(c["ok"] for c in report["result"]["cells"])


def test_the_code_panel_shows_every_cell_and_the_script_prints_what_the_cells_print(tmp_path, capsys):
    panel = rung_code(LESSON, "cells")
    for number, cell in enumerate(CELLS, start=1):
        assert f"# %% {number}. {cell.title}\n" in panel and cell.code in panel
    assert "CellsRun" not in panel and "core" not in panel  # the cells, not the harness
    assert main(["code", "tensors"]) == 0
    assert capsys.readouterr().out == panel
    path = tmp_path / "cells.py"
    path.write_text(script(build_config(LESSON, {})))
    blocked = "import runpy, sys\nfor name in ('core', 'gui'):\n    sys.modules[name] = None\n" \
              f"runpy.run_path({str(path)!r}, run_name='__main__')"
    proc = subprocess.run([sys.executable, "-I", "-c", blocked], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "".join(run_cell(cell.code).output for cell in CELLS)


# -- the tab -----------------------------------------------------------------------------------------
@pytest.fixture
def tab(lesson_window, qtbot):
    tab = lesson_window("tensors").show_lesson("tensors")
    qtbot.waitUntil(lambda: tab.state == RunState.IDLE and tab.view.device == "cpu", timeout=TIMEOUT)
    return tab


def run_and_wait(qtbot, tab, index, code=None, timeout=TIMEOUT):
    cell = tab.view.cell_widgets[index]
    if code is not None:
        cell.set_code(code)
    cell.run_button.click()
    qtbot.waitUntil(lambda: not tab.view.busy(), timeout=timeout)
    return cell


def test_the_tab_shows_only_the_device_and_no_run_bar(tab):
    form = tab.controls.form
    for name in ("variant", "lr", "steps", "seed"):
        assert not form.isRowVisible(tab.controls.fields[name]), name
    assert form.isRowVisible(tab.controls.fields["device"])
    assert tab.run_bar.isHidden() and tab.controls.speed_field.isHidden()
    assert "# %% 1. A tensor from data" in tab.code.toPlainText()


def test_an_endless_loop_stops_on_stop_and_the_next_cell_runs(tab, qtbot):
    cell = tab.view.cell_widgets[0]
    cell.set_code("while True: pass")
    cell.run_button.click()
    qtbot.waitUntil(lambda: cell.stop_button.isVisible() and tab.controller.busy_with_user_code)
    qtbot.wait(200)  # the loop is under way in the run process
    started = time.monotonic()
    cell.stop_button.click()
    qtbot.waitUntil(lambda: cell.ok is False, timeout=2_000)
    assert time.monotonic() - started < 2.0
    assert cell.output_text() == "Stopped at line 1 (Stop was pressed): while True: pass"
    after_stop = run_and_wait(qtbot, tab, 1)
    assert after_stop.ok and "torch.float64" in after_stop.output_text()


def test_a_cell_stuck_in_c_is_ended_by_a_restart_and_the_other_outputs_stay(tab, qtbot):
    first = run_and_wait(qtbot, tab, 0)
    shown_before = first.output_text()
    stuck = tab.view.cell_widgets[5]
    stuck.set_code("sum(range(10**11))  # one C call: never looks at signals")
    stuck.run_button.click()
    qtbot.waitUntil(lambda: tab.controller.busy_with_user_code)
    qtbot.wait(200)
    started = time.monotonic()
    tab.view.stop_button.click()
    qtbot.waitUntil(lambda: stuck.ok is False, timeout=5_000)
    took = time.monotonic() - started
    assert took < 3.0, took  # a second's grace, then the process is ended
    assert "process was ended" in stuck.output_text() and "gone from the console" in stuck.output_text()
    assert first.output_text() == shown_before and first.ok
    qtbot.waitUntil(lambda: tab.state == RunState.IDLE, timeout=TIMEOUT)
    assert run_and_wait(qtbot, tab, 6).ok  # the new process runs cells


def test_run_all_then_stop_leaves_no_cell_running_or_waiting(tab, qtbot):
    view = tab.view
    view.cell_widgets[2].set_code("while True:\n    pass")
    view.run_all_button.click()
    assert sum(w.run_button.text() == "Running…" for w in view.cell_widgets) == 1
    qtbot.waitUntil(lambda: view._running == 2, timeout=TIMEOUT)
    view.stop_button.click()
    qtbot.waitUntil(lambda: not view.busy(), timeout=5_000)
    assert [w.ok for w in view.cell_widgets[:3]] == [True, True, False]
    for widget in view.cell_widgets:
        assert widget.run_button.text() == "Run" and widget.run_button.isEnabled()
        assert "Running…" not in widget.output_text()
    assert all(w.ok is None for w in view.cell_widgets[3:])  # dropped, never sent


def test_a_huge_print_is_capped_and_the_window_keeps_answering(tab, qtbot):
    from PySide6.QtCore import QElapsedTimer, QTimer

    gaps, clock = [], QElapsedTimer()
    clock.start()
    ticker = QTimer()
    ticker.timeout.connect(lambda: (gaps.append(clock.restart())))
    ticker.start(20)
    cell = run_and_wait(qtbot, tab, 0, "print('x' * 3_000_000)")
    lines = run_and_wait(qtbot, tab, 1, "for i in range(200_000):\n    print(i)")
    ticker.stop()
    shown = cell.output_text()
    assert shown.startswith("x" * 2000 + "… (998,000 more characters on this line)")
    assert "… 1 more line" in shown
    assert lines.output_text().splitlines()[-1].startswith("… 190,000 more lines")
    assert max(gaps) < 1_000, max(gaps)  # laying out a 1 MB line would block for minutes


def test_a_cell_sent_to_a_run_that_could_not_start_says_so(tab, qtbot):
    tab.controller.reset(build_config(LESSON, {"device": "cuda:7"}))  # as a setup file might ask
    qtbot.waitUntil(lambda: tab.state == RunState.FAILED, timeout=TIMEOUT)
    assert "not available" in tab.banner.label.text()
    cell = run_and_wait(qtbot, tab, 0)
    assert cell.ok is False and "did not run" in cell.output_text()


def test_the_console_holds_the_last_cells_variables(tab, qtbot):
    run_and_wait(qtbot, tab, 0)
    count = len(tab.console.outputs)
    tab.console.execute("print(x.dtype, y.dtype, device)")
    qtbot.waitUntil(lambda: len(tab.console.outputs) > count, timeout=TIMEOUT)
    assert tab.console.outputs[-1] == "torch.int64 torch.float32 cpu\n"


def test_edited_cells_can_be_saved_and_loaded(tab):
    view = tab.view
    assert view.edited_cells() == {}
    view.cell_widgets[3].set_code("print('mine')")
    saved = view.edited_cells()
    assert saved == {3: "print('mine')"}
    view.restore()
    view.cell_widgets[1].set_code("print('other')")
    view.load_cells(saved)
    assert view.edited_cells() == saved  # the other cell is back to its original
    with pytest.raises(ValueError):
        view.load_cells({99: "x"})
    assert view.edited_cells() == saved  # a refused load changes nothing


@pytest.mark.parametrize("size, zoom", [((1280, 720), 1.0), ((1280, 720), 2.0), ((1920, 1080), 2.0)])
def test_nothing_is_clipped_and_the_window_keeps_its_width(lesson_window, qtbot, size, zoom):
    win = lesson_window("tensors")
    win.resize(*size)
    tab = win.show_lesson("tensors")
    qtbot.waitUntil(lambda: tab.state == RunState.IDLE and tab.view.device == "cpu", timeout=TIMEOUT)
    while win.zoom_factor < zoom:
        win.zoom(+1)
    try:
        tab.view.run_all()
        qtbot.waitUntil(lambda: not tab.view.busy(), timeout=60_000)
        qtbot.wait(50)
        assert win.width() == size[0]
        cell = tab.view.cell_widgets[0]
        sizes = [w.font().pointSizeF() for w in (cell.title, cell.explanation, cell.editor, cell.output,
                                                 cell.run_button, tab.view.device_label)]
        from gui.lessons.tensors import CODE_PT, TEXT_PT, TITLE_PT

        base = (TITLE_PT, TEXT_PT, CODE_PT, CODE_PT, TEXT_PT, TEXT_PT)
        assert sizes == [zoom * pt for pt in base]  # every text follows the zoom
        assert_nothing_clipped(tab.view)
    finally:
        win.zoom(0)  # the window remembers its zoom for the next one


def assert_nothing_clipped(view):
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QLabel, QPushButton

    assert view.scroll.widget().width() <= view.scroll.viewport().width()  # the cells fit across
    for widget in view.findChildren(QPushButton) + view.findChildren(QLabel):
        if not widget.isVisibleTo(view) or widget.text() == "":
            continue
        assert widget.mapTo(view, QPoint(widget.width(), 0)).x() <= view.width(), widget.text()
        if isinstance(widget, QLabel) and widget.wordWrap():
            assert widget.heightForWidth(widget.width()) <= widget.height() + 1, widget.text()
        elif widget is view.device_label:
            assert widget.toolTip()  # it may elide; the tooltip has it all
        else:
            assert widget.sizeHint().width() <= widget.width(), widget.text()
