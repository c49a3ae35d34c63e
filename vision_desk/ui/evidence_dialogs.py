"""Attaching evidence to a clause: what it is, where it comes from, its grade on the
Admiralty scale (the key shown beside it), an optional file, and the clauses it
supports (the current one, and any others typed).

Every field is checked when the officer presses Return or Attach, each refusal in
the evidence service's own sentence under its field; nothing is recorded until all
of them pass, and the dialog stays open with what was typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from vision_desk.domain.agreement import Clause
from vision_desk.domain.evidence import CREDIBILITY, RELIABILITY, EvidenceKind
from vision_desk.ui.date_field import DateField
from vision_desk.ui.evidence_forms import FormDialog, problem_label

# What the file dialog offers: the kinds a file kept with evidence may be.
FILE_KINDS = "Evidence files (*.pdf *.png *.jpg *.jpeg *.txt);;All files (*)"

Checker = Callable[[str, str, str, str, str, str], dict[str, str]]


def admiralty_key(muted: str) -> str:
    """The scale, as a small two-column table: the source's reliability, the
    information's credibility."""
    rows = "".join(
        f"<tr><td><b>{letter}</b>&nbsp; {escape(RELIABILITY[letter])}</td>"
        f"<td>&nbsp;&nbsp;&nbsp;<b>{digit}</b>&nbsp; {escape(CREDIBILITY[digit])}</td></tr>"
        for letter, digit in zip(RELIABILITY, CREDIBILITY, strict=True)
    )
    return (
        f"<table style='color:{muted}' cellspacing='0' cellpadding='1'>"
        "<tr><td><i>Source's reliability</i></td><td>&nbsp;&nbsp;&nbsp;<i>Information's "
        f"credibility</i></td></tr>{rows}</table>"
    )


class AttachDialog(FormDialog):
    """``check`` (``session_evidence.check_item``) says what each field lacks;
    ``submit`` is set by the command: it records the item."""

    def __init__(
        self, clause: Clause, today: dt.date, check: Checker, parent: QWidget | None
    ) -> None:
        super().__init__(
            "Attach evidence",
            "attachDialog",
            f"Evidence for {clause.ref} — {clause.title}. Recorded for good: a mistake is "
            "corrected by recording a new item.",
            parent,
        )
        self._check = check
        self.kind = QComboBox()
        self.kind.setObjectName("evidenceKind")
        self.kind.setAccessibleName("Kind")
        for kind in EvidenceKind:
            self.kind.addItem(kind.label, kind.value)
        self.title = self._line("evidenceTitle", "Title", "e.g. Minutes of the joint working group")
        self.source = self._line(
            "evidenceSource", "Source", "e.g. Ministry of Foreign Affairs, Kabul"
        )
        self.date = DateField(today)
        self.date.setObjectName("evidenceDate")
        self.date.setAccessibleName("Date of the item")
        self.date.problem.setObjectName("evidenceDateProblem")
        self.locator = self._line("evidenceLocator", "Locator", "e.g. p. 3, item 4 (may be empty)")
        self.grade = self._line("evidenceGrade", "Grade", "e.g. B2")
        self.grade.setMaxLength(4)
        self.grade.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 6)
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        key = QLabel(admiralty_key(muted))
        key.setObjectName("admiraltyKey")
        key.setTextFormat(Qt.TextFormat.RichText)
        key.setAccessibleName("The Admiralty scale")
        key.setMinimumHeight(key.sizeHint().height())  # never squeezed by a refusal
        self.more = self._line("evidenceMore", "Also supports", "e.g. SV-C3, SV-C4 (may be empty)")
        self.file = self._line(
            "evidenceFile", "File", "a PDF, PNG, JPEG or text file, 25 MB at most"
        )
        choose = QPushButton("Choose &file…")
        choose.setObjectName("evidenceChooseFile")
        choose.setAutoDefault(False)
        choose.clicked.connect(self._choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(choose)
        self.problems = {
            name: problem_label(f"{name}Problem", self)
            for name in ("title", "source", "locator", "grade", "more", "file")
        }
        supports = QLabel(f"{clause.ref}, and:")
        supports.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        more_row = QHBoxLayout()
        more_row.addWidget(supports)
        more_row.addWidget(self.more, 1)
        # Two columns, so that the form fits a laptop's screen with every refusal
        # shown: what the item is on the left; its grade, clauses and file on the right.
        form = self.form
        form.addRow("&Kind", self.kind)
        form.addRow("&Title", self.title)
        self.add_problem(form, self.problems["title"])
        form.addRow("&Source", self.source)
        self.add_problem(form, self.problems["source"])
        form.addRow("&Date", self.date)
        self.add_problem(form, self.date.problem)
        form.addRow("&Locator", self.locator)
        self.add_problem(form, self.problems["locator"])
        right = QFormLayout()
        right.addRow("&Grade", self.grade)
        self.add_problem(right, self.problems["grade"])
        right.addRow("", key)
        right.addRow(self._label("Supp&orts", self.more), more_row)
        self.add_problem(right, self.problems["more"])
        right.addRow(self._label("F&ile", self.file), file_row)
        self.add_problem(right, self.problems["file"])
        self.add_column(right)
        self.buttons.button(self.buttons.StandardButton.Ok).setText("Attach")
        self.tab_chain(self.kind, self.title, self.source, self.date, self.locator, self.grade,
                       self.more, self.file, choose)  # fmt: skip
        self.title.setFocus()  # the kind has a good first choice; the title has none
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 72)

    def _line(self, name: str, label: str, example: str) -> QLineEdit:
        line = QLineEdit()
        line.setObjectName(name)
        line.setAccessibleName(label)
        line.setPlaceholderText(example)
        return line

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        """A row's label whose Alt+letter goes to ``buddy`` (a row of several widgets
        gets none from the form)."""
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _choose_file(self) -> None:
        start = self.file.text().strip() or str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Choose the file to keep", start, FILE_KINDS)
        if name:
            self.file.setText(name)
            self.say(self.problems["file"], "")

    def check(self) -> bool:
        fields = (
            self.title.text(),
            self.source.text(),
            self.locator.text(),
            self.grade.text(),
            self.more.text(),
            self.file.text(),
        )
        found = self._check(*fields)
        for name, label in self.problems.items():
            self.say(label, found.get(name, ""))
        dated = self.read_date(self.date)
        first = next((name for name in self.problems if name in found), None)
        if first is not None:
            widget = {"title": self.title, "source": self.source, "locator": self.locator,
                      "grade": self.grade, "more": self.more, "file": self.file}[first]  # fmt: skip
            widget.setFocus()
        return dated and not found

    def chosen(self) -> tuple[str, str, str, dt.date, str, str, str, str]:
        """Kind, title, source, date, grade, locator, the other clauses, the file."""
        return (
            str(self.kind.currentData()),
            self.title.text(),
            self.source.text(),
            self.date.date,
            self.grade.text(),
            self.locator.text(),
            self.more.text(),
            self.file.text().strip(),
        )
