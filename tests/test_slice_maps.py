"""The heat maps' labels never run into each other, however narrow the maps."""

import pytest
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from gui.widgets.slice_maps import SliceMaps

GAP_PX = 4


@pytest.mark.parametrize("size", [(560, 260), (420, 200)])
def test_labels_of_neighbouring_slices_keep_apart(qtbot, size):
    box = QWidget()  # as in the cross-product view
    qtbot.addWidget(box)
    maps = SliceMaps()
    QVBoxLayout(box).addWidget(maps)
    box.resize(*size)
    maps.set_slices(3, [f"ε[{i}]" for i in range(3)] + [f"Levi-Civita [{i}]" for i in range(3)])
    box.show()
    qtbot.waitExposed(box)
    QApplication.processEvents()
    on_screen = maps.viewportTransform()
    rects = []
    for label in maps.labels:
        if label.textItem.toPlainText():
            margin = label.textItem.document().documentMargin()  # blank, around the text itself
            text = label.textItem.boundingRect().adjusted(margin, 0, -margin, 0)
            rects.append(label.textItem.deviceTransform(on_screen).mapRect(text))
    assert len(rects) == 6
    rows = {}
    for rect in rects:
        rows.setdefault(round(rect.top()), []).append(rect)
    for row in rows.values():
        row.sort(key=lambda r: r.left())
        for left, right in zip(row, row[1:]):
            assert right.left() - left.right() >= GAP_PX, "two labels touch"
