"""The search field and the filters above the navigator."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from vision_desk.domain.agreement import Agreement, ClauseKind
from vision_desk.domain.search import Filters
from vision_desk.domain.status import Status
from vision_desk.ui.plain_text import shown_as_typed


class SearchField(QLineEdit):
    """Typing filters at once; Return goes to the first match, Escape clears."""

    accepted = Signal()
    left = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accepted.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.left.emit()
            return
        if event.key() == Qt.Key.Key_Down:
            self.accepted.emit()
            return
        super().keyPressEvent(event)


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = SearchField()
        self.search.setObjectName("search")
        self.search.setAccessibleName("Search clauses")
        self.search.setPlaceholderText("Search reference, title, text, notes  ( / )")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.changed)

        self.status = self._combo("statusFilter", "Filter by status")
        self.kind = self._combo("kindFilter", "Filter by kind")
        self.strand = self._combo("strandFilter", "Filter by strand")
        self.party = self._combo("partyFilter", "Filter by party")
        for status in Status:
            self.status.addItem(status.label, status.value)
        for kind in ClauseKind:
            self.kind.addItem(kind.value.capitalize(), kind.value)
        self.overdue = QCheckBox("Overdue")
        self.overdue.setObjectName("overdueFilter")
        self.due_soon = QCheckBox("Due soon")
        self.due_soon.setObjectName("dueSoonFilter")
        self.due_review = QCheckBox("Due for review")
        self.due_review.setObjectName("dueReviewFilter")
        # Reciprocity: the commitments where one party has acted and another not
        # (by how many levels); offered where clauses bind several parties.
        self.apart = QCheckBox("One party ahead of another")
        self.apart.setObjectName("reciprocityFilter")
        self.apart.setToolTip(
            "Only the commitments assessed per party where one party stands higher than "
            "another on the scale"
        )
        # Disputed: a party's latest stated position differs from our assessment.
        self.disputed = QCheckBox("Disputed")
        self.disputed.setObjectName("disputedFilter")
        self.disputed.setToolTip(
            "Only the clauses where a party's stated position differs from our assessment "
            "by a level or more"
        )
        for box in (self.overdue, self.due_soon, self.due_review, self.apart, self.disputed):
            box.toggled.connect(self.changed)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        # No mnemonics on these labels: Alt+S/K/T/P belong to the filter.* commands
        # (rebindable, and they open the list); a label's Alt+letter would make the
        # same key ambiguous, and Qt then runs neither.
        for column, (text, combo) in enumerate(
            (
                ("Status", self.status),
                ("Kind", self.kind),
                ("Strand", self.strand),
                ("Party", self.party),
            )
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            grid.addWidget(label, 0, column)
            grid.addWidget(combo, 1, column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.search)
        layout.addLayout(grid)
        flags = QGridLayout()
        flags.addWidget(self.overdue, 0, 0)
        flags.addWidget(self.due_soon, 0, 1)
        flags.addWidget(self.due_review, 0, 2)
        flags.addWidget(self.disputed, 1, 0)
        flags.addWidget(self.apart, 1, 1, 1, 2)
        layout.addLayout(flags)

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.addItem("Any", None)
        combo.currentIndexChanged.connect(self.changed)
        return combo

    def set_agreement(self, agreement: Agreement) -> None:
        """Offer the strands and parties of this agreement."""
        self.apart.setVisible(any(len(clause.parties) > 1 for clause in agreement.clauses))
        for combo, values in (
            (self.strand, sorted({clause.strand for clause in agreement.clauses})),
            (self.party, list(agreement.parties)),
        ):
            combo.blockSignals(True)
            current = combo.currentData()
            combo.clear()
            combo.addItem("Any", None)
            for value in values:
                if combo is self.party:
                    # The file's own name, short where it gives a short one (the
                    # list is narrow); the full name on hover.
                    party = agreement.party(value)
                    combo.addItem(party.display_name, value)
                    tip = shown_as_typed(party.name)  # a name from a file: never markup
                    combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
                else:
                    combo.addItem(value, value)
            found = combo.findData(current)
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)

    def filters(self) -> Filters:
        status = self.status.currentData()
        kind = self.kind.currentData()
        return Filters(
            text=self.search.text(),
            status=Status(status) if status else None,
            kind=ClauseKind(kind) if kind else None,
            strand=self.strand.currentData(),
            party=self.party.currentData(),
            overdue=self.overdue.isChecked(),
            due_soon=self.due_soon.isChecked(),
        )

    def chosen(self) -> tuple[Filters, bool, bool, bool]:
        """The filters, and the due-for-review, one-party-ahead and disputed boxes."""
        due_review, apart, disputed = self.due_review, self.apart, self.disputed
        return self.filters(), due_review.isChecked(), apart.isChecked(), disputed.isChecked()

    def show_filters(
        self, filters: Filters, due_review_only: bool, apart_only: bool, disputed_only: bool = False
    ) -> None:
        """Show ``filters``, the due-for-review, one-party-ahead and disputed boxes
        without saying so (no ``changed``): the session already holds them."""
        self.blockSignals(True)
        if self.search.text() != filters.text:  # retyping the same text moves the cursor
            self.search.setText(filters.text)
        for combo, value in (
            (self.status, filters.status.value if filters.status else None),
            (self.kind, filters.kind.value if filters.kind else None),
            (self.strand, filters.strand),
            (self.party, filters.party),
        ):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self.overdue.setChecked(filters.overdue)
        self.due_soon.setChecked(filters.due_soon)
        self.due_review.setChecked(due_review_only)
        self.apart.setChecked(apart_only)
        self.disputed.setChecked(disputed_only)
        self.blockSignals(False)
