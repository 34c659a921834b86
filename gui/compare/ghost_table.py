"""The Runs side tab: one row per ghost (label, steps, final loss, diverged at, time); a row's
check box pins it, clicking a row loads its settings, one button clears them all."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from core.compare import LIMIT, Ghost, GhostShelf
from gui.compare.ghost_layer import colour

HEADERS = ("keep", "run", "steps", "final loss", "diverged at", "time")


class GhostTable(QWidget):
    load_requested = Signal(object)  # a Ghost whose settings the controls should show
    pin_toggled = Signal(object, bool)  # a Ghost, pinned
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.hint = QLabel(f"Each run you reset or finish after a step stays here and on the plots, "
                           f"faded (up to {LIMIT}; tick keep to hold one). Click a row to load its "
                           f"settings.")
        self.hint.setWordWrap(True)
        self.clear_button = QPushButton("Clear all")
        self.clear_button.setToolTip("Forget every earlier run of this lesson")
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._ghosts: list[Ghost] = []
        self._filling = False
        self._pending = None  # (shelf, current) to show once the table is in sight
        self.table.cellClicked.connect(self._on_clicked)
        self.table.itemChanged.connect(self._on_item_changed)
        self.clear_button.clicked.connect(self.clear_requested)

    def show_shelf(self, shelf: GhostShelf, current) -> None:
        """Rows for the shelf's ghosts, named against ``current``: now, or when the table comes
        into sight (refilling a table nobody sees took ~1 ms of every Reset)."""
        self._pending = (shelf, current)
        if self.isVisible():
            self._fill_pending()

    def showEvent(self, event) -> None:
        self._fill_pending()
        super().showEvent(event)

    def _fill_pending(self) -> None:
        if self._pending is None:
            return
        shelf, current = self._pending
        self._pending = None
        self._filling = True
        self._ghosts = list(reversed(shelf.ghosts))  # newest first
        labels = dict(zip(map(id, shelf.ghosts), shelf.labels(current)))
        self.table.setRowCount(len(self._ghosts))
        for row, ghost in enumerate(self._ghosts):
            keep = QTableWidgetItem()
            keep.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                          | Qt.ItemFlag.ItemIsSelectable)
            keep.setCheckState(Qt.CheckState.Checked if ghost.pinned else Qt.CheckState.Unchecked)
            keep.setToolTip("Keep this run when newer ones push old ones out")
            name = QTableWidgetItem(labels[id(ghost)])
            name.setData(Qt.ItemDataRole.DecorationRole, colour(ghost))
            name.setToolTip(f"Run {ghost.number}: click to load its settings")
            cells = (keep, name, _cell(f"{ghost.steps:,}"), _cell(_loss(ghost.final_loss)),
                     _cell(f"{ghost.diverged_at:,}" if ghost.diverged_at else "—"),
                     _cell(f"{ghost.seconds:.1f} s"))
            for column, item in enumerate(cells):
                self.table.setItem(row, column, item)
        self.clear_button.setEnabled(bool(self._ghosts))
        self._filling = False

    def row_texts(self) -> list[list[str]]:
        """What the table shows, row by row (for tests)."""
        self._fill_pending()
        return [[self.table.item(r, c).text() for c in range(1, len(HEADERS))]
                for r in range(self.table.rowCount())]

    def _on_clicked(self, row: int, column: int) -> None:
        if column != 0 and 0 <= row < len(self._ghosts):
            self.load_requested.emit(self._ghosts[row])

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 0:
            return
        ghost = self._ghosts[item.row()]
        self.pin_toggled.emit(ghost, item.checkState() == Qt.CheckState.Checked)


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _loss(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.4g}"
