"""One lesson's tab: its controls, the view with the run bar under it, and notes / code / console.

The tab lays these out and wires them together; the run itself is the controller's business
(gui.run_controller). Nothing here knows which lesson it shows: it reads the declaration.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget
from superqt.utils import QSignalThrottler

from core.config import Config
from core.errors import ConfigError
from core.lesson import Lesson
from core.protocol import RunState
from gui.controls.panel import ControlsPanel
from gui.lessons import view_class
from gui.run_bar import RunBar
from gui.run_controller import RunController
from gui.widgets.banner import Banner
from gui.widgets.code_view import CodeView
from gui.widgets.console_panel import ConsolePanel
from gui.widgets.notes_view import NotesView
from gui.widgets.plot_cache import cache_axes
from gui.widgets.plot_zoom import zoom_plots
from gui.widgets.staged_paint import StagedPaint

STATUS_MS = 100  # the run bar's step, loss and progress are shown at most this often


class LessonTab(QWidget):
    progressed = Signal()  # a new snapshot is on screen

    def __init__(self, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson = lesson
        self.controller = RunController(self)
        self.devices = None  # what the run processes see, once the server is up
        self.run_config: Config | None = None  # what the run in the process was reset with
        self._note = ""  # a message for the status line that stays until the next action
        self._zoom = 1.0
        self._build()
        self._connect()
        self._show_state()

    # -- building --------------------------------------------------------------------------------
    def _build(self) -> None:
        self.controls = ControlsPanel(self.lesson)
        title = QLabel(f"<b>{self.lesson.title}</b><br>{self.lesson.summary}")
        title.setWordWrap(True)
        self.variant_summary = QLabel()
        self.variant_summary.setWordWrap(True)
        self.variant_summary.setObjectName("variantSummary")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(title)
        left_layout.addWidget(self.controls)
        left_layout.addWidget(self.variant_summary)
        left_layout.addStretch(1)
        self.controls_box = QScrollArea()
        self.controls_box.setWidget(left)
        self.controls_box.setWidgetResizable(True)
        self.controls_box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.controls_box.setMinimumWidth(260)

        self.banner = Banner()
        self.view = view_class(self.lesson)(self.lesson)
        cache_axes(self.view)
        self.run_bar = RunBar(self.controls.speed_field)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(4, 4, 4, 4)
        middle_layout.addWidget(self.banner)
        middle_layout.addWidget(self.view, 1)
        middle_layout.addWidget(self.run_bar)
        self.middle = middle

        self.notes = NotesView(self.lesson.key)
        self.code = CodeView(self.lesson)
        self.console = ConsolePanel()
        self.side = QTabWidget()
        self.side.addTab(self.notes, "Notes")
        self.side.addTab(self.code, "Code")
        self.side.addTab(self.console, "Console")

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.controls_box)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 860, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.staged_paint = StagedPaint(self)  # shown again, its plots paint in turn
        # The run bar's numbers follow a run ~10 times a second: as often as anyone can read them.
        self._status_soon = QSignalThrottler(parent=self)
        self._status_soon.setTimeout(STATUS_MS)
        self._status_soon.triggered.connect(self._show_run_bar)
        self._on_variant_shown()
        self.set_zoom(1.0)

    def _connect(self) -> None:
        c = self.controller
        self.run_bar.start_clicked.connect(self.toggle_play)
        self.run_bar.step_clicked.connect(self.step_once)
        self.run_bar.reset_clicked.connect(self.reset)
        self.controls.changed.connect(self._on_control_changed)
        self.controls.refused.connect(lambda message: self._set_note(message, error=True))
        c.scene_changed.connect(self.view.set_scene)
        c.frame_ready.connect(self._draw)
        c.state_changed.connect(self._on_state)
        c.diverged.connect(self._on_diverged)
        c.failed.connect(self._on_failed)
        c.live_set.connect(self._on_live_set)
        c.lesson_done.connect(self.view.on_lesson_done)
        c.restarted.connect(self._on_restarted)
        c.console_output.connect(self.console.show_output)
        self.console.line_entered.connect(c.console)
        self.console.interrupt_requested.connect(c.interrupt)
        self.view.lesson_command.connect(c.lesson_command)
        self.view.interrupt_requested.connect(c.interrupt)

    # -- the run process --------------------------------------------------------------------------
    @property
    def state(self) -> RunState:
        return self.controller.state

    @property
    def snapshot(self):
        return self.controller.snapshot

    def server_ready(self, devices) -> None:
        """The process server is up: the device list is known (the run process starts later)."""
        self.devices = devices
        self.controls.fields["device"].set_devices(devices)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.controller.set_on_screen(True)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().hideEvent(event)
        self.controller.set_on_screen(False)

    def activate(self, kind: str | None = None) -> None:
        """Start this tab's run process if it has none (when the tab is first shown)."""
        if self.devices is None or self.controller.ready:
            return
        self.controller.start(kind)
        self.reset()

    def use_worker(self, kind: str | None = None) -> None:
        """A fresh run process (or thread, for tests), reset with the controls' values."""
        self.controller.start(kind)
        self.reset()

    def shutdown(self) -> None:
        self.controller.shutdown()

    # -- the three buttons ------------------------------------------------------------------------
    @Slot()
    def toggle_play(self) -> None:
        if self.state == RunState.PLAYING:
            self.controller.pause()
        else:
            self._go(self.controller.play)

    @Slot()
    def step_once(self) -> None:
        self._go(self.controller.step)

    def _go(self, command) -> None:
        """Play or step; a run that has ended, or shown settings that differ from the run's
        before its first step, start from a fresh reset."""
        if not self.controller.ready or not self.lesson.steps_through(self.controls.variant):
            return
        if self.pending():
            started = self.snapshot is not None and self.snapshot.step > 0
            if started and not self.state.over:
                self._set_note("The settings shown differ from the run's: press Reset (R) first.",
                               error=True)
                return
        if self.state.over or self.pending():
            if not self.reset():
                return
        self._set_note("")
        command()

    @Slot()
    def reset(self) -> bool:
        """Start over from the seeded start with the controls' values; False if they are bad."""
        if not self.controller.ready:
            return False
        try:
            config = self.controls.config()
        except ConfigError as error:
            self.controls.show_message(str(error))
            self._set_note(f"Not started: {error}", error=True)
            return False
        self.banner.hide()
        self.controls.message.clear()
        self.run_config = config
        self._shown_config = config  # what the controls show, until this call returns
        try:
            self.view.clear()
            self.controller.reset(config)
            self.controls.mark_pending(set())
            self._set_note("")
            self._show_code()
            self._show_state()
        finally:
            self._shown_config = None
        return True

    def show_values(self, values: dict[str, Any]) -> bool:
        """Show ``values`` (a setup, a plan step) in the controls and reset the run to them."""
        self.controls.load(values)
        self._on_variant_shown()
        return self.reset()

    def pending(self) -> bool:
        """Whether the controls show settings the run in the process is not using."""
        if self.run_config is None:
            return False
        shown = self._shown_config
        if shown is None:  # read afresh: typed text may have changed since
            try:
                shown = self.controls.config()
            except ConfigError:
                return True
        live = {p.name for p in self.lesson.all_params() if p.live}
        def fixed(config: Config) -> tuple:
            return config.variant, {k: v for k, v in config.values.items() if k not in live}
        return fixed(shown) != fixed(self.run_config)

    # -- controls -----------------------------------------------------------------------------------
    def _on_control_changed(self, name: str, value: Any) -> None:
        if name in ("variant", "preset"):  # a preset may switch the variant
            self._on_variant_shown()
        if name in self.controls.params and not self.controls.applies(name):
            return
        if not self.controller.ready:
            return
        param = self.controls.params.get(name)
        at_start = self.snapshot is None or self.snapshot.step == 0
        if param is not None and param.live and not self.pending():
            self.controller.set_live(name, value)  # the status line says when it took effect
        elif at_start and self.state != RunState.PLAYING:
            self.reset()  # nothing has run yet: show the new start right away
        self.controls.mark_pending(self._pending_names())
        self._show_state()

    def _pending_names(self) -> set[str]:
        """The controls whose values wait for Reset (live ones too, once anything waits)."""
        if self.run_config is None or not self.pending():
            return set()
        try:
            shown = self.controls.config()
        except ConfigError:
            return set()
        names = {k for k, v in shown.values.items() if self.run_config.values.get(k) != v}
        if shown.variant != self.run_config.variant:
            names.add("variant")
        return names

    def _on_live_set(self, name: str, value: Any) -> None:
        if self.run_config is not None:
            self.run_config = self.run_config.with_values(**{name: value})
        if name in self.controls.params and self.controls.params[name].kind == "speed":
            words = "full speed" if not value else f"at most {value:g} steps/s"
            self._set_note(f"Speed: {words}")
        else:
            step = (self.snapshot.step if self.snapshot else 0) + 1
            label = self.controls.params[name].label if name in self.controls.params else name
            self._set_note(f"{label} {value:g} from step {step:,}" if isinstance(value, float)
                           else f"{label} {value} from step {step:,}")

    # -- from the run -----------------------------------------------------------------------------
    def _draw(self, snapshot) -> None:
        self.view.show_snapshot(snapshot)
        # Not every frame: the label's and the bar's repaints were a third of a frame's work on
        # the window's thread (sin-fit at full speed: 9.2-10.0 -> 6.3-7.1 ms a frame).
        self._status_soon.throttle()
        self.progressed.emit()

    def _show_run_bar(self) -> None:
        snapshot = self.controller.snapshot
        if snapshot is not None:
            self.run_bar.show_progress(snapshot.step, snapshot.steps,
                                       exact=self.state != RunState.PLAYING)
        self._show_status()

    def _on_state(self, state: RunState) -> None:
        self.view.on_state(state)
        self._show_state()

    def _on_diverged(self, step: int, lr: float) -> None:
        self.banner.show_message(
            f"<b>The loss became inf/NaN at step {step:,}.</b> With learning rate {lr:g} each step "
            f"overshoots and the numbers blow up. The run is paused: lower the learning rate and "
            f"press Reset (R).", kind="warning")

    def _on_failed(self, message: str, details: str) -> None:
        self.banner.show_message(f"<b>{message}</b>", kind="error", details=details)

    def _on_restarted(self, why: str) -> None:
        self.console.reset_input()
        self.view.on_restarted(why)

    # -- showing ----------------------------------------------------------------------------------
    def _show_state(self) -> None:
        snap = self.snapshot
        started = snap is not None and snap.step > 0
        ready = self.controller.ready and self.state not in (RunState.LOADING, RunState.RESETTING)
        self.run_bar.show_state(self.state, started, self.pending(), ready)
        self._show_run_bar()

    def _show_status(self) -> None:
        c = self.controller
        text = self.run_bar.status_text(c.snapshot, c.state, c.rate, c.seconds_left(), self._note)
        if c.state == RunState.LOADING:
            text = "Starting the run process…"
        self.run_bar.set_status(text, error=self._note_is_error)

    def _set_note(self, text: str, error: bool = False) -> None:
        self._note, self._note_is_error = text, error
        self._show_status()

    _note_is_error = False
    _shown_config: Config | None = None  # set while reset() runs: the config it just read

    def _on_variant_shown(self) -> None:
        variant = self.controls.variant
        self.variant_summary.setText(self.lesson.variant(variant).summary)
        self.run_bar.setVisible(self.lesson.steps_through(variant))
        self._show_code()

    def _show_code(self) -> None:
        self.code.show_variant(self.controls.variant)

    def set_zoom(self, factor: float) -> None:
        self._zoom = factor
        self.notes.set_zoom(factor)
        self.code.set_zoom(factor)
        self.console.set_zoom(factor)
        self.run_bar.set_zoom(factor)
        self.banner.set_zoom(factor)
        zoom_plots(self.view, factor)
        self.view.set_zoom(factor)
