"""The Qt binding must not eat references to None.

PySide6 6.12.0 on Python 3.11 takes a reference from None on every call that
returns nothing (``QPainter.setPen`` and the like). None is not immortal before
Python 3.12, so after enough painting the interpreter aborts with "deallocating
None": the desk would close in the officer's hands. pyproject.toml keeps that
release out; this test fails on any binding that does it again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFont, QImage, QPainter

# Few enough that a leaking binding fails this test instead of aborting the run.
CALLS = 200


def test_calls_that_return_nothing_leave_none_alone() -> None:
    image = QImage(32, 32, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        colour, font, rect = QColor("red"), QFont(), QRect(0, 0, 8, 8)
        painter.setPen(colour)  # first calls may set up caches; not counted
        before = sys.getrefcount(None)
        for _ in range(CALLS):
            painter.setPen(colour)
            painter.setBrush(colour)
            painter.setFont(font)
            painter.drawRoundedRect(rect, 2, 2)
        lost = before - sys.getrefcount(None)
    finally:
        painter.end()
    # A few references may come and go with caches; a leak loses one per call.
    assert lost < CALLS // 10, f"{lost} references to None lost in {4 * CALLS} calls"
