"""Every lesson's controls come from its declarations: one row per knob, tooltips, choices, defaults."""

from __future__ import annotations

import pytest

from core.registry import LESSONS


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.key for lesson in LESSONS])
def test_controls_are_built_from_the_declarations(qtbot, lesson):
    from gui.controls.panel import ControlsPanel

    panel = ControlsPanel(lesson)
    qtbot.addWidget(panel)
    declared = {p.name: p for p in lesson.all_params()}
    if lesson.preset_param is not None:
        declared["preset"] = lesson.preset_param
    assert set(panel.fields) == set(declared)
    for name, param in declared.items():
        assert panel.fields[name].toolTip() == param.help and param.help, name
        if param.kind == "choice" and name != "variant":
            combo = panel.fields[name].combo
            assert [combo.itemData(i) for i in range(combo.count())] == list(param.choices)
    first = lesson.variants[0].name
    config = panel.config()
    assert config.variant == first
    defaults = lesson.defaults_for(first)
    for name in ("lr", "steps", "seed"):
        if name in config.values:
            assert config.values[name] == pytest.approx(defaults[name]), name


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.key for lesson in LESSONS])
def test_rows_follow_the_variant(qtbot, lesson):
    from gui.controls.panel import ControlsPanel

    panel = ControlsPanel(lesson)
    qtbot.addWidget(panel)
    for variant in lesson.variant_names:
        panel.fields["variant"].set_value(variant)
        panel._on_commit("variant", variant)
        for name, field in panel.fields.items():
            if name in ("variant", "preset"):
                continue
            shown = (not field.isHidden()) if field is panel.speed_field else panel.form.isRowVisible(field)
            assert shown == lesson.applies(lesson.param(name), variant), (variant, name)
        assert panel.config().variant == variant


def test_switching_variant_loads_its_defaults_but_keeps_the_seed(qtbot):
    from core.registry import get_lesson
    from gui.controls.panel import ControlsPanel

    panel = ControlsPanel(get_lesson("sin-fit"))
    qtbot.addWidget(panel)
    panel.fields["seed"].set_value(9)
    panel.fields["variant"].set_value("optim")
    panel._on_commit("variant", "optim")
    config = panel.config()
    assert (config.lr, config.seed, config.option("optimizer")) == (1e-3, 9, "RMSprop")


def test_a_variant_can_rename_a_knob(qtbot):
    from core.registry import get_lesson
    from gui.controls.panel import ControlsPanel

    panel = ControlsPanel(get_lesson("space-transforms"))
    qtbot.addWidget(panel)
    for variant, label in (("linear", "Frames"), ("classifier", "Steps")):
        panel.fields["variant"].set_value(variant)
        panel._on_commit("variant", variant)
        assert panel.labels["steps"].text() == label


def test_choosing_a_preset_sets_its_variant_and_values(qtbot):
    from core.registry import get_lesson
    from gui.controls.panel import ControlsPanel

    panel = ControlsPanel(get_lesson("cross-product"))
    qtbot.addWidget(panel)
    panel.fields["preset"].set_value("seven")
    panel._on_commit("preset", "seven")
    config = panel.config()
    preset = get_lesson("cross-product").preset("seven").values
    assert config.variant == preset["variant"] and config.option("dim") == 7
    assert panel.form.isRowVisible(panel.fields["dim"])


def test_the_preset_box_lets_go_once_a_value_departs_from_it(qtbot):
    from core.registry import get_lesson
    from gui.controls.panel import ControlsPanel

    panel = ControlsPanel(get_lesson("cross-product"))
    qtbot.addWidget(panel)
    panel.fields["preset"].set_value("seven")
    panel._on_commit("preset", "seven")
    panel.fields["seed"].set_value(4)
    panel._on_commit("seed", 4)  # not part of the preset: it still holds
    assert panel.fields["preset"].value() == "seven"
    panel.fields["dim"].set_value(5)
    panel._on_commit("dim", 5)
    assert panel.fields["preset"].value() == ""


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.key for lesson in LESSONS])
def test_combo_boxes_show_the_declared_labels_not_the_keys(qtbot, lesson):
    from gui.controls.panel import ControlsPanel

    panel = ControlsPanel(lesson)
    qtbot.addWidget(panel)
    combo = panel.fields["variant"].combo
    assert [combo.itemText(i) for i in range(combo.count())] == [v.label for v in lesson.variants]
    if "preset" in panel.fields:
        combo = panel.fields["preset"].combo
        assert [combo.itemText(i) for i in range(1, combo.count())] == [p.label for p in lesson.presets]


def test_choosing_an_optimizer_brings_its_learning_rate(qtbot):
    from core.registry import get_lesson
    from gui.controls.panel import ControlsPanel

    panel = ControlsPanel(get_lesson("sin-fit"))
    qtbot.addWidget(panel)
    panel.fields["variant"].set_value("optim")
    panel._on_commit("variant", "optim")
    for optimizer, lr in (("SGD", 1e-6), ("Adam", 1e-2), ("RMSprop", 1e-3)):
        panel.fields["optimizer"].set_value(optimizer)
        panel._on_commit("optimizer", optimizer)
        assert panel.config().lr == lr


def test_speed_is_a_log_slider_with_full_speed_one_click_away(qtbot):
    from core.params import FULL_SPEED
    from core.registry import get_lesson
    from gui.controls.panel import ControlsPanel

    panel = ControlsPanel(get_lesson("sin-fit"))
    qtbot.addWidget(panel)
    speed = panel.speed_field
    seen = []
    panel.changed.connect(lambda name, value: seen.append((name, value)))
    speed.full.click()
    assert speed.value() == FULL_SPEED and seen[-1] == ("speed", FULL_SPEED)
    speed.full.click()
    assert speed.value() == 200.0
    speed.inner.slider.setValue(0)
    assert speed.value() == 0.5  # slow enough to narrate one step at a time


def test_a_knob_that_does_nothing_with_the_chosen_data_is_greyed_out(qtbot):
    from core.registry import get_lesson
    from gui.controls.panel import ControlsPanel

    panel = ControlsPanel(get_lesson("classify"))
    qtbot.addWidget(panel)
    combo = panel.fields["dataset"].combo
    assert panel.fields["arms"].isEnabled()  # the spiral has K arms
    combo.setCurrentIndex(combo.findData("xor") if combo.findData("xor") >= 0 else 3)  # as a click
    assert panel.fields["dataset"].value() == "xor"
    assert not panel.fields["arms"].isEnabled() and not panel.labels["arms"].isEnabled()
    combo.setCurrentIndex(combo.findData("blobs") if combo.findData("blobs") >= 0 else 4)
    assert panel.fields["dataset"].value() == "blobs" and panel.fields["arms"].isEnabled()
    panel.load({"dataset": "circles"})  # a setup or a ghost's settings loaded
    assert not panel.fields["arms"].isEnabled()
