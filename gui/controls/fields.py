"""One input widget per parameter kind, all with the same small interface.

``value()`` returns the checked value or raises ConfigError; ``set_value(v)`` shows ``v``;
``committed(value)`` fires when the user settles on a good value, ``refused(message)`` on bad text.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLineEdit, QSpinBox, QWidget,
)

from core.errors import ConfigError
from core.params import FULL_SPEED, Param
from gui.controls.log_slider import LogSliderField

BAD = "border: 2px solid #D55E00;"


class Field(QWidget):
    committed = Signal(object)
    refused = Signal(str)

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.param = param
        self.setToolTip(param.help)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError


class TextField(Field):
    """Typed text checked by the declaration (numbers without a range slider, free text)."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.edit = QLineEdit()
        self._layout.addWidget(self.edit)
        self.edit.editingFinished.connect(self._on_edit)
        self._last: Any = None

    def value(self) -> Any:
        return self.param.parse(self.edit.text(), self.param.label)

    def set_value(self, value: Any) -> None:
        self._last = value
        self.edit.setText(self._format(value))
        self.edit.setStyleSheet("")

    def _format(self, value: Any) -> str:
        return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)

    def _on_edit(self) -> None:
        try:
            value = self.value()
        except ConfigError as error:
            self.edit.setStyleSheet(f"QLineEdit {{ {BAD} }}")
            self.refused.emit(str(error))
            return
        self.edit.setStyleSheet("")
        if value != self._last:
            self._last = value
            self.committed.emit(value)


class IntField(Field):
    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.spin = QSpinBox()
        self.spin.setRange(int(param.minimum or 0), int(param.maximum or 2**31 - 1))
        self.spin.setGroupSeparatorShown(True)
        self.spin.setKeyboardTracking(False)  # commit on Enter / focus-out, not on every digit
        self.spin.setAccelerated(True)
        self._layout.addWidget(self.spin)
        self.spin.valueChanged.connect(lambda v: self.committed.emit(int(v)))

    def value(self) -> int:
        return self.param.check(self.spin.value(), self.param.label)

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.spin):  # showing a value is not the user choosing it
            self.spin.setValue(int(value))


class ChoiceField(Field):
    def __init__(self, param: Param, parent: QWidget | None = None,
                 labels: tuple[str, ...] = ()) -> None:
        super().__init__(param, parent)
        self.combo = narrow_combo()
        shown = labels or param.choice_labels or param.choices
        for choice, label in zip(param.choices, shown):
            self.combo.addItem(label or "(none)", choice)
        self._layout.addWidget(self.combo)
        self.combo.currentIndexChanged.connect(lambda _: self.committed.emit(self.value()))

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value)
        if index >= 0:
            with QSignalBlocker(self.combo):
                self.combo.setCurrentIndex(index)


class DeviceField(Field):
    """The devices torch sees; filled once torch has loaded (``set_devices``).

    ``auto`` picks the first accelerator, else cpu. A device this machine does not have (a setup
    made elsewhere) leaves cpu chosen and says so under the controls, once the devices are known.
    """

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.combo = narrow_combo()
        self.combo.addItem("cpu", "cpu")
        self._layout.addWidget(self.combo)
        self._wanted: str | None = None  # asked for (a setup, a remembered value) before torch listed it
        self._listed = False  # torch has said which devices there are
        self.combo.currentIndexChanged.connect(self._on_chosen)

    def _on_chosen(self) -> None:
        self._wanted = None
        self.committed.emit(self.value())

    def set_devices(self, devices) -> None:
        current = self._wanted or self.value()
        with QSignalBlocker(self.combo):
            self.combo.clear()
            for device in devices:
                self.combo.addItem(device.label, device.name)
        self._listed = True
        self.set_value(current)

    def value(self) -> str:
        return self.combo.currentData() or "cpu"

    def set_value(self, value: Any) -> None:
        names = [self.combo.itemData(i) for i in range(self.combo.count())]
        if value == "auto":
            value = next((n for n in names if n != "cpu"), "cpu") if self._listed else "auto"
        index = self.combo.findData("cuda:0" if value == "cuda" else value)
        self._wanted = value if index < 0 else None
        with QSignalBlocker(self.combo):
            self.combo.setCurrentIndex(max(index, 0))
        if index < 0 and self._listed:
            self._wanted = None
            self.refused.emit(f"Device {value} is not on this machine (it has "
                              f"{', '.join(names)}): the runs use {self.value()}.")


class BoolField(Field):
    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.box = QCheckBox()
        self._layout.addWidget(self.box)
        self.box.toggled.connect(lambda v: self.committed.emit(bool(v)))

    def value(self) -> bool:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.box):
            self.box.setChecked(bool(value))


