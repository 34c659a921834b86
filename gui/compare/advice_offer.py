"""After a divergence, a button in the banner that applies a learning rate shown to stay finite.

The run process sweeps learning rates below the one that blew up, from the same start for the
same number of steps (core.advice), so the lr offered is known not to diverge over this run.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from core.protocol import RunState


class AdviceOffer(QObject):
    def __init__(self, tab) -> None:
        super().__init__(tab)
        self._tab = tab
        self.lr: float | None = None
        self.button = tab.banner.action_button
        self.button.clicked.connect(self.apply)
        tab.controller.diverged.connect(self._on_diverged)
        tab.controller.advice_ready.connect(self._on_advice)

    def _on_diverged(self, step: int, lr: float) -> None:
        self.lr = None
        if not self._tab.lesson.trains(self._tab.run_config.variant if self._tab.run_config
                                       else self._tab.controls.variant):
            return
        self.button.setText("Finding an lr that stays finite…")
        self.button.setEnabled(False)
        self.button.show()
        self._tab.controller.advice()

    def _on_advice(self, lr: float | None) -> None:
        if self._tab.state != RunState.DIVERGED or not self._tab.banner.isVisible():
            return  # the class has moved on (Reset): the offer would be stale
        self.lr = lr
        if lr is None:
            self.button.hide()
            return
        self.button.setText(f"Use lr {lr:g}")
        self.button.setToolTip(f"Set the learning rate to {lr:g} and reset: from the same start, it "
                               f"stays finite for the whole run")
        self.button.setEnabled(True)
        self.button.show()

    def apply(self) -> None:
        if self.lr is None:
            return
        self._tab.controls.load({"lr": self.lr})
        self._tab.reset()
