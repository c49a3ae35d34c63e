"""The small forms of the evidence commands: cite an item already recorded, set the
assessment's confidence, record a party's stated position. Each submits through
the desk session; a refusal is shown in the form, in its one sentence, and the form
stays open with what was typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vision_desk.domain.agreement import Agreement, Clause, ClauseKind
from vision_desk.domain.evidence import ClauseConfidence, Confidence, EvidenceItem
from vision_desk.domain.status import Status, scale_for
from vision_desk.domain.typed_dates import display_date
from vision_desk.errors import UserError
from vision_desk.services.session_evidence import confidence_text
from vision_desk.ui.date_field import DateField
from vision_desk.ui.dialogs import PaletteFilter
from vision_desk.ui.evidence_pane import RULE
from vision_desk.ui.style import alert_colour

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def problem_label(name: str, parent: QWidget) -> QLabel:
    """Where a refusal is said, under what it is about: hidden until then."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(f"color: {alert_colour(parent.palette()).name()}")
    label.hide()
    return label


class FormDialog(QDialog):
    """A form whose OK (or Return) checks it, then runs ``submit``."""

    def __init__(self, title: str, name: str, intro: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName(name)
        self.submit: Callable[[], None] = lambda: None
        # The rows of refusals, hidden (spacing and all) until one is said.
        self._problem_rows: dict[QLabel, QFormLayout] = {}
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)  # it may quote the officer
        self.form = QFormLayout()
        self.problem = problem_label(f"{name}Problem", self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # The form's columns: one, unless a form adds another beside it.
        self.columns = QHBoxLayout()
        self.add_column(self.form)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.intro)
        self.body.addSpacing(6)
        self.body.addLayout(self.columns)
        self.body.addWidget(self.problem)
        self.body.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 40)

    def tab_chain(self, *fields: QWidget) -> None:
        """Tab walks ``fields`` as they read, then the buttons (made before them, with
        the form, and so first in Qt's order otherwise); the first has the keyboard
        unless the form gives it to another."""
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        chain = (*fields, ok, cancel)
        for before, after in pairwise(chain):
            self.setTabOrder(before, after)
        fields[0].setFocus()

    def add_problem(self, form: QFormLayout, label: QLabel) -> None:
        """A row under a field for what is refused in it, hidden until then."""
        form.addRow("", label)
        form.setRowVisible(label, False)
        self._problem_rows[label] = form

    def say(self, label: QLabel, message: str) -> None:
        """Say ``message`` in ``label`` (empty: nothing, and its row hidden)."""
        label.setText(message)
        form = self._problem_rows.get(label)
        if form is not None:
            form.setRowVisible(label, bool(message))
        else:
            label.setVisible(bool(message))

    def read_date(self, field: DateField) -> bool:
        """Read a typed date; refused, the reason shows under it (``add_problem``)."""
        try:
            field.read()
        except UserError:
            self.say(field.problem, field.problem.text())
            return False
        self.say(field.problem, "")
        return True

    def add_column(self, form: QFormLayout) -> None:
        """A column of fields, its rows kept together at the top."""
        column = QVBoxLayout()
        column.addLayout(form)
        column.addStretch(1)
        if self.columns.count():
            # Space between the columns, not the columns' own spacing: a form
            # nested in a layout takes its spacing from it.
            self.columns.addSpacing(self.fontMetrics().horizontalAdvance("M") * 2)
        self.columns.addLayout(column, 1)

    def check(self) -> bool:
        """Whether the fields can be submitted; each refusal shown beside its field."""
        return True

    def accept(self) -> None:
        self.say(self.problem, "")
        if not self.check():
            self.adjustSize()  # room for what was refused, under its field
            return
        try:
            self.submit()
        except UserError as refused:
            self.say(self.problem, refused.message)
            self.adjustSize()
            return
        super().accept()


class CiteDialog(FormDialog):
    """An item recorded already, for the current clause: typed by its number or
    found by words of its title or source; Return cites the one highlighted."""

    def __init__(self, ref: str, items: Sequence[EvidenceItem], parent: QWidget | None) -> None:
        super().__init__(
            "Cite recorded evidence",
            "citeDialog",
            f"Cite an item already recorded for {ref}. Type its number, or words of its "
            "title or source; Return cites the one highlighted.",
            parent,
        )
        self.items = QListWidget()
        self.items.setObjectName("citeItems")
        self.items.setAccessibleName("Recorded evidence")
        self.query = PaletteFilter(self.items)
        self.query.setObjectName("citeQuery")
        self.query.setAccessibleName("Evidence number or words")
        self.query.setPlaceholderText("12, or minutes, or MoFA…")
        for item in items:
            supports = ", ".join(item.refs)
            text = f"No. {item.id} · {item.grade} · {item.title} — {item.source}, "
            entry = QListWidgetItem(f"{text}{display_date(item.date)} (supports {supports})")
            entry.setData(ID_ROLE, item.id)
            self.items.addItem(entry)
        self.query.textChanged.connect(self._narrow)
        self.form.addRow("&Item", self.query)
        self.body.insertWidget(self.body.indexOf(self.problem), self.items, 1)  # under the field
        self.items.setCurrentRow(0)
        self.tab_chain(self.query, self.items)
        self.resize(self.fontMetrics().horizontalAdvance("M") * 52, 360)

    def _narrow(self, text: str) -> None:
        wanted = text.strip().casefold()
        first = None
        for row in range(self.items.count()):
            entry = self.items.item(row)
            number = str(entry.data(ID_ROLE))
            shown = not wanted or (
                number == wanted if wanted.isdigit() else wanted in entry.text().casefold()
            )
            entry.setHidden(not shown)
            if shown and first is None:
                first = row
        self.items.setCurrentRow(first if first is not None else -1)

    def chosen_id(self) -> int | None:
        entry = self.items.currentItem()
        return None if entry is None or entry.isHidden() else int(entry.data(ID_ROLE))

    def check(self) -> bool:
        if self.chosen_id() is None:
            self.say(self.problem, f"No recorded item is numbered or named “{self.query.text()}”.")
            return False
        return True