class FloatsField(Field):
    """A fixed number of typed cells: 4 are shown as a 2x2 matrix (row by row). Empty = not given."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        columns = 2 if param.size == 4 else param.size
        self.cells = []
        for i in range(param.size):
            cell = QLineEdit()
            cell.setPlaceholderText("random" if param.default is None else "")
            cell.setAlignment(Qt.AlignmentFlag.AlignRight)
            cell.setMaximumWidth(80)
            cell.editingFinished.connect(self._on_edit)
            grid.addWidget(cell, i // columns, i % columns)
            self.cells.append(cell)
        self._layout.addWidget(grid_host)
        self._layout.addStretch(1)
        self._last: Any = param.default

    def value(self) -> Any:
        texts = [c.text().strip() for c in self.cells]
        if not any(texts) and self.param.default is None:
            return None
        if not all(texts):
            raise ConfigError(f"{self.param.label} needs all {self.param.size} cells filled "
                              "(or all empty for a random one)")
        return self.param.parse(",".join(texts), self.param.label)

    def set_value(self, value: Any) -> None:
        self._last = value
        for i, cell in enumerate(self.cells):
            cell.setText("" if value is None else f"{value[i]:g}")
            cell.setStyleSheet("")

    def _on_edit(self) -> None:
        try:
            value = self.value()
        except ConfigError as error:
            for cell in self.cells:
                cell.setStyleSheet(f"QLineEdit {{ {BAD} }}" if cell.text().strip() else "")
            self.refused.emit(str(error))
            return
        for cell in self.cells:
            cell.setStyleSheet("")
        if value != self._last:
            self._last = value
            self.committed.emit(value)


class SliderField(Field):
    """A number in a fixed range: a labelled slider whose label can also be typed into."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        from superqt import QLabeledDoubleSlider

        super().__init__(param, parent)
        self.slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(float(param.minimum), float(param.maximum))
        self.slider.setDecimals(2)
        self._layout.addWidget(self.slider)
        self.slider.valueChanged.connect(lambda v: self.committed.emit(float(v)))

    def value(self) -> float:
        return self.param.check(float(self.slider.value()), self.param.label)

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setValue(float(value))


class LogField(Field):
    """A positive number spread over decades: the log slider with its typed field."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.inner = LogSliderField(param)
        self._layout.addWidget(self.inner)
        self.inner.committed.connect(self.committed.emit)
        self.inner.refused.connect(self.refused.emit)

    def value(self) -> float:
        return self.inner.value()

    def set_value(self, value: Any) -> None:
        self.inner.set_value(value)


class SpeedField(Field):
    """Steps per second on a log slider (slow enough to narrate) and a Full speed button."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QPushButton

        super().__init__(param, parent)
        self.inner = LogSliderField(param, suffix=" steps/s")
        self.full = QPushButton("Full speed")
        self.full.setCheckable(True)
        self.full.setToolTip("Run as fast as the machine can (click again to cap the speed)")
        self.full.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._layout.addWidget(self.inner, 1)
        self._layout.addWidget(self.full)
        self._capped = float(param.default) if param.default else 100.0
        self.inner.committed.connect(self._on_capped)
        self.inner.refused.connect(self.refused.emit)
        self.full.toggled.connect(self._on_full)

    def value(self) -> float:
        if self.full.isChecked():
            return FULL_SPEED
        return self.inner.value()

    def set_value(self, value: Any) -> None:
        value = self.param.check(value)
        with QSignalBlocker(self.full):
            self.full.setChecked(value == FULL_SPEED)
        if value != FULL_SPEED:
            self._capped = value
            self.inner.set_value(value)
        self.inner.setEnabled(value != FULL_SPEED)

    def _on_capped(self, value: float) -> None:
        if value == FULL_SPEED:  # "full" typed into the field
            self.full.setChecked(True)
            return
        self._capped = value
        self.committed.emit(value)

    def _on_full(self, full: bool) -> None:
        self.inner.setEnabled(not full)
        self.committed.emit(FULL_SPEED if full else self._capped)


def narrow_combo() -> QComboBox:
    """A combo box that may be narrower than its longest choice (it elides), so large text
    reflows the controls instead of pushing them past the panel's edge."""
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    return combo


def field_for(param: Param) -> Field:
    """The input widget a declaration's kind asks for."""
    if param.kind == "device":
        return DeviceField(param)
    if param.kind == "speed":
        return SpeedField(param)
    if param.kind == "float" and param.log and param.minimum and param.maximum:
        return LogField(param)
    if param.kind == "float" and param.minimum is not None and param.maximum is not None:
        return SliderField(param)
    if param.kind == "int" and (param.maximum or 0) <= 2**31 - 1:
        return IntField(param)
    if param.kind == "choice":
        return ChoiceField(param)
    if param.kind == "bool":
        return BoolField(param)
    if param.kind == "floats":
        return FloatsField(param)
    return TextField(param)
