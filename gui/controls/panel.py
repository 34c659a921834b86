"""The controls of a lesson, built from its declarations (never listed by hand)."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from core.config import Config, build_config
from core.errors import ConfigError
from core.lesson import Lesson
from core.params import Param
from gui.controls.fields import Field, field_for

KEEP_ON_VARIANT_CHANGE = ("seed", "device", "speed")  # the user's choices, not the rung's


class ControlsPanel(QWidget):
    """One row per declared knob; rows that do not apply to the chosen variant are hidden.

    ``changed(name, value)`` fires for every good value the user settles on;
    ``refused(message)`` for bad text (the panel also shows the message under the controls).
    """

    changed = Signal(str, object)
    refused = Signal(str)

    def __init__(self, lesson: Lesson, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson = lesson
        self.params: dict[str, Param] = {}
        self.fields: dict[str, Field] = {}
        self.labels: dict[str, QLabel] = {}
        self.speed_field: Field | None = None
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # A narrow panel (large text) puts a field under its label instead of cutting it off.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        params = list(lesson.all_params())
        if lesson.preset_param is not None:
            params.insert(1, lesson.preset_param)
        for param in params:
            self._add_row(param)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("controlsMessage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        self.load(lesson.defaults_for(lesson.variants[0].name))

    def _add_row(self, param: Param) -> None:
        field = field_for(param)
        label = QLabel(param.label)
        label.setToolTip(param.help)
        if param.kind == "speed":
            # Shown beside the run buttons, not in the form. Parented here until the run bar
            # adopts it: a parentless widget that is shown opens as a window of its own.
            field.setParent(self)
            field.hide()
            self.speed_field = field
        else:
            self.form.addRow(label, field)
        self.params[param.name] = param
        self.fields[param.name] = field
        self.labels[param.name] = label
        field.committed.connect(partial(self._on_commit, param.name))
        field.refused.connect(self._on_refused)

    # -- reading and writing ---------------------------------------------------------------------
    @property
    def variant(self) -> str:
        return self.fields["variant"].value()

    def applies(self, name: str) -> bool:
        param = self.params[name]
        if name == "preset":
            return True
        return self.lesson.applies(param, self.variant)

    def load(self, values: dict[str, Any]) -> None:
        """Show ``values`` (missing names keep what they show)."""
        for name, value in values.items():
            if name in self.fields:
                self.fields[name].set_value(value)
        self._update_rows()

    def values(self) -> dict[str, Any]:
        """Every applicable knob's checked value; raises ConfigError naming the knob's label."""
        return {name: field.value() for name, field in self.fields.items()
                if name != "preset" and self.applies(name)}

    def config(self) -> Config:
        labels = {name: param.label for name, param in self.params.items()}
        return build_config(self.lesson, self.values(), subject=labels)

    def mark_pending(self, names: set[str]) -> None:
        """Mark the controls whose values the run is not using yet (they apply on Reset)."""
        for name, label in self.labels.items():
            waiting = name in names
            if label.property("pending") != waiting:
                label.setProperty("pending", waiting)
                label.setStyleSheet("color: #B05A00; font-weight: bold;" if waiting else "")
                base = self.params[name].help
                label.setToolTip(f"Applies on Reset (R). {base}" if waiting else base)

    def show_message(self, text: str, error: bool = True) -> None:
        colour = "#B03A00" if error else "#2F6B3F"
        self.message.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.message.setText(text)

    # -- reacting --------------------------------------------------------------------------------
    def _on_commit(self, name: str, value: Any) -> None:
        if name == "variant":
            defaults = self.lesson.defaults_for(value)
            self.load({k: v for k, v in defaults.items() if k not in KEEP_ON_VARIANT_CHANGE})
            if "speed" in self.lesson.variant(value).defaults:
                self.load({"speed": defaults["speed"]})
        elif name == "preset" and value:
            self.load(dict(self.lesson.preset(value).values))
        linked = self.lesson.linked_defaults(name, value)
        if linked:  # e.g. each optimizer brings a learning rate that suits it
            self.load(linked)
        if name != "preset":
            self._drop_stale_preset()
        self._grey_out_what_does_nothing()
        self.message.clear()
        self.changed.emit(name, value)

    def _drop_stale_preset(self) -> None:
        """Show "(none)" once the values no longer match the chosen preset."""
        field = self.fields.get("preset")
        if field is None or not field.value():
            return
        for name, wanted in self.lesson.preset(field.value()).values.items():
            try:
                current = self.fields[name].value()
            except Exception:  # bad text in a field: the preset no longer holds either
                current = None
            if current != wanted:
                field.set_value("")
                return

    def _on_refused(self, message: str) -> None:
        self.show_message(message)
        self.refused.emit(message)

    def _update_rows(self) -> None:
        names = self.lesson.variant(self.variant).labels
        for name, label in self.labels.items():
            label.setText(names.get(name, self.params[name].label))
        for name, field in self.fields.items():
            visible = self.applies(name)
            if name == "variant":
                visible = len(self.lesson.variants) > 1
            if field is self.speed_field:
                field.setVisible(visible)
            else:
                self.form.setRowVisible(field, visible)
        self._grey_out_what_does_nothing()

    def _grey_out_what_does_nothing(self) -> None:
        """A knob that does nothing with the other knobs as they are is greyed out (its help,
        shown as its tooltip, says when it matters)."""
        for name, param in self.params.items():
            if param.only_with is None or name not in self.fields:
                continue
            other = param.only_with[0]
            try:
                matters = param.matters_with({other: self.fields[other].value()})
            except ConfigError:  # bad text in that field: leave this one as it is
                continue
            self.fields[name].setEnabled(matters)
            self.labels[name].setEnabled(matters)
