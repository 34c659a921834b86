"""A learning-rate control: a slider over decades and a typed field, kept in sync.

A QSlider's integer positions map onto log10(value), so each decade gets the same room. Typed text
is checked by the parameter's own declaration; bad text is refused and the last good value stays.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QSlider, QWidget

from core.errors import ConfigError
from core.params import Param

TICKS_PER_DECADE = 20


class LogSliderField(QWidget):
    """``committed(value)`` fires for a good new value; ``refused(message)`` for bad text."""

    committed = Signal(float)
    refused = Signal(str)

    def __init__(self, param: Param, parent: QWidget | None = None, suffix: str = "") -> None:
        super().__init__(parent)
        self.param = param
        self.suffix = suffix
        self._low = math.log10(param.minimum)
        self._high = math.log10(param.maximum)
        self._value = float(param.default)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, round((self._high - self._low) * TICKS_PER_DECADE))
        self.slider.setPageStep(TICKS_PER_DECADE)
        self.slider.setMinimumWidth(60)  # narrower is a dot: the row wraps under its label instead
        self.edit = QLineEdit()
        self.edit.setMaximumWidth(90)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.edit)
        if suffix:
            from PySide6.QtWidgets import QLabel

            layout.addWidget(QLabel(suffix.strip()))
        for widget in (self.slider, self.edit):
            widget.setToolTip(param.help)
        self.slider.valueChanged.connect(self._on_slider)
        self.edit.editingFinished.connect(self._on_edit)
        self.set_value(self._value)

    def value(self) -> float:
        """The value in the typed field, checked (raises ConfigError for bad text)."""
        return self.param.parse(self.edit.text(), self.param.label)

    def set_value(self, value: float) -> None:
        self._value = float(value)
        self.edit.setText(f"{self._value:g}")
        self._mark(ok=True)
        with QSignalBlocker(self.slider):
            self.slider.setValue(self._position(self._value))

    def _position(self, value: float) -> int:
        if value <= 0:
            return 0
        clamped = min(max(math.log10(value), self._low), self._high)
        return round((clamped - self._low) * TICKS_PER_DECADE)

    def _on_slider(self, position: int) -> None:
        value = float(f"{10 ** (self._low + position / TICKS_PER_DECADE):.3g}")
        self._value = value
        self.edit.setText(f"{value:g}")
        self._mark(ok=True)
        self.committed.emit(value)

    def _on_edit(self) -> None:
        try:
            value = self.value()
        except ConfigError as error:
            self._mark(ok=False)
            self.refused.emit(str(error))
            return
        self._mark(ok=True)
        if value != self._value:
            self.set_value(value)
            self.committed.emit(value)

    def _mark(self, ok: bool) -> None:
        self.edit.setStyleSheet("" if ok else "QLineEdit { border: 2px solid #D55E00; }")
