"""Dialogs for review rounds: open one, compare two, look at the board as it stood."""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vision_desk.domain.round_comparison import CATEGORY_WORDS
from vision_desk.domain.rounds import Round, RoundDiff
from vision_desk.domain.typed_dates import display_date
from vision_desk.errors import UserError
from vision_desk.ui.date_field import DateField

if TYPE_CHECKING:
    from vision_desk.paths import DataPaths
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
        self.title.setMinimumWidth(self.title.fontMetrics().horizontalAdvance("M" * 28))
        intro = QLabel(
            "Every status set from now on belongs to this round, with its reason; closing "
            "it seals its record. As of: the date the review speaks for."
        )
        intro.setWordWrap(True)
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
        layout.addWidget(intro)
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


COLUMNS = ("Reference", "Title", "Status then → now", "Overdue then → now", "What changed")


class CompareDialog(QDialog):
    """What changed between two closed rounds, one row per clause (the last two
    rounds first); Return or a double-click opens the clause in the desk, and the
    comparison can be saved as CSV."""

    def __init__(
        self,
        rounds: Rounds,
        closed: list[Round],
        data_paths: DataPaths,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("What changed between rounds")
        self.setObjectName("compareDialog")
        self.rounds = rounds
        self.data_paths = data_paths
        self.chosen_ref: str | None = None  # the clause to open, once closed
        self.difference: RoundDiff | None = None
        self.first = QComboBox()
        self.first.setAccessibleName("Earlier round")
        self.second = QComboBox()
        self.second.setAccessibleName("Later round")
        self.everything = QCheckBox("Show &unchanged clauses too")
        self.everything.setObjectName("compareEverything")
        # The result exists before any choice can change: a changed choice shows the
        # comparison in it.
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("compareResult")
        self.table.setAccessibleName("What changed, clause by clause")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)  # a reference never breaks at its hyphen
        self.table.itemActivated.connect(lambda _item: self._open_current())
        legend = QLabel(
            "<br/>".join(
                f"<b>{escape(name.capitalize())}</b>: {escape(words)}"
                for name, words in CATEGORY_WORDS.items()
            )
        )
        legend.setObjectName("compareLegend")
        legend.setWordWrap(True)
        for combo in (self.first, self.second):
            for round_ in closed:
                combo.addItem(
                    f"{round_.id} · {round_.title} (as of {display_date(round_.as_of)})", round_.id
                )
        self.first.setCurrentIndex(len(closed) - 2)
        self.second.setCurrentIndex(len(closed) - 1)
        for combo in (self.first, self.second):
            combo.currentIndexChanged.connect(self._show)
        self.everything.toggled.connect(self._show)
        form = QFormLayout()
        form.addRow("&From", self.first)
        form.addRow("&To", self.second)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.addButton(
            "&Save as CSV…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.clicked.connect(self._save_csv)
        buttons.rejected.connect(self.reject)
        self.problem = QLabel()
        self.problem.setObjectName("compareProblem")
        self.problem.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.heading)
        layout.addWidget(self.everything)
        layout.addWidget(self.table, 1)
        layout.addWidget(legend)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        _fit_to(self, parent, 980, 620)
        self._show()
        self.table.setFocus()

    def _show(self) -> None:
        self.table.setRowCount(0)
        self.difference = None
        if self.first.currentData() == self.second.currentData():
            self.heading.setText("Choose two different rounds to compare.")
            return
        try:
            difference = self.rounds.diff(self.first.currentData(), self.second.currentData())
        except UserError as error:
            self.heading.setText(escape(error.message))
            return
        self.difference = difference
        shown = [row for row in difference.rows if self.everything.isChecked() or row.changed]
        self.heading.setText(
            f"From <b>{escape(difference.earlier.title)}</b> "
            f"({display_date(difference.earlier.as_of)}) to <b>{escape(difference.later.title)}</b> "
            f"({display_date(difference.later.as_of)}): {len(shown)} of {len(difference.rows)} "
            "clauses shown. Return or a double-click opens a clause."
        )
        self.table.setRowCount(len(shown))
        for number, row in enumerate(shown):
            cells = (
                row.ref,
                row.title,
                row.status_text(),
                row.overdue_text(),
                ", ".join(row.categories),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.ref)
                if column == len(cells) - 1:
                    item.setToolTip(
                        "\n".join(f"{name}: {CATEGORY_WORDS[name]}" for name in row.categories)
                    )
                self.table.setItem(number, column, item)
        header = self.table.horizontalHeader()
        # Every column as wide as its words, but the title, which takes what is left
        # (and is shortened first): "What changed" is never the one cut.
        for column in range(len(COLUMNS)):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == 1
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)
        if shown:
            self.table.selectRow(0)

    def _open_current(self) -> None:
        item = self.table.currentItem()
        if item is not None:
            self.chosen_ref = str(item.data(Qt.ItemDataRole.UserRole))
            self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        # Return opens the chosen clause (a dialog would otherwise just close).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.currentItem():
            self._open_current()
            return
        super().keyPressEvent(event)

    def _save_csv(self) -> None:
        if self.difference is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Save the comparison as",
            str(
                Path.home() / f"rounds-{self.difference.earlier.id}-{self.difference.later.id}.csv"
            ),
            "CSV (*.csv)",
        )
        if not name:
            return
        from vision_desk.services.comparison import export_comparison

        try:
            written = export_comparison(self.difference, Path(name), self.data_paths)
        except UserError as error:
            self.problem.setText(error.message)
            return
        self.problem.setText(f"Saved to {written}.")


def _fit_to(dialog: QDialog, parent: QWidget | None, width: int, height: int) -> None:
    """``width`` x ``height``, or most of the window on a larger one, never more than
    the window: a table shows more of itself on a large screen."""
    if parent is None:
        dialog.resize(width, height)
        return
    room = parent.window().size()
    dialog.resize(
        min(max(width, room.width() * 4 // 5), room.width()),
        min(max(height, room.height() * 4 // 5), room.height()),
    )
