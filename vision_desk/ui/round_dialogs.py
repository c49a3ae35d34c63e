"""Dialogs for review rounds: open one, compare two, look at the board as it stood."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vision_desk.domain.rounds import DIFF_LISTS, Round
from vision_desk.errors import UserError
from vision_desk.ui.date_field import DateField

if TYPE_CHECKING:
    from vision_desk.services.rounds import Rounds


class OpenRoundDialog(QDialog):
    """A title and the date the review speaks for."""

    def __init__(self, as_of: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open a review round")
        self.setObjectName("openRoundDialog")
        self.title = QLineEdit(f"Review of {as_of:%B %Y}")
        self.title.setObjectName("roundTitle")
        self.title.setAccessibleName("Round title")
        self.title.selectAll()
        self.as_of = DateField(as_of)
        self.as_of.setObjectName("roundAsOf")
        self.as_of.setAccessibleName("Round as-of date")
        self.as_of_problem = self.as_of.problem
        self.as_of_problem.setObjectName("roundAsOfProblem")
        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("&As of", self.as_of)
        form.addRow("", self.as_of_problem)  # hidden unless the typed date is refused
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        # Return in the title, or OK, must not open the round on a date typed but
        # never read: read it now, and stay open on the field if it is refused.
        try:
            self.as_of.read()
        except UserError:
            return
        super().accept()

    def values(self) -> tuple[str, dt.date]:
        return self.title.text(), self.as_of.date


class CompareDialog(QDialog):
    """What changed between two closed rounds; the last two are shown first."""

    def __init__(self, rounds: Rounds, closed: list[Round], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("What changed between rounds")
        self.setObjectName("compareDialog")
        self.rounds = rounds
        self.first = QComboBox()
        self.first.setAccessibleName("Earlier round")
        self.second = QComboBox()
        self.second.setAccessibleName("Later round")
        # The result view exists before any choice can change: a changed choice shows
        # the comparison in it.
        self.changes_view = QTextBrowser()
        self.changes_view.setObjectName("compareResult")
        self.changes_view.setAccessibleName("What changed")
        for combo in (self.first, self.second):
            for round_ in closed:
                combo.addItem(
                    f"{round_.id} · {round_.title} (as of {round_.as_of:%d %b %Y})", round_.id
                )
        self.first.setCurrentIndex(len(closed) - 2)
        self.second.setCurrentIndex(len(closed) - 1)
        for combo in (self.first, self.second):
            combo.currentIndexChanged.connect(self._show)
        form = QFormLayout()
        form.addRow("&From", self.first)
        form.addRow("&To", self.second)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.changes_view, 1)
        layout.addWidget(buttons)
        self.resize(620, 480)
        self._show()

    def _show(self) -> None:
        if self.first.currentData() == self.second.currentData():
            self.changes_view.setPlainText("Choose two different rounds to compare.")
            return
        try:
            difference = self.rounds.diff(self.first.currentData(), self.second.currentData())
        except UserError as error:
            self.changes_view.setPlainText(error.message)
            return
        parts = [
            f"<p>From <b>{escape(difference.earlier.title)}</b> ({difference.earlier.as_of:%d %b %Y}) "
            f"to <b>{escape(difference.later.title)}</b> ({difference.later.as_of:%d %b %Y})</p>"
        ]
        for name in DIFF_LISTS:
            refs = getattr(difference, name)
            label = name.replace("_", " ").capitalize()
            parts.append(f"<p><b>{label} ({len(refs)}):</b> {escape(', '.join(refs)) or '—'}</p>")
        self.changes_view.setHtml("".join(parts))
