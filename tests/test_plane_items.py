"""The space-transforms cloud: each point keeps the shade of where it started while it moves."""

import numpy as np
import pyqtgraph as pg

from gui.widgets.plane_items import LEVELS, ShadedCloud


def colours_at(shades) -> list[str]:
    table = pg.colormap.get("cividis").getLookupTable(0.0, 1.0, LEVELS)
    index = np.round(np.asarray(shades) * (LEVELS - 1)).astype(int)
    return [pg.mkColor(table[i]).name() for i in index]


def test_each_point_keeps_its_shade_as_the_cloud_moves(qtbot):
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    cloud = ShadedCloud(plot.getPlotItem())
    shades = np.array([0.0, 1.0, 0.5, 0.25])
    start = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    cloud.set_shades(shades)
    cloud.set_points(start)
    assert cloud.shown_colours() == colours_at(shades)
    assert colours_at(shades)[0] != colours_at(shades)[1]  # the map's two ends differ
    moved = start @ np.array([[2.0, 1.0], [0.0, 1.0]])  # a shear: every point moves
    cloud.set_points(moved)
    np.testing.assert_allclose(cloud.shown(), moved)
    assert cloud.shown_colours() == colours_at(shades)


def test_a_new_scene_brings_its_own_shades_and_a_lost_point_is_not_drawn(qtbot):
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    cloud = ShadedCloud(plot.getPlotItem())
    cloud.set_shades(np.zeros(3))
    cloud.set_points(np.zeros((3, 2)))
    cloud.set_shades(np.ones(3))  # the next run's scene, as many points
    cloud.set_points(np.array([[0.0, 0.0], [np.nan, 1.0], [1.0, 1.0]]))
    assert cloud.shown_colours() == colours_at(np.ones(3))
    assert np.isnan(cloud.shown()[1]).any() and np.isfinite(cloud.shown()[[0, 2]]).all()
    cloud.set_points(np.full((3, 2), np.nan))
    assert len(cloud.shown()) == 0
