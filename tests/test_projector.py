"""Presenter mode, hideable panels, zoom, themes, plot views that reset, the remembered speed and
the headless screenshot, as a teacher in front of a class relies on them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QToolButton

from core.protocol import RunState
from tests.helpers import TIMEOUT


@pytest.fixture
def sin(lesson_window, qtbot):
    win = lesson_window("sin-fit")
    tab = win.show_lesson("sin-fit")
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=TIMEOUT)
    return win, tab


def ranges(plot_widget):
    return [list(r) for r in plot_widget.getPlotItem().vb.viewRange()]


def test_presenter_mode_gives_the_picture_the_screen_and_leaves_as_it_found(sin, qtbot):
    win, tab = sin
    status_pt = tab.run_bar.status.font().pointSizeF()
    win.presenter.toggle()
    assert win.isFullScreen() and not win.menuBar().isVisible()
    assert not tab.controls_box.isVisible() and not tab.side.isVisible()
    assert tab.view.isVisible() and tab.run_bar.isVisible()
    assert tab.run_bar.status.font().pointSizeF() > status_pt
    strips = [s for s in tab.findChildren(type(win.panels._strips[id(tab)]["side"])) if s.isVisible()]
    assert len(strips) == 2
    win.panels.toggle_from_strip("side")  # a strip opens its panel on demand
    assert tab.side.isVisible()
    win.presenter.toggle()
    assert not win.isFullScreen() and win.menuBar().isVisible()
    assert tab.controls_box.isVisible() and tab.side.isVisible()
    assert tab.run_bar.status.font().pointSizeF() == status_pt


def test_a_wheel_over_a_plot_in_presenter_mode_changes_nothing(sin, qtbot):
    win, tab = sin
    win.presenter.enter()
    box = tab.view.fit_plot.getPlotItem().vb
    before = ranges(tab.view.fit_plot)
    class Wheel:  # what pyqtgraph's ViewBox reads from a wheel event
        accepted = None

        def delta(self):
            return 240

        def pos(self):
            return QPointF(50, 50)

        def ignore(self):
            self.accepted = False

        def accept(self):
            self.accepted = True

    wheel = Wheel()
    box.wheelEvent(wheel)
    assert ranges(tab.view.fit_plot) == before and wheel.accepted is False
    win.presenter.leave()
    box.wheelEvent(Wheel())
    assert ranges(tab.view.fit_plot) != before  # outside presenter mode the wheel zooms


def test_reset_and_the_reset_view_button_restore_a_plot_zoomed_by_hand(sin, qtbot):
    win, tab = sin
    before = ranges(tab.view.fit_plot)
    box = tab.view.fit_plot.getPlotItem().vb
    box.scaleBy((0.3, 0.3))
    assert ranges(tab.view.fit_plot) != before
    assert tab.reset()
    assert ranges(tab.view.fit_plot) == before
    for name, shown in zip(("bottom", "left"), box.viewRange()):  # the axes were told too
        assert tab.view.fit_plot.getAxis(name).range == pytest.approx(shown)
    qtbot.waitUntil(lambda: tab.state == RunState.IDLE, timeout=TIMEOUT)
    box.translateBy((1.0, 1.0))
    button = tab.view.fit_plot.findChild(QToolButton, "resetViewButton")
    button.click()
    assert ranges(tab.view.fit_plot) == before
    assert not tab.view.fit_plot.getPlotItem().autoBtn.isVisible()  # the "A" is gone


def test_log_axes_label_whole_decades_only(sin):
    _, tab = sin
    axis = tab.view.loss_plot.getPlotItem().getAxis("left")
    texts = axis.logTickStrings([1.0, 1.30103, 1.69897, 2.0], 1, 1)
    assert texts[0] and texts[3] and texts[1] == texts[2] == ""


def test_panels_hide_by_menu_and_are_remembered(sin, lesson_window, qtbot):
    win, tab = sin
    win.panels.actions["controls"].trigger()
    assert not tab.controls_box.isVisible() and win.panels._strips[id(tab)]["controls"].isVisible()
    second = lesson_window("sin-fit")
    other = second.show_lesson("sin-fit")
    assert not other.controls_box.isVisible() and other.side.isVisible()
    second.panels.actions["controls"].trigger()
    assert other.controls_box.isVisible()


def test_zoom_scales_notes_legends_banner_and_plot_text(sin, qtbot):
    win, tab = sin
    tab._on_diverged(10, 1.0)
    sizes = lambda: (tab.notes.font().pointSizeF(), tab.banner.label.font().pointSizeF(),  # noqa: E731
                     tab.controls.labels["lr"].font().pointSizeF(),
                     tab.view.fit_plot.getPlotItem().legend.opts["labelTextSize"])
    before = sizes()
    win.set_zoom(2.0)
    qtbot.waitUntil(lambda: tab.controls.labels["lr"].font().pointSizeF() == 2 * before[2])
    after = sizes()
    assert after[0] == 2 * before[0] and after[1] == 2 * before[1]
    assert after[3] == "20pt"
    win.zoom(0)


def test_a_theme_is_applied_to_the_plots_and_remembered(sin, lesson_window):
    win, tab = sin
    win.themes.choose("dark")
    assert tab.view.fit_plot.backgroundBrush().color().name() == "#161616"
    second = lesson_window("sin-fit")
    assert second.themes.name == "dark" and second.themes.actions["dark"].isChecked()
    second.themes.choose("light")


def test_the_speed_is_remembered_per_lesson(sin, lesson_window, qtbot):
    win, tab = sin
    tab.controls.fields["speed"].inner.set_value(25.0)
    tab.controls.fields["speed"].inner.committed.emit(25.0)
    second = lesson_window("sin-fit")
    assert second.show_lesson("sin-fit").controls.fields["speed"].value() == 25.0
    second.current_tab().controls.fields["speed"].full.click()
    assert lesson_window("sin-fit").show_lesson("sin-fit").controls.fields["speed"].value() == 0.0


def test_the_screenshot_saves_the_window_after_the_steps(sin, tmp_path):
    from gui import launch, screenshot
    from gui.options import parse

    win, tab = sin
    out = tmp_path / "shot.png"
    options = parse(["--lesson", "sin-fit", "--variant", "optim", "--steps-first", "4",
                     "--size", "800x500", "--screenshot", str(out)])
    launch.apply(win, options)
    assert screenshot.take(win, options) == 0
    assert tab.snapshot.step == 4 and tab.controls.variant == "optim"
    image = QImage(str(out))
    assert (image.width(), image.height()) == (800, 500)


@pytest.mark.parametrize("args, words", [
    (["--zoom", "400"], "50 to 300"), (["--size", "big"], "1280x720"),
    (["--lesson", "nope"], "unknown lesson"), (["--lesson", "sin-fit", "--variant", "x"], "variants:"),
    (["--theme", "pink"], "invalid choice"),
])
def test_bad_command_line_values_exit_2_with_one_line(args, words, capsys):
    from gui.options import parse

    with pytest.raises(SystemExit) as stop:
        parse(args)
    assert stop.value.code == 2 and words in capsys.readouterr().err


def test_f5_fills_a_real_screen_and_esc_gives_the_window_back(tmp_path):
    """Under a real X server with a window manager (Xvfb + openbox): F5 and Esc as a user presses
    them. Skipped where either is missing."""
    import os
    import shutil
    import subprocess
    import sys
    import time
    from pathlib import Path

    missing = [tool for tool in ("Xvfb", "openbox", "xdotool", "xprop") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)}")
    # 600 and up: test_real_window, which may run beside this one, takes 400-599
    number = next(n for n in range(600, 800) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                  and not Path(f"/tmp/.X{n}-lock").exists())
    display = f":{number}"
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "XDG_CONFIG_HOME": str(tmp_path)}
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    manager = app = None
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            assert time.monotonic() < deadline, "Xvfb did not start"
            time.sleep(0.05)
        manager, log = None, tmp_path / "openbox.log"
        while "window id" not in subprocess.run(  # the manager is up: full screen needs it
                ["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"], env=env, capture_output=True,
                text=True, timeout=10).stdout:
            assert time.monotonic() < deadline + 10, f"openbox did not start: {log.read_text()[-500:]}"
            if manager is None or manager.poll() is not None:
                # Xvfb's socket can exist a moment before it takes clients: an openbox started
                # then ends at once, so start it again until one stays.
                with open(log, "a") as sink:
                    manager = subprocess.Popen(["openbox"], env=env, stdout=sink, stderr=sink)
            time.sleep(0.05)
        app = subprocess.Popen([sys.executable, "-m", "gui", "--lesson", "sin-fit"], env=env,
                               cwd=Path(__file__).resolve().parents[1],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def xdotool(*args) -> str:
            return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True,
                                  timeout=10).stdout.strip()

        def size(window) -> str:
            return xdotool("getwindowgeometry", window).split("Geometry:")[-1].strip()

        def wait_for(condition, what) -> None:
            deadline = time.monotonic() + 30
            while not condition():
                assert time.monotonic() < deadline, what
                time.sleep(0.1)

        def main_window() -> str:
            """The app's largest visible window (a tooltip is a visible window of the app too)."""
            ids = xdotool("search", "--pid", str(app.pid), "--onlyvisible").split()
            sized = [(int(size(i).split("x")[0]), i) for i in ids if "x" in size(i)]
            return max(sized)[1] if sized and max(sized)[0] > 600 else ""

        wait_for(main_window, "no window appeared")
        window = main_window()
        xdotool("windowactivate", "--sync", window)
        before = size(window)
        assert before != "1280x720"
        xdotool("key", "F5")
        wait_for(lambda: size(window) == "1280x720", f"F5 did not fill the screen ({size(window)})")
        xdotool("key", "Escape")
        wait_for(lambda: size(window) == before, f"Esc did not give the window back ({size(window)})")
    finally:
        for process in (app, manager, server):
            if process is not None:
                process.terminate()
                process.wait(10)
