"""A tab's run, as the window sees it: its state, the commands it takes, and what comes back.

The controller never steps a run: it sends commands to its run process (gui.run_host) and turns
the messages into signals. Snapshots are folded together and handed on at most once per frame
(superqt's throttler), so a fast run never floods the event loop and no loss value is dropped.
It also measures the rate and the time left, and restarts a run process that was lost or that
had to be ended because user code would not stop.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from superqt.utils import QSignalThrottler

from core.config import Config
from core.protocol import Command, Message, RunState
from gui.run_host import LOST, RunHost
from gui.snapshots import merge

FRAME_MS = 28  # at most ~35 frames a second: 30 drawn even when a frame comes late
SETTLE_MS = 100  # a tab shown again draws its run's frames after this long (see set_on_screen)
INTERRUPT_GRACE_MS = 1000  # user code gets this long to stop before its process is ended


class RunController(QObject):
    scene_changed = Signal(object)  # the run's Scene, after each reset
    frame_ready = Signal(object)  # the newest Snapshot, at most once per frame
    state_changed = Signal(object)  # RunState
    diverged = Signal(int, float)  # step, lr
    failed = Signal(str, str)  # one-line message, details
    live_set = Signal(str, object)  # a live change the run confirmed (name, value)
    console_output = Signal(str, bool, bool)  # text, raised, needs more input
    lesson_done = Signal(str)  # a lesson command finished (its snapshot came first)
    sweep_progress = Signal(object)  # core.sweep.SweepProgress
    advice_ready = Signal(object)  # an lr shown to stay finite, or None
    restarted = Signal(str)  # the run process was replaced; why

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host: RunHost | None = None
        self.kind: str | None = None
        self.state = RunState.LOADING
        self.config: Config | None = None  # the config of the run in the process
        self.snapshot = None  # the newest snapshot handed on
        self.rate = 0.0  # steps per second, smoothed
        self._rate_mark: tuple[float, int] | None = None
        self._pending = None
        self._awaiting = 0  # lesson and console commands sent and not answered yet
        self._throttler = QSignalThrottler(parent=self)
        self._throttler.setTimeout(FRAME_MS)
        self._throttler.triggered.connect(self._hand_on)
        self._settle = QTimer(self)  # a tab shown again draws frames once this fires
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._back_on_screen)
        self._interrupt_timer = QTimer(self)
        self._interrupt_timer.setSingleShot(True)
        self._interrupt_timer.setInterval(INTERRUPT_GRACE_MS)
        self._interrupt_timer.timeout.connect(self._end_stuck_process)

    # -- lifetime ---------------------------------------------------------------------------------
    @property
    def ready(self) -> bool:
        return self.host is not None

    def start(self, kind: str | None = None) -> None:
        """A fresh run process (the old one, if any, is retired without waiting for it)."""
        if self.host is not None:
            self.host.received.disconnect(self._on_message)
            self.host.retire()
        self.kind = kind or self.kind
        self.host = RunHost(self.kind)
        self.kind = self.host.kind
        self.host.received.connect(self._on_message)
        self._awaiting = 0
        self._interrupt_timer.stop()

    def shutdown(self) -> None:
        """Forget the run process (gui.run_host.shutdown_all ends it, in order, with the rest)."""
        self._throttler.cancel()
        self._settle.stop()
        self._interrupt_timer.stop()
        if self.host is not None:
            self.host.received.disconnect(self._on_message)
            self.host.retire()
            self.host = None

    # -- commands ---------------------------------------------------------------------------------
    def reset(self, config: Config) -> None:
        if self.host is None:
            return
        if not self.host.alive:
            self.start()
        if self._pending is not None:
            self._hand_on(force=True)  # a run out of sight is drawn once before it is replaced
        self.config = config
        self.snapshot = self._pending = None
        self.rate, self._rate_mark = 0.0, None
        self._sweeping = False
        self._throttler.cancel()
        self.host.send(Command.RESET, config)
        self._set_state(RunState.RESETTING)

    def play(self) -> None:
        self._send(Command.PLAY)

    def pause(self) -> None:
        self._send(Command.PAUSE)

    def step(self) -> None:
        self._send(Command.STEP)

    def set_live(self, name: str, value: Any) -> None:
        self._send(Command.SET, (name, value))

    def lesson_command(self, name: str, payload: Any = None) -> None:
        self._awaiting += 1
        self._send(Command.LESSON, (name, payload))

    def console(self, line: str) -> None:
        self._awaiting += 1
        self._send(Command.CONSOLE, line)

    def sweep(self, request) -> None:
        self._sweeping = True
        self._send(Command.SWEEP, request)

    _sweeping = False

    @property
    def working(self) -> bool:
        """A run plays or a sweep goes on: the window is busy drawing this tab's work."""
        return self.state == RunState.PLAYING or self._sweeping

    def advice(self) -> None:
        self._send(Command.ADVICE)

    def interrupt(self) -> None:
        """Stop user code (a cell, a console line); its process is ended if it does not stop."""
        if self.host is None or not self._awaiting:
            return
        self.host.interrupt()
        self._interrupt_timer.start()

    @property
    def busy_with_user_code(self) -> bool:
        return self._awaiting > 0

    def _send(self, command: Command, value: Any = None) -> None:
        if self.host is not None:
            self.host.send(command, value)

    # -- what comes back ----------------------------------------------------------------------------
    def _on_message(self, message: tuple) -> None:
        kind, *args = message
        if kind == LOST:
            self._on_lost(*args)
            return
        kind = Message(kind)
        if kind == Message.SNAPSHOT:
            self._pending = merge(self._pending, args[0])
            self._throttler.throttle()
        elif kind == Message.SCENE:
            self.scene_changed.emit(args[0])
        elif kind == Message.STATE:
            self._on_state(RunState(args[0]))
        elif kind == Message.DIVERGED:
            self.diverged.emit(*args)
        elif kind == Message.FAILED:
            self._sweeping = False
            self.failed.emit(*args)
        elif kind == Message.SET:
            self.live_set.emit(*args)
        elif kind == Message.CONSOLE:
            self._answered()
            self.console_output.emit(*args)
        elif kind == Message.LESSON:
            self._answered()
            self._throttler.flush()
            self.lesson_done.emit(args[0])
        elif kind == Message.SWEEP:
            self._sweeping = not args[0].done
            self.sweep_progress.emit(args[0])
        elif kind == Message.ADVICE:
            self.advice_ready.emit(args[0])

    def _answered(self) -> None:
        self._awaiting = max(self._awaiting - 1, 0)
        if not self._awaiting:
            self._interrupt_timer.stop()

    def _on_state(self, state: RunState) -> None:
        if state != RunState.PLAYING:
            self._rate_mark = None
            self._throttler.flush()  # the run stopped: show its last step now
        self._set_state(state)

    def _set_state(self, state: RunState) -> None:
        self.state = state
        self.state_changed.emit(state)

    def set_on_screen(self, on_screen: bool) -> None:
        """A tab out of sight draws nothing: its snapshots fold into one (no loss value lost)
        that is drawn when it comes back. Four hidden runs drawing 35 times a second each would
        keep the window's thread busy for nothing.

        A tab that comes back draws again SETTLE_MS later: its own first paint comes first, and a
        tab only passed through (Ctrl+Tab held down) draws no frame at all. Drawing each one on
        the way cost the window 5-25 ms a tab, on top of painting it."""
        self._settle.stop()
        if on_screen:
            self._settle.start()
        else:
            self._on_screen = False

    def _back_on_screen(self) -> None:
        self._on_screen = True
        self._hand_on()

    _on_screen = True

    def _hand_on(self, force: bool = False) -> None:
        snapshot = self._pending
        if snapshot is None:
            return
        self.snapshot = snapshot  # progress, state and title follow the run even out of sight
        self._measure_rate(snapshot.step)
        if not (self._on_screen or force):
            return  # kept in _pending: later snapshots fold into it
        self._pending = None
        self.frame_ready.emit(snapshot)

    def _measure_rate(self, step: int) -> None:
        now = time.monotonic()
        if self.state == RunState.PLAYING and self._rate_mark is not None:
            then, before = self._rate_mark
            if now - then >= 0.25:
                rate = (step - before) / (now - then)
                self.rate = rate if self.rate == 0 else 0.7 * self.rate + 0.3 * rate
                self._rate_mark = (now, step)
        else:
            self._rate_mark = (now, step)

    def seconds_left(self) -> float | None:
        snap = self.snapshot
        if self.state != RunState.PLAYING or snap is None or self.rate <= 0:
            return None
        return (snap.steps - snap.step) / self.rate

    # -- a process that is gone ---------------------------------------------------------------------
    def _end_stuck_process(self) -> None:
        if self.host is not None and self._awaiting:
            self.host.kill()  # LOST follows; _on_lost starts a new one

    def _on_lost(self, message: str, details: str) -> None:
        self._sweeping = False
        stuck = self._interrupt_timer.isActive() or self._awaiting > 0
        self._interrupt_timer.stop()
        self._awaiting = 0
        if stuck:
            # Ended on purpose: the code would not stop. Start over with the same settings.
            self.start()
            if self.config is not None:
                self.reset(self.config)
            self.restarted.emit("The code did not stop within a second, so its process was "
                                "ended and a new one started.")
            return
        self._set_state(RunState.FAILED)
        self.failed.emit(f"{message} Press Reset (R) to start a new one.", details)
        self.start()  # ready for Reset; nothing runs until asked
