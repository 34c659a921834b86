"""Blow-up labels on the final-loss plot: shown where they have room, never over each other."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QFont


def blown_sweep(plots, count=16, first_blown=4):
    from core.sweep import SweepProgress

    lrs = np.geomspace(1e-4, 1e-1, count)
    diverged = np.array([0] * first_blown + list(range(900, 900 + count - first_blown)))
    losses = np.where(diverged[:, None] > 0, np.inf, np.linspace(3.0, 1.0, 5)[None, :])
    final = np.where(diverged > 0, np.nan, losses[:, -1])
    progress = SweepProgress(lrs=lrs, step=1000, steps=1000, history_start=995, losses=losses,
                             diverged_at=diverged, final_loss=final, done=True)
    plots.begin(progress)
    plots.take(progress)
    plots.draw(progress)
    return progress


def shown(plots):
    return [label for label in plots._labels if label.isVisible()]


def overlapping(labels) -> bool:
    rects = sorted((label.sceneBoundingRect() for label in labels), key=lambda rect: rect.left())
    return any(one.intersects(other) for one, other in zip(rects, rects[1:]))


def test_on_a_roomy_plot_every_blow_up_says_its_step_and_none_overlap(qtbot):
    from gui.compare.sweep_plots import SweepPlots

    plots = SweepPlots()
    qtbot.addWidget(plots)
    plots.resize(900, 700)
    plots.show()
    qtbot.waitExposed(plots)
    progress = blown_sweep(plots)
    qtbot.waitUntil(lambda: len(shown(plots)) >= 3)
    assert shown(plots)[0] is plots._labels[0]  # the edge of the blow-up is always named
    assert not overlapping(shown(plots))
    tip = plots._blow_up_tip(0, 0, progress.lrs[4])
    assert tip == f"lr {progress.lrs[4]:.3g} blew up at step 900"


def test_large_text_on_a_short_plot_leaves_out_what_does_not_fit(qtbot):
    from gui.compare.sweep_plots import SweepPlots

    plots = SweepPlots()
    qtbot.addWidget(plots)
    big = QFont()
    big.setPointSizeF(20)
    plots.setFont(big)
    plots.resize(420, 260)
    plots.show()
    qtbot.waitExposed(plots)
    blown_sweep(plots)
    box = plots.final_plot.getPlotItem().getViewBox()
    qtbot.waitUntil(lambda: box.height() > 0)
    qtbot.wait(50)
    for label in shown(plots):
        assert label.textItem.boundingRect().width() <= box.height()
    assert not overlapping(shown(plots))
    assert len(shown(plots)) < len(plots._labels)
