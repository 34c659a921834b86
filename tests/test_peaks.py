"""A long ghost curve is thinned to its peaks: fewer points, the same extremes, the same gaps."""

import numpy as np

from gui.widgets.peaks import peaks


def test_a_short_curve_is_kept_as_it_is():
    x, y = np.arange(5.0), np.array([3.0, 1.0, 4.0, 1.0, 5.0])
    thinned = peaks(x, y, 10)
    assert thinned[0] is x and thinned[1] is y


def test_a_long_curve_keeps_its_spikes_and_its_ends_within_the_budget():
    x = np.arange(1.0, 20_001.0)
    y = np.exp(-x / 5000) + 1.0
    y[12_345] = 50.0  # one spike, as a run that nearly blew up
    y[7_000] = 0.001
    tx, ty = peaks(x, y, 2000)
    assert len(tx) <= 2000 and len(tx) == len(ty)
    assert ty.max() == 50.0 and ty.min() == 0.001
    assert tx[0] == 1.0 and tx[-1] == 20_000.0
    assert np.all(np.diff(tx) >= 0)


def test_a_run_that_blew_up_keeps_its_gap():
    x = np.arange(1.0, 10_001.0)
    y = np.linspace(10.0, 1.0, 10_000)
    y[6_000:] = np.nan  # no loss after the blow-up
    tx, ty = peaks(x, y, 1000)
    assert np.isnan(ty[-1]) and np.isfinite(ty[0])
    assert np.nanmin(ty) >= y[5_999] - 1e-12
