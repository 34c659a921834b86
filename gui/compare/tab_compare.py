"""Comparing runs in one lesson tab: its ghosts (plots and the Runs side tab), its learning-rate
sweep (the Sweep side tab) and the advice button after a divergence.

Attached from outside (gui.compare.install): the tab itself knows nothing of this.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from core.compare import Ghost, GhostShelf
from core.protocol import RunState
from gui.compare.advice_offer import AdviceOffer
from gui.compare.ghost_layer import GhostLayer
from gui.compare.ghost_table import GhostTable
from gui.compare.recorder import RunRecorder
from gui.compare.sweep_panel import SweepPanel
from gui.next_turn import in_next_turn


class TabCompare(QObject):
    def __init__(self, tab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.shelf = GhostShelf()
        self.layer = GhostLayer(tab.view)
        self.recorder = RunRecorder(tab)
        self.table = GhostTable()
        self.advice = AdviceOffer(tab)
        self.sweep: SweepPanel | None = None
        steps = any(tab.lesson.steps_through(v) for v in tab.lesson.variant_names)
        if steps:
            tab.side.addTab(self.table, "Runs")
        if any(tab.lesson.trains(v) for v in tab.lesson.variant_names):
            self.sweep = SweepPanel()
            tab.side.addTab(self.sweep, "Sweep")
            self.sweep.sweep_requested.connect(self._on_sweep_requested)
            self.sweep.stop_requested.connect(tab.controller.pause)
            self.sweep.lr_chosen.connect(self.use_lr)
            tab.controller.sweep_progress.connect(self.sweep.show_progress)
            tab.controller.state_changed.connect(self._on_state)
            tab.controller.failed.connect(lambda *_: self.sweep.set_running(False))
            self._follow_controls()
        # Shelved in a turn of its own: Reset answers at once and the ghost follows a moment
        # later (in the pass of the messages the Reset brings back, spam of Start / Pause /
        # Reset / Step had a max of 51-58 ms; 36-38 in a turn of its own).
        self.recorder.kept.connect(self._keep_soon)
        self.recorder.started.connect(self._on_started)
        tab.controller.live_set.connect(lambda *_: self.relabel())
        tab.controls.changed.connect(self._on_control_changed)
        self.table.load_requested.connect(self.load)
        self.table.pin_toggled.connect(self.pin)
        self.table.clear_requested.connect(self.clear)

    # -- ghosts -------------------------------------------------------------------------------
    def _keep_soon(self, ghost: Ghost) -> None:
        in_next_turn(self, lambda: self._on_kept(ghost))

    def _on_kept(self, ghost: Ghost) -> None:
        for gone in self.shelf.keep(ghost):
            if gone is not ghost:
                self.layer.remove(gone)
        if ghost in self.shelf.ghosts:
            self.layer.add_curve(ghost)
            in_next_turn(self, lambda: self._add_picture(ghost))
        # The picture and the names in turns of their own too: drawing the ghost in both plots
        # and renaming every row of the legend and the table held the window 6-12 ms, with both
        # plots' repaints behind it.
        in_next_turn(self, self.relabel)

    def _add_picture(self, ghost: Ghost) -> None:
        if ghost in self.shelf.ghosts:  # not cleared or pushed off the shelf in the meantime
            self.layer.add_picture(ghost)

    def _on_started(self, _config) -> None:
        self.relabel()
        self._follow_controls()

    def relabel(self) -> None:
        current = self.tab.run_config
        self.layer.relabel(self.shelf, current)
        self.table.show_shelf(self.shelf, current)

    def pin(self, ghost: Ghost, pinned: bool) -> None:
        ghost.pinned = pinned
        # Not now: the table is inside the check box's own signal, and relabelling rebuilds it.
        QTimer.singleShot(0, self.relabel)

    def clear(self) -> None:
        for ghost in self.shelf.clear():
            self.layer.remove(ghost)
        self.relabel()

    def load(self, ghost: Ghost) -> None:
        """Show a ghost's settings in the controls (Reset runs them, as after any change)."""
        values = {"variant": ghost.config.variant, **ghost.config.values}
        self.tab.controls.load(values)
        self.tab.controls.changed.emit("variant", ghost.config.variant)

    # -- the sweep ----------------------------------------------------------------------------
    def start_sweep(self) -> bool:
        """Sweep the range shown in the Sweep tab (which comes to the front)."""
        if self.sweep is None:
            return False
        self.tab.side.setCurrentWidget(self.sweep)
        if not self.tab.lesson.trains(self.tab.controls.variant):
            self.sweep.set_enabled_for(False)
            return False
        return self.sweep.start()

    def _on_sweep_requested(self, request) -> None:
        tab = self.tab
        if tab.pending() and not tab.reset():  # sweep what the controls show
            self.sweep.set_running(False)
            return
        tab.controller.sweep(request)

    def _on_state(self, state) -> None:
        # Start, Step and Reset end a sweep in the run process (its last progress follows).
        if state in (RunState.PLAYING, RunState.RESETTING, RunState.FAILED):
            self.sweep.set_running(False)

    def use_lr(self, lr: float) -> None:
        self.tab.controls.load({"lr": lr})
        self.tab.reset()

    def _on_control_changed(self, name: str, value) -> None:
        if name in ("lr", "variant", "preset", "optimizer"):
            self._follow_controls()

    def _follow_controls(self) -> None:
        if self.sweep is None:
            return
        trains = self.tab.lesson.trains(self.tab.controls.variant)
        self.sweep.set_enabled_for(trains)
        if trains and not self.sweep.running:
            try:
                lr = self.tab.controls.fields["lr"].value()
            except Exception:  # bad text in the field: keep the range shown
                return
            self.sweep.centre_on(lr)
            self.sweep.mark_lr(lr)
