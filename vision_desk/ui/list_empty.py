"""What a list says where it has no rows ("No notes yet", "Reading…"), drawn in its
empty viewport in the muted colour, so that an empty pane is never a blank one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView


def paint_empty_text(view: QAbstractItemView, text: str, side: int, top: int) -> None:
    """Draw ``text`` centred at the top of ``view``'s viewport, ``side`` pixels in
    from each edge and ``top`` down, when its model has no rows; call it from the
    view's ``paintEvent`` after the view's own painting."""
    model = view.model()
    if not text or model is None or model.rowCount() != 0:
        return
    painter = QPainter(view.viewport())
    painter.setPen(view.palette().color(QPalette.ColorRole.PlaceholderText))
    painter.drawText(
        view.viewport().rect().adjusted(side, top, -side, 0),
        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
        text,
    )
