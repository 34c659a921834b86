"""One lesson's tab: controls, run buttons, the lesson's view, its notes and its code.

The tab never steps a run itself: it sends commands to its worker and draws what comes back.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QProgressBar, QPushButton, QScrollArea, QSplitter, QTabWidget,
    QVBoxLayout, QWidget,
)

from core.config import Config
from core.errors import ConfigError
from core.lesson import Lesson
from gui.controls.panel import ControlsPanel
from gui.lessons import view_class
from gui.snapshots import merge
from gui.widgets.banner import Banner
from gui.widgets.code_view import CodeView
from gui.widgets.console_panel import ConsolePanel
from gui.widgets.notes_view import NotesView
from gui.widgets.plot_cache import cache_axes
from gui.widgets.plot_zoom import zoom_plots
from gui.worker import WorkerHandle, steps_per_second

# Redraws a second: 30 when the run is capped (its process is mostly idle), 10 at full speed, where
# the window's painting competes with the run for the machine's cores.
FRAME_MS = 33
FRAME_MS_FULL_SPEED = 100


class LessonTab(QWidget):
    progressed = Signal()  # a new snapshot is on screen

    def __init__(self, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson = lesson
        self.handle: WorkerHandle | None = None
        self.state = "loading"
        self.run_config: Config | None = None
        self.snapshot = None  # the newest snapshot drawn
        self._pending = None  # snapshots received but not drawn yet, merged
        self._rate = 0.0
        self._rate_mark: tuple[float, int] | None = None
        self._torch_ready = False
        self._frame_timer = QTimer(self)
        self._frame_timer.setSingleShot(True)
        self._frame_timer.setInterval(FRAME_MS)
        self._frame_timer.timeout.connect(self._draw)
        self._build()
        self._connect()
        self._update_buttons()

    # -- building --------------------------------------------------------------------------------
    def _build(self) -> None:
        self.controls = ControlsPanel(self.lesson)
        self.start_button = QPushButton("Start")
        self.start_button.setToolTip("Start or pause the run (Space)")
        self.step_button = QPushButton("Step")
        self.step_button.setToolTip("Take exactly one step (Right arrow or .)")
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Back to the seeded start, with the current settings (R)")
        for button in (self.start_button, self.step_button, self.reset_button):
            button.setMinimumHeight(34)
        self.start_button.setObjectName("startButton")
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button, 2)
        buttons.addWidget(self.step_button, 1)
        buttons.addWidget(self.reset_button, 1)

        title = QLabel(f"<b>{self.lesson.title}</b><br>{self.lesson.summary}")
        title.setWordWrap(True)
        self.variant_summary = QLabel()
        self.variant_summary.setWordWrap(True)
        self.variant_summary.setStyleSheet("color: #444;")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(title)
        left_layout.addWidget(self.controls)
        left_layout.addWidget(self.variant_summary)
        self.run_box = QWidget()
        run_layout = QVBoxLayout(self.run_box)
        run_layout.setContentsMargins(0, 0, 0, 0)
        run_layout.addLayout(buttons)
        run_layout.addWidget(self.progress)
        left_layout.addWidget(self.run_box)
        left_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(300)

        self.banner = Banner()
        self.view = view_class(self.lesson)(self.lesson)
        cache_axes(self.view)
        self.status = QLabel("Loading torch…")
        self.status.setObjectName("runStatus")
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(4, 4, 4, 4)
        middle_layout.addWidget(self.banner)
        middle_layout.addWidget(self.view, 1)
        middle_layout.addWidget(self.status)

        self.notes = NotesView(self.lesson.key)
        self.code = CodeView()
        self.side = QTabWidget()
        self.side.addTab(self.notes, "Notes")
        self.side.addTab(self.code, "Code")
        self.console = ConsolePanel()
        self.side.addTab(self.console, "Console")
        if hasattr(self.view, "names_changed"):  # a view that runs code itself (the cells)
            self.view.names_changed.connect(self.console.update_names)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(middle)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 860, 420])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.splitter = splitter

        trains = self.lesson.trains
        self.run_box.setVisible(trains)
        self.status.setVisible(trains)
        self._set_summary()
        self.set_zoom(1.0)

    def _connect(self) -> None:
        self.start_button.clicked.connect(self.toggle_play)
        self.step_button.clicked.connect(self.step_once)
        self.reset_button.clicked.connect(self.reset)
        self.controls.changed.connect(self._on_control_changed)
        self.controls.refused.connect(lambda message: self._set_status(message, error=True))

    # -- torch is ready: the worker starts ----------------------------------------------------------
    @property
    def torch_loaded(self) -> bool:
        return self._torch_ready

    def torch_ready(self, devices) -> None:
        if self._torch_ready:
            return
        self._torch_ready = True
        self.console.torch_ready()
        self.controls.fields["device"].set_devices(devices)
        self._show_code()
        if hasattr(self.view, "set_device"):
            self.view.set_device(self.controls.fields["device"].value())
        self.state = "idle"
        if self.lesson.trains:
            self.use_worker()

    def use_worker(self, kind: str | None = None) -> None:
        """Start a fresh worker (a new run process by default) and prepare a run in it."""
        if self.handle is not None:
            self.handle.stop()
        self.handle = WorkerHandle(kind)
        worker = self.handle.worker
        worker.snapshot.connect(self._on_snapshot)
        worker.state_changed.connect(self._on_state)
        worker.diverged.connect(self._on_diverged)
        worker.failed.connect(self._on_failed)
        worker.namespace.connect(self.console.update_names)
        self.reset()

    def shutdown(self) -> None:
        """Stop the worker thread and wait for it (the window is closing)."""
        if self.handle is not None:
            self.handle.stop()
            self.handle = None
        if hasattr(self.view, "shutdown"):
            self.view.shutdown()

    # -- the three buttons -----------------------------------------------------------------------
    @Slot()
    def toggle_play(self) -> None:
        if self.handle is not None and self.state == "playing":
            self.handle.send("pause")
        else:
            self._go("play")

    @Slot()
    def step_once(self) -> None:
        self._go("step")

    def _go(self, command: str) -> None:
        """Play or step; a run that has ended, or settings changed before the first step, start
        from a fresh reset."""
        if self.handle is None:
            return
        if self.state in ("finished", "diverged", "failed") or self._at_start_with_changes():
            if not self.reset():
                return
        self.handle.send(command)

    @Slot()
    def reset(self) -> bool:
        """Start over from the seeded start with the controls' values; False if they are bad."""
        if self.handle is None:
            return False
        if not self.handle.alive:  # its process died: start a new one, then come back here
            self.use_worker(self.handle.kind)
            return self.handle is not None and self.handle.alive
        try:
            config = self.controls.config()
        except ConfigError as error:
            self.controls.show_message(str(error))
            self._set_status(f"Not started: {error}", error=True)
            return False
        self.banner.hide()
        self.controls.message.clear()
        self.run_config = config
        self.snapshot = self._pending = None
        self._rate, self._rate_mark = 0.0, None
        self.view.clear()
        self._apply_speed(self.controls.fields["speed"].value())
        self.handle.send("reset", config)
        self.state = "resetting"
        self._show_code()
        self._update_buttons()
        return True

    def _apply_speed(self, choice: str) -> None:
        """Cap the run's steps per second, and redraw less often when it runs flat out."""
        cap = steps_per_second(choice)
        self.handle.send("set_speed", cap)
        self._frame_timer.setInterval(FRAME_MS_FULL_SPEED if cap is None else FRAME_MS)

    def _at_start_with_changes(self) -> bool:
        """Nothing run yet and the controls differ from the prepared run: use the new values."""
        if self.snapshot is None or self.snapshot.step > 0:
            return False
        try:
            return self.controls.config() != self.run_config
        except ConfigError:
            return True  # reset() will show the message

    # -- controls ----------------------------------------------------------------------------------
    def _on_control_changed(self, name: str, value: Any) -> None:
        if name in ("variant", "preset"):  # a preset may switch the variant
            self._set_summary()
            self._show_code()
        if name == "device" and hasattr(self.view, "set_device"):
            self.view.set_device(value)
        if name in self.controls.params and not self.controls.applies(name):
            return
        if self.handle is None:
            return
        if name == "lr":
            self.handle.send("set_lr", value)
            self._set_status(f"Learning rate {value:g} from the next step.")
        elif name == "speed":
            self._apply_speed(value)
        elif (self.snapshot is None or self.snapshot.step == 0) and self.state != "playing":
            self.reset()  # nothing has run yet: show the new start right away
        else:
            label = self.controls.params[name].label
            self._set_status(f"{label} applies on Reset (R).")

    # -- from the worker ---------------------------------------------------------------------------
    @Slot(object)
    def _on_snapshot(self, snapshot) -> None:
        self._pending = merge(self._pending, snapshot)
        if not self._frame_timer.isActive():
            # Draw now, then at most once per frame interval; snapshots in between are merged.
            self._draw()
            self._frame_timer.start()

    def _draw(self) -> None:
        snapshot, self._pending = self._pending, None
        if snapshot is None:
            return
        self.snapshot = snapshot
        self.view.show_snapshot(snapshot)
        self.console.set_snapshot(snapshot)
        self._show_progress(snapshot.step, snapshot.steps)
        self._measure_rate(snapshot.step)
        self._show_status_line()
        self.progressed.emit()

    @Slot(str)
    def _on_state(self, state: str) -> None:
        self.state = state
        if state != "playing":
            self._rate_mark = None
            self._draw()  # the run stopped: show its last step now, not at the next frame
        self._update_buttons()
        self._show_status_line()

    @Slot(int, float)
    def _on_diverged(self, step: int, lr: float) -> None:
        self.banner.show_message(
            f"<b>The loss became inf/NaN at step {step:,}.</b> With learning rate {lr:g} each step "
            f"overshoots and the numbers blow up. The run is paused: lower the learning rate "
            f"(try {lr / 10:g}) and press Reset (R).", kind="warning")

    @Slot(str, str)
    def _on_failed(self, message: str, details: str) -> None:
        self.banner.show_message(f"<b>{message}</b><br>Change a setting and press Reset (R).",
                                 kind="error", details=details)

    # -- showing -------------------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        ready = self.handle is not None
        playing = self.state == "playing"
        over = self.state in ("finished", "diverged", "failed")
        started = self.snapshot is not None and self.snapshot.step > 0
        self.start_button.setText("Pause" if playing else "Start again" if over
                                  else "Resume" if started else "Start")
        self.start_button.setEnabled(ready)
        self.step_button.setEnabled(ready and not playing)
        self.reset_button.setEnabled(ready)

    def _show_progress(self, step: int, steps: int) -> None:
        # Repaint the bar only when it visibly moves (a repaint costs ~1 ms on some styles).
        if steps != self.progress.maximum():
            self.progress.setMaximum(steps)
        if step in (0, steps) or abs(step - self.progress.value()) * 500 >= steps:
            self.progress.setValue(step)

    def _measure_rate(self, step: int) -> None:
        now = time.monotonic()
        if self.state == "playing" and self._rate_mark is not None:
            then, before = self._rate_mark
            if now - then >= 0.25:
                rate = (step - before) / (now - then)
                self._rate = rate if self._rate == 0 else 0.7 * self._rate + 0.3 * rate
                self._rate_mark = (now, step)
        else:
            self._rate_mark = (now, step)

    def _show_status_line(self) -> None:
        snap = self.snapshot
        if snap is None:
            return
        parts = [f"Step {snap.step:,} / {snap.steps:,}"]
        if snap.loss == snap.loss:  # not NaN
            parts.append(f"loss {snap.loss:.6g}")
        if self.state == "playing" and self._rate > 0:
            left = (snap.steps - snap.step) / self._rate
            parts.append(f"{self._rate:,.0f} steps/s")
            parts.append(f"{_duration(left)} left")
        word = {"paused": "paused", "finished": "finished", "diverged": "diverged",
                "failed": "stopped"}.get(self.state)
        if word:
            parts.append(word)
        self._set_status(" · ".join(parts))

    def _set_status(self, text: str, error: bool = False) -> None:
        style = f"color: {'#B03A00' if error else '#202020'}; font-size: {self._status_pt:.0f}pt;"
        if style != self.status.styleSheet():  # restyling costs more than the text itself
            self.status.setStyleSheet(style)
        self.status.setText(text)

    def _set_summary(self) -> None:
        self.variant_summary.setText(self.lesson.variant(self.controls.variant).summary)

    def _show_code(self) -> None:
        from core.registry import run_class

        if not self._torch_ready:
            return
        try:
            self.code.show_code(run_class(self.lesson, self.controls.variant).source())
        except (OSError, TypeError, KeyError, AttributeError):
            self.code.show_code("# The source of this variant is not available.")

    def set_zoom(self, factor: float) -> None:
        self._status_pt = 13 * factor
        self.notes.set_zoom(factor)
        self.code.set_zoom(factor)
        zoom_plots(self.view, factor)
        if hasattr(self.view, "set_zoom"):
            self.view.set_zoom(factor)
        self._set_status(self.status.text())


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"{seconds // 60}:{seconds % 60:02d}"
