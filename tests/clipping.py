"""Finding text that does not fit its widget: labels, buttons and plot titles.

A text fits when the space its widget gives it holds all of it. An eliding label (superqt's
QElidingLabel) that carries its full text in a tooltip fits by definition: the reader sees "…" and
can hover for the rest.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QTextDocument, QTextOption
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLabel, QPushButton, QRadioButton, QStyle, QWidget
from superqt import QElidingLabel

SLACK = 1.5  # px: rounding between font metrics and layout


def clipped(root: QWidget) -> list[tuple[QWidget | pg.PlotItem, str]]:
    """(widget, what is wrong) for every visible label, button and plot title under ``root``."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 0:
            continue
        widget.ensurePolished()
        problem = None
        if isinstance(widget, QLabel):
            problem = label_problem(widget)
        elif isinstance(widget, QAbstractButton):
            problem = button_problem(widget)
        elif isinstance(widget, pg.GraphicsView):
            for item in widget.scene().items():
                if isinstance(item, pg.PlotItem) and item.isVisible():
                    title = title_problem(widget, item)
                    if title:
                        found.append((widget, title))
        if problem:
            found.append((widget, problem))
    return found


def label_problem(label: QLabel) -> str | None:
    text = label.text()
    if not text.strip() or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    if isinstance(label, QElidingLabel):
        return None if label.toolTip() else f"elided without a tooltip: {text[:60]!r}"
    rect = label.contentsRect()
    room_w = rect.width() - 2 * label.margin() - max(label.indent(), 0) - cut_off(label)
    room_h = rect.height() - 2 * label.margin()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text))
    if rich:
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        option = doc.defaultTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)  # as QLabel: a long word overflows
        doc.setDefaultTextOption(option)
        doc.setHtml(text)
        if label.wordWrap():
            doc.setTextWidth(max(room_w, 1))
        need_w, need_h = doc.idealWidth(), doc.size().height()
    else:
        metrics = QFontMetricsF(label.font())
        if label.wordWrap():
            box = metrics.boundingRect(QRectF(0, 0, max(room_w, 1), 1e6),
                                       int(Qt.TextFlag.TextWordWrap), text)
            need_w, need_h = box.width(), box.height()
        else:
            lines = text.split("\n")
            need_w = max(metrics.horizontalAdvance(line) for line in lines)
            need_h = metrics.height() * len(lines)
    if need_w > room_w + SLACK:
        return f"needs {need_w:.0f} px wide, has {room_w}: {_plain(text)!r}"
    if need_h > room_h + SLACK:
        return f"needs {need_h:.0f} px high, has {room_h}: {_plain(text)!r}"
    return None


def button_problem(button: QAbstractButton) -> str | None:
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    if not text.strip():
        return None
    metrics = QFontMetricsF(button.font())
    need = metrics.horizontalAdvance(text)
    style = button.style()
    if isinstance(button, (QCheckBox, QRadioButton)):
        need += style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, button)
        need += style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, button)
    elif isinstance(button, QPushButton):
        need += 2 * style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, button)
    if not button.icon().isNull():
        need += button.iconSize().width() + 4
    room = button.width() - cut_off(button)
    if need > room + SLACK:
        return f"needs {need:.0f} px, has {room}: {text!r}"
    if metrics.height() > button.height() + SLACK:
        return f"needs {metrics.height():.0f} px high, has {button.height()}: {text!r}"
    return None


def title_problem(view: pg.GraphicsView, plot: pg.PlotItem) -> str | None:
    """A title must lie inside its plot and inside the widget that shows the plot."""
    label = plot.titleLabel
    if not label.isVisible() or not label.text:
        return None
    text = label.item.mapRectToScene(label.item.boundingRect())
    shown = view.mapFromScene(text).boundingRect()
    room = view.viewport().rect()
    plot_rect = plot.mapRectToScene(plot.boundingRect())
    if (shown.left() < room.left() - SLACK or shown.right() > room.right() + SLACK
            or text.left() < plot_rect.left() - SLACK or text.right() > plot_rect.right() + SLACK):
        return (f"plot title spans {shown.left()}..{shown.right()} px in a view of "
                f"{room.width()}: {_plain(label.text)!r}")
    return None


def cut_off(widget: QWidget) -> int:
    """How many pixels of ``widget``'s width an ancestor (a scroll area's viewport, a squeezed
    panel) hides; scrolled out of sight vertically does not count."""
    visible = widget.visibleRegion().boundingRect()
    if visible.isEmpty():
        return 0
    return widget.width() - visible.width()


def _plain(text: str) -> str:
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()[:80]


def describe(widget) -> str:
    """A path of class and object names, for a failure message."""
    parts = []
    node = widget
    while node is not None and len(parts) < 5:
        name = node.objectName()
        parts.append(type(node).__name__ + (f"#{name}" if name else ""))
        node = node.parentWidget()
    return " < ".join(parts)