class ConfidenceDialog(FormDialog):
    """The officer's own confidence in the assessment, or back to the rule's, and why."""

    def __init__(self, ref: str, now: ClauseConfidence, parent: QWidget | None) -> None:
        super().__init__(
            "Confidence in the assessment",
            "confidenceDialog",
            f"{ref}: {confidence_text(now)}.\n\n{RULE}",
            parent,
        )
        self.level = QComboBox()
        self.level.setObjectName("confidenceLevel")
        self.level.setAccessibleName("Confidence")
        for level in Confidence:
            self.level.addItem(level.label, level.value)
        self.level.addItem(f"Back to the rule's ({now.by_rule.value})", None)
        current = now.override.level if now.override is not None else now.by_rule
        self.level.setCurrentIndex(self.level.findData(current.value))
        self.reason = QLineEdit()
        self.reason.setObjectName("confidenceReason")
        self.reason.setAccessibleName("Why")
        self.reason.setPlaceholderText("e.g. Both items repeat one briefing.")
        self.reason_problem = problem_label("confidenceReasonProblem", self)
        self.form.addRow("&Confidence", self.level)
        self.form.addRow("&Why", self.reason)
        self.add_problem(self.form, self.reason_problem)
        self.tab_chain(self.level, self.reason)
        self.reason.setFocus()  # the level shows the current one: the reason is what to type

    def chosen(self) -> tuple[Confidence | None, str]:
        value = self.level.currentData()
        return (None if value is None else Confidence(value)), self.reason.text()

    def check(self) -> bool:
        if self.reason.text().strip():
            self.say(self.reason_problem, "")
            return True
        self.say(self.reason_problem, "Say why: the reason stays beside the level, for the memo.")
        self.reason.setFocus()
        return False


class PositionDialog(FormDialog):
    """What a party says of its own standing on the clause: the status it claims,
    what it said, where and when."""

    def __init__(
        self, clause: Clause, agreement: Agreement, today: dt.date, parent: QWidget | None
    ) -> None:
        super().__init__(
            "Record a stated position",
            "positionDialog",
            f"What a party says of its standing on {clause.ref} — {clause.title}. Set beside "
            "our assessment, a claim a level or more apart marks the clause disputed.",
            parent,
        )
        self.party = QComboBox()
        self.party.setObjectName("positionParty")
        self.party.setAccessibleName("Party")
        for code in clause.parties:
            self.party.addItem(agreement.party(code).display_name, code)
        self.claimed = QComboBox()
        self.claimed.setObjectName("positionStatus")
        self.claimed.setAccessibleName("Status the party claims")
        for status in scale_for(clause.kind):
            if status is not Status.NOT_ASSESSED:
                self.claimed.addItem(status.label, status.value)
        # What a party most often says of itself: done (completed, or upheld).
        done = Status.COMPLETED if clause.kind is not ClauseKind.PRINCIPLE else Status.UPHELD
        self.claimed.setCurrentIndex(max(0, self.claimed.findData(done.value)))
        self.claim = self._line("positionClaim", "What it said", "e.g. All lead officials named.")
        self.where = self._line(
            "positionWhere", "Where it said it", "e.g. Press briefing, Islamabad"
        )
        self.said_on = DateField(today)
        self.said_on.setObjectName("positionDate")
        self.said_on.setAccessibleName("When it said it")
        self.said_on.problem.setObjectName("positionDateProblem")
        self.form.addRow("&Party", self.party)
        self.form.addRow("&Claims", self.claimed)
        self.form.addRow("&Said", self.claim)
        self.form.addRow("&Where", self.where)
        self.form.addRow("&On", self.said_on)
        self.add_problem(self.form, self.said_on.problem)
        self.tab_chain(self.party, self.claimed, self.claim, self.where, self.said_on)

    def _line(self, name: str, label: str, example: str) -> QLineEdit:
        line = QLineEdit()
        line.setObjectName(name)
        line.setAccessibleName(label)
        line.setPlaceholderText(example)
        return line

    def check(self) -> bool:
        return self.read_date(self.said_on)

    def chosen(self) -> tuple[str, Status, str, str, dt.date]:
        return (
            str(self.party.currentData()),
            Status(self.claimed.currentData()),
            self.claim.text(),
            self.where.text(),
            self.said_on.date,
        )
