"""Ghost runs as plain data: labels say what differed from the run on screen; the shelf keeps 8."""

from __future__ import annotations

import numpy as np

from core.compare import LIMIT, SAME, Ghost, GhostShelf, label
from core.config import build_config
from core.registry import get_lesson

SIN = get_lesson("sin-fit")


def cfg(**values):
    return build_config(SIN, values)


def ghost(config, losses=(3.0, 2.0, 1.0), diverged_at=None):
    return Ghost(config=config, losses=np.array(losses, dtype=float), diverged_at=diverged_at)


def test_a_label_names_only_what_differs_from_the_run_on_screen():
    now = cfg(variant="numpy", lr=3e-6)
    assert label(cfg(variant="numpy", lr=1e-6), now) == "lr 1e-06"
    assert label(cfg(variant="numpy", lr=3e-6, speed=50.0), now) == SAME  # speed changes no number
    assert label(cfg(variant="numpy", lr=3e-6, seed=4, steps=500), now) == "steps 500, seed 4"
    # another variant: its knobs the numpy run lacks (precision) are explained by the variant
    assert label(cfg(variant="autograd", lr=3e-6), now) == "variant autograd"


def test_a_choice_that_brings_its_own_lr_comes_first():
    now = cfg(variant="optim", optimizer="Adam")
    assert label(cfg(variant="optim", optimizer="SGD", lr=1e-3), now) == "optimizer SGD, lr 0.001"
    assert label(cfg(variant="optim", optimizer="Adam", dtype="float64"), now) == "dtype float64"


def test_the_shelf_keeps_eight_pushing_out_the_oldest_unpinned():
    shelf = GhostShelf()
    ghosts = [ghost(cfg(variant="numpy", seed=s)) for s in range(LIMIT)]
    for g in ghosts:
        assert shelf.keep(g) == []
    ghosts[0].pinned = True
    extra = ghost(cfg(variant="numpy", seed=99))
    assert shelf.keep(extra) == [ghosts[1]]  # the oldest loose one made room
    assert len(shelf) == LIMIT and ghosts[0] in shelf.ghosts
    assert extra.colour == ghosts[1].colour  # the colour freed is reused: no two share one
    assert len({g.colour for g in shelf.ghosts}) == LIMIT
    for g in shelf.ghosts:
        g.pinned = True
    last = ghost(cfg(variant="numpy", seed=100))
    assert shelf.keep(last) == [last] and last not in shelf.ghosts  # every place is pinned
    assert len(shelf.clear()) == LIMIT and len(shelf) == 0


def test_final_loss_and_the_label_of_the_run_on_screen():
    shelf = GhostShelf()
    shelf.keep(ghost(cfg(variant="numpy", lr=1e-6)))
    blown = ghost(cfg(variant="numpy", lr=1e-5), losses=(1.0, np.inf), diverged_at=2)
    shelf.keep(blown)
    assert np.isnan(blown.final_loss) and shelf.ghosts[0].final_loss == 1.0
    now = cfg(variant="numpy", lr=3e-6)
    assert shelf.labels(now) == ["lr 1e-06", "lr 1e-05"]
    assert shelf.current_label(now) == "lr 3e-06"


def test_ghosts_are_told_apart_by_identity_not_by_their_arrays():
    # The same settings run three times: finding or removing one ghost on the shelf must not
    # compare their loss arrays with == (it raised "truth value of an array ... is ambiguous").
    shelf = GhostShelf()
    first, second, third = (ghost(cfg(lr=1e-6)) for _ in range(3))
    for g in (first, second, third):
        shelf.keep(g)
    assert third in shelf.ghosts and second in shelf.ghosts
    shelf.remove(second)
    assert shelf.ghosts == [first, third]
    assert shelf.clear() == [first, third] and len(shelf) == 0


def test_ghosts_of_the_same_settings_say_which_run_they_were():
    shelf = GhostShelf()
    for lr in (1e-6, 1e-6, 1e-5):
        shelf.keep(ghost(cfg(variant="numpy", lr=lr)))
    now = cfg(variant="numpy", lr=1e-6)
    assert shelf.labels(now) == [f"{SAME} · run 1", f"{SAME} · run 2", "lr 1e-05"]
