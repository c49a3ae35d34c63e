"""A date typed as text and read by ``domain.typed_dates``: exactly, or refused in
place with the accepted forms shown under the field, never turned into another date
(a ``QDateEdit`` read "10 Jan 2021" as 10 December and "10 1 2021" as 1945)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from vision_desk.domain.typed_dates import ACCEPTED_FORMS, display_date, parse_typed_date
from vision_desk.errors import UserError
from vision_desk.ui.style import alert_colour

HINT = f"Type a date: {ACCEPTED_FORMS}. Return applies, Escape cancels."


class DateField(QLineEdit):
    """One date. ``Return`` reads the text: a date is applied (``applied``) and
    shown as "4 Dec 2026"; anything else stays as typed, with the reason and the
    accepted forms in ``problem``, a label the owner places under the field.
    ``Escape`` puts the applied date back (``cancelled``)."""

    applied = Signal(object)  # dt.date
    cancelled = Signal()

    def __init__(
        self,
        day: dt.date,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._day = day
        self.setToolTip(HINT)
        self.setPlaceholderText("10 Jan 2021")
        self.problem = QLabel()
        self.problem.setObjectName("dateProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet(f"color: {alert_colour(self.palette()).name()}")
        self.problem.hide()
        self.set_date(day)

    @property
    def date(self) -> dt.date:
        """The date last applied or set (not what is half-typed)."""
        return self._day

    def set_date(self, day: dt.date) -> None:
        """Show ``day`` without emitting: the owner already knows it."""
        self._day = day
        self.setText(display_date(day))
        self._clear_problem()

    def read(self) -> dt.date:
        """The typed date, or :class:`UserError` after showing why it is refused."""
        try:
            day = parse_typed_date(self.text(), self._today())
        except UserError as refused:
            self.problem.setText(refused.message)
            self.problem.show()
            self.setAccessibleDescription(refused.message)  # read out by a screen reader
            self.setFocus(Qt.FocusReason.OtherFocusReason)
            raise
        self.set_date(day)
        return day

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            try:
                day = self.read()
            except UserError:
                event.accept()  # refused: a dialog's default button must not take it
                return
            self.applied.emit(day)
        elif event.key() == Qt.Key.Key_Escape:
            self.set_date(self._day)
            self.cancelled.emit()
        # QLineEdit leaves Return and Escape unaccepted, so a dialog still accepts
        # or rejects on them.
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        # The officer types a whole new date far more often than editing one part.
        if event.reason() != Qt.FocusReason.MouseFocusReason:
            self.selectAll()

    def _clear_problem(self) -> None:
        self.problem.hide()
        self.problem.clear()
        self.setAccessibleDescription("")
