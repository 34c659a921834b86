"""Follows the run on screen and hands it over as a ghost when it is reset after a step or more.

It listens to the tab's controller only (no hook in the tab): each drawn snapshot adds its loss
chunk to a copy kept here, so the run can be shelved after the view has forgotten it.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QObject, Signal

from core.compare import Ghost
from core.history import History
from core.protocol import RunState


class RunRecorder(QObject):
    kept = Signal(object)  # a Ghost: the run just left the screen after at least one step
    started = Signal(object)  # the Config of the new run on screen

    def __init__(self, tab) -> None:
        super().__init__(tab)
        self._tab = tab
        self._losses = History(("loss",))
        self._scene = None
        self._snapshot = None
        self._config = None
        self._seconds = 0.0
        self._playing_since: float | None = None
        c = tab.controller
        c.scene_changed.connect(self._on_scene)
        c.frame_ready.connect(self._on_frame)
        c.state_changed.connect(self._on_state)

    @property
    def config(self):
        """The config of the run on screen (live changes included)."""
        return self._config

    def _on_scene(self, scene) -> None:
        self._scene = scene

    def _on_frame(self, snapshot) -> None:
        self._config = self._tab.run_config  # live changes (the lr) included
        if snapshot.step == 0:
            self.started.emit(self._config)
        self._snapshot = snapshot
        name = next(iter(snapshot.history), None)
        if name is None:
            return
        if snapshot.history_start != len(self._losses):
            self._losses.clear()
            if snapshot.history_start != 0:
                return
        self._losses.extend({"loss": snapshot.history[name]})

    def _on_state(self, state: RunState) -> None:
        now = time.monotonic()
        if self._playing_since is not None:
            self._seconds += now - self._playing_since
            self._playing_since = None
        if state == RunState.PLAYING:
            self._playing_since = now
        elif state == RunState.RESETTING:
            self._hand_over()

    def _hand_over(self) -> None:
        snap, config = self._snapshot, self._config
        losses = np.array(self._losses.column("loss"))
        if snap is not None and config is not None and snap.step > 0 and len(losses):
            self.kept.emit(Ghost(config=config, losses=losses, diverged_at=snap.diverged_at,
                                 seconds=self._seconds, scene=self._scene, frame=snap.frame))
        self._losses.clear()
        self._snapshot = None
        self._seconds = 0.0
