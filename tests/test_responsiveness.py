"""The window's thread stays free for the user: tabs out of sight are built only while nothing
plays, and a tab coming into view paints its plots over the next turns, every one of them."""

from __future__ import annotations

from core.protocol import RunState
from tests.conftest import close_window, open_window
from tests.helpers import TIMEOUT, settle


def test_tabs_out_of_sight_are_built_only_while_no_run_plays(qtbot, _shared_server, monkeypatch):
    from gui.main_window import MainWindow

    real = MainWindow._build_next_tab
    asked = []
    monkeypatch.setattr(MainWindow, "_build_next_tab", lambda self: asked.append(self))
    win = open_window(qtbot, ("sin-fit", "cross-product"))
    try:
        qtbot.waitUntil(lambda: bool(asked), timeout=TIMEOUT)  # the server is ready: builds due
        monkeypatch.setattr(MainWindow, "_build_next_tab", real)
        tab = win.show_lesson("sin-fit")
        qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=TIMEOUT)
        settle(tab, qtbot, variant="numpy", steps=1_000_000, speed=0.0)
        tab.toggle_play()
        qtbot.waitUntil(lambda: tab.state == RunState.PLAYING, timeout=TIMEOUT)
        win._build_next_tab()
        qtbot.wait(400)
        assert win.pages[1].tab is None, "a tab was built while a run played"
        tab.toggle_play()
        qtbot.waitUntil(lambda: tab.state == RunState.PAUSED, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: win.pages[1].tab is not None, timeout=TIMEOUT)
    finally:
        close_window(win)


def test_a_tab_shown_again_paints_every_plot(qtbot, _shared_server):
    win = open_window(qtbot, ("sin-fit", "cross-product"))
    try:
        _paints_every_plot(win, qtbot)
    finally:
        close_window(win)


def _sin_fit_started(win, qtbot, until: RunState, **values):
    """The sin-fit tab, its run prepared with ``values`` and started, once it reaches ``until``."""
    tab = win.show_lesson("sin-fit")
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=TIMEOUT)
    settle(tab, qtbot, speed=0.0, **values)
    tab.toggle_play()
    qtbot.waitUntil(lambda: tab.state == until, timeout=TIMEOUT)
    return tab


def _paints_every_plot(win, qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    first = _sin_fit_started(win, qtbot, RunState.FINISHED, variant="autograd", steps=50)
    other = win.show_lesson("cross-product")
    qtbot.waitUntil(lambda: other.staged_paint.waiting == 0, timeout=2_000)
    win.show_lesson("sin-fit")
    waiting = first.staged_paint.waiting
    assert waiting > 0, "the plots painted in the switch's own turn"
    # The pass that paints the tab's frame handles the events posted so far: no plot may be let
    # go to paint in it (the largest plot painted with the frame, 10-36 ms together).
    QApplication.sendPostedEvents()
    assert first.staged_paint.waiting == waiting, "a plot painted with the tab's frame"
    qtbot.waitUntil(lambda: first.staged_paint.waiting == 0, timeout=2_000)
    image = first.view.loss_plot.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 3, "the loss plot is still blank"


def test_a_built_tab_is_kept_out_of_full_garbage_collections(qtbot, _shared_server):
    # A full collection walks every tracked object: the window's own (tens of thousands, 50-100 ms)
    # must not be among them once built, or a collection stalls a run or a tab switch.
    import gc

    win = open_window(qtbot, ("sin-fit",))
    try:
        tab = win.show_lesson("sin-fit")
        qtbot.wait(100)  # the window sets its tabs aside in the turn after building one
        walked = {id(o) for o in gc.get_objects()}
        assert id(tab) not in walked and id(tab.view) not in walked and id(tab.controller) not in walked
    finally:
        close_window(win)


def test_a_tab_only_passed_through_draws_no_frame_and_one_that_stays_draws_again(qtbot, _shared_server):
    from gui.run_controller import SETTLE_MS

    win = open_window(qtbot, ("sin-fit", "cross-product"))
    try:
        tab = _sin_fit_started(win, qtbot, RunState.PLAYING, variant="numpy", steps=1_000_000)
        win.show_lesson("cross-product")
        frames = []
        tab.controller.frame_ready.connect(frames.append)
        win.show_lesson("sin-fit")  # passed through, as with Ctrl+Tab held down
        qtbot.wait(SETTLE_MS // 2)
        win.show_lesson("cross-product")
        qtbot.wait(SETTLE_MS * 2)
        assert frames == [], "a tab on screen for a moment drew its run"
        win.show_lesson("sin-fit")  # and now it stays
        qtbot.waitUntil(lambda: len(frames) >= 2, timeout=TIMEOUT)
        assert frames[-1].step > frames[0].step  # the run goes on, on screen
        tab.toggle_play()
    finally:
        close_window(win)


def test_a_first_visit_paints_before_its_run_process_starts(qtbot, _shared_server):
    import pyqtgraph as pg
    from PySide6.QtCore import QEvent, QObject

    win = open_window(qtbot, ("sin-fit", "cross-product"))
    try:
        first = win.show_lesson("sin-fit")
        qtbot.waitUntil(lambda: first.snapshot is not None, timeout=TIMEOUT)
        page = win.pages[1]
        tab = page.ensure()  # built, never shown: its run process starts on the first visit
        assert not tab.controller.ready
        # Laid out at its shown size while out of sight, in a turn after the build
        qtbot.waitUntil(lambda: page.geometry() == win.pages[0].geometry(), timeout=TIMEOUT)
        views = tab.findChildren(pg.GraphicsView)
        sizes = [view.size() for view in views]
        order = []

        class Painted(QObject):
            def eventFilter(self, obj, event):
                if event.type() == QEvent.Type.Paint and "painted" not in order:
                    order.append("painted")
                return False

        spy = Painted(tab)
        tab.run_bar.installEventFilter(spy)  # painted in the switch's first paint
        real = tab.activate
        tab.activate = lambda: (order.append("activated"), real())
        win.tabs.setCurrentIndex(1)  # as a click on the tab does
        assert order == [], "the run process started in the switch's own turn"
        for view, size in zip(views, sizes):  # the first visit found them laid out, but for a few px
            assert abs(view.width() - size.width()) <= 4 and abs(view.height() - size.height()) <= 8
        qtbot.waitUntil(lambda: tab.controller.ready, timeout=TIMEOUT)
        assert order[:2] == ["painted", "activated"]
    finally:
        close_window(win)
