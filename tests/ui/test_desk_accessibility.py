"""Every control can be named by a screen reader and reached with Tab in a
sensible order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget


def _focusable(window):  # type: ignore[no-untyped-def]
    return [
        widget
        for widget in window.findChildren(QWidget)
        if widget.isVisibleTo(window)
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.parent() is not None
        and not widget.objectName().startswith("qt_")
    ]


def test_every_focusable_control_has_an_accessible_name(window):
    nameless = []
    for widget in _focusable(window):
        name = widget.accessibleName()
        if not name and isinstance(widget, QAbstractButton):
            name = widget.text().replace("&", "")
        if not name:
            nameless.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert nameless == []


def test_tab_walks_from_the_list_to_the_text_its_evidence_and_the_status(officer, window):
    officer.press(Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.navigator
    officer.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.clause_view
    officer.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.evidence.list
    officer.press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.review.status
    officer.press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is window.evidence.list
    officer.press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is window.clause_view
