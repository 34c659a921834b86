"""Exports: the lesson's figure as PNG (1x, 2x) and SVG, on the clipboard, its loss as CSV, and the
run as the same script ``python -m core script`` writes."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ElementTree

import pytest
from PySide6.QtGui import QGuiApplication, QImage

from core.script import script
from gui.files import dialogs
from tests.conftest import TIMEOUT
from tests.helpers import finish, settle


@pytest.fixture
def finished_tab(lesson_window, qtbot):
    win = lesson_window("sin-fit")
    tab = win.show_lesson("sin-fit")
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=TIMEOUT)
    settle(tab, qtbot, variant="autograd", lr=1e-6, steps=25, speed=0.0)
    finish(tab, qtbot)
    return win, tab


def test_figure_data_and_script_exports(finished_tab, tmp_path, monkeypatch):
    win, tab = finished_tab
    answers = iter([(str(tmp_path / "fig"), "PNG image (*.png)"),
                    (str(tmp_path / "fig2x.png"), "PNG image, twice the size (*.png)"),
                    (str(tmp_path / "fig"), "SVG drawing (*.svg)")])
    monkeypatch.setattr(dialogs, "ask_save", lambda *args: next(answers))
    for _ in range(3):
        win.files.ask_export_figure()  # File → Export figure…, answered as a user would
    one, two = QImage(str(tmp_path / "fig.png")), QImage(str(tmp_path / "fig2x.png"))
    assert not one.isNull() and one.width() >= tab.view.width()
    assert (two.width(), two.height()) == (2 * one.width(), 2 * one.height())
    colours = {one.pixel(x, y) for x in range(0, one.width(), 5) for y in range(0, one.height(), 5)}
    assert len(colours) > 10  # curves, text and axes were drawn, not an empty box
    svg = ElementTree.parse(tmp_path / "fig.svg").getroot()
    assert svg.tag.endswith("svg") and len(list(svg.iter())) > 20

    win.files.copy_figure()
    assert not QGuiApplication.clipboard().image().isNull()

    assert win.files.export_data(tmp_path / "loss.csv")
    lines = (tmp_path / "loss.csv").read_text().splitlines()
    assert lines[0].startswith("# ") and "variant autograd" in lines[0] and "lr = 1e-06" in lines[0]
    rows = list(csv.reader(lines[1:]))
    assert rows[0][:2] == ["step", "loss"] and len(rows) == 1 + 25
    assert float(rows[-1][1]) == tab.snapshot.loss and rows[-1][0] == "25"

    assert win.files.save_script(tmp_path / "run.py")
    assert (tmp_path / "run.py").read_text() == script(tab.controls.config())


def test_tensors_script_holds_the_edited_cells_and_no_loss_is_said_in_one_line(lesson_window, tmp_path):
    win = lesson_window("tensors")
    tab = win.show_lesson("tensors")
    tab.view.cell_widgets[1].set_code("print('taken home')\n")
    assert win.files.save_script(tmp_path / "cells.py")
    text = (tmp_path / "cells.py").read_text()
    assert "print('taken home')" in text and "torch.from_numpy(a)" not in text
    assert not win.files.export_data(tmp_path / "loss.csv")
    assert "no" in win.files.last_message and not (tmp_path / "loss.csv").exists()
    win.files.message_box.close()
