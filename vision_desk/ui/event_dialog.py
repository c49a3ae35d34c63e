"""Recording when an event happened: the events an agreement's deadlines count
from ("the release of prisoners"), each with its date or "not yet", and a date and
a note saying how it is known. Every deadline counted from it follows at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from vision_desk.domain.typed_dates import display_date, long_date
from vision_desk.errors import UserError
from vision_desk.ui.date_field import DateField

if TYPE_CHECKING:
    from vision_desk.services.desk_events import EventStanding


def standing_text(standing: EventStanding) -> str:
    """One line for the list of events: its name, its date or "not yet", and how
    many deadlines count from it."""
    when = "not yet" if standing.date is None else f"{display_date(standing.date)}"
    counted = len(standing.clauses)
    return f"{standing.event.label}: {when} ({counted} deadline{'s' if counted != 1 else ''})"


class RecordEventDialog(QDialog):
    """The event (signature is the agreement's own and is not listed), its date
    and how it is known; what is recorded now is shown under the choice."""

    def __init__(
        self, standings: Sequence[EventStanding], today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record when an event happened")
        self.setObjectName("recordEventDialog")
        self.standings = [each for each in standings if not each.is_signature]
        self.choice = QComboBox()
        self.choice.setObjectName("eventChoice")
        self.choice.setAccessibleName("Event")
        self.choice.addItems([standing_text(each) for each in self.standings])
        self.recorded = QLabel()
        self.recorded.setObjectName("eventRecorded")
        self.recorded.setWordWrap(True)
        self.recorded.setTextFormat(Qt.TextFormat.PlainText)  # a note is typed text
        self._today = today
        self.date = DateField(today)
        self.date.setObjectName("eventDate")
        self.date.setAccessibleName("The date it happened")
        self.note = QLineEdit()
        self.note.setObjectName("eventNote")
        self.note.setAccessibleName("How it is known")
        self.note.setPlaceholderText("How it is known, e.g. the ICRC confirmed the last release")
        self.note.setMinimumWidth(self.note.fontMetrics().horizontalAdvance("M" * 32))
        self.problem = QLabel()
        self.problem.setObjectName("eventProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        intro = QLabel(
            "Deadlines counted from an event wait until its date is known. Record the "
            "date and how it is known; every deadline counted from it follows at once."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Event", self.choice)
        form.addRow("", self.recorded)
        form.addRow("&Date", self.date)
        form.addRow("", self.date.problem)  # hidden unless the typed date is refused
        form.addRow("&How known", self.note)
        form.addRow("", self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.choice.currentIndexChanged.connect(self._show_recorded)
        self._show_recorded(0)
        self.choice.setFocus()

    def _show_recorded(self, index: int) -> None:
        standing = self.standings[index]
        record = standing.recorded
        if record is None or record.date is None:
            # Never the date of the event chosen before: today, to be typed over.
            self.date.set_date(self._today)
            self.recorded.setText("Not recorded yet.")
            return
        self.date.set_date(record.date)
        self.recorded.setText(
            f"Recorded as {long_date(record.date)} by {record.recorded_by}: {record.note}"
        )

    def accept(self) -> None:
        # Return anywhere must not record a date typed but never read, nor a record
        # that does not say how the date is known.
        try:
            self.date.read()
        except UserError:
            return
        if not self.note.text().strip():
            self.problem.setText("Say how the date is known (a source, a confirmation).")
            self.problem.show()
            self.note.setFocus()
            return
        super().accept()

    def values(self) -> tuple[str, dt.date, str, int]:
        """The event's id, its date, the note, and the version the record is made on."""
        standing = self.standings[self.choice.currentIndex()]
        return standing.event.id, self.date.date, self.note.text().strip(), standing.version
