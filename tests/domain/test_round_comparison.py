"""The comparison of two closed rounds, clause by clause."""

from __future__ import annotations

import datetime as dt

from vision_desk.domain.agreement import Clause, ClauseKind, Deadline, Precision, Provenance
from vision_desk.domain.round_comparison import CATEGORY_WORDS, comparison_csv_rows
from vision_desk.domain.rounds import Round, diff_rounds
from vision_desk.domain.status import Status


def _clause(
    ref: str, kind: ClauseKind = ClauseKind.COMMITMENT, due: dt.date | None = None
) -> Clause:
    deadline = Deadline(f"by {due}", due, due, Precision.DAY) if due else None
    return Clause(
        ref=ref,
        kind=kind,
        title=f"Title of {ref}",
        text="…",
        strand="s",
        parties=("AF", "PK"),
        due=deadline,
        provenance=Provenance("src", "here"),
    )


def _round(number: int, as_of: dt.date) -> Round:
    moment = dt.datetime(2021, 1, number, tzinfo=dt.UTC)
    return Round(number, "a", f"Round {number}", as_of, moment, "officer", moment, "officer", "h")


CLAUSES = [
    _clause("C-1"),
    _clause("C-2"),
    _clause("C-3", due=dt.date(2021, 1, 1)),
    _clause("C-4"),
    _clause("P-1", ClauseKind.PRINCIPLE),
    _clause("C-5"),
]
THEN = {
    "C-1": Status.INITIATED,
    "C-2": Status.ADVANCED,
    "C-4": Status.ADVANCED,
    "P-1": Status.UPHELD,
    "C-5": Status.INITIATED,
}
NOW = {
    "C-1": Status.COMPLETED,
    "C-2": Status.INITIATED,
    "C-4": Status.ADVANCED,
    "P-1": Status.UPHELD,
    "C-5": Status.OVERTAKEN,
}


def test_every_clause_gets_a_row_with_both_statuses_and_its_categories() -> None:
    diff = diff_rounds(
        CLAUSES, _round(1, dt.date(2020, 12, 1)), THEN, _round(2, dt.date(2021, 2, 1)), NOW
    )
    rows = {row.ref: row for row in diff.rows}
    assert [row.ref for row in diff.rows] == [clause.ref for clause in CLAUSES]
    assert rows["C-1"].categories == ("improved",)
    assert rows["C-1"].status_text() == "Initiated → Completed"
    assert rows["C-2"].categories == ("regressed",)
    assert rows["C-3"].categories == ("newly overdue",)
    assert rows["C-3"].overdue_text() == "not overdue → overdue"
    assert rows["C-4"].categories == ("stalled",)
    assert rows["P-1"].categories == ("unchanged",) and not rows["P-1"].changed
    assert rows["C-5"].categories == ("other change",)
    for row in diff.rows:
        assert set(row.categories) <= set(CATEGORY_WORDS)
    # The lists say the same as the rows.
    assert diff.improved == ("C-1",) and diff.stalled == ("C-4",)
    assert diff.newly_overdue == ("C-3",)


def test_the_csv_rows_hold_every_clause_under_one_header() -> None:
    diff = diff_rounds(
        CLAUSES, _round(1, dt.date(2020, 12, 1)), THEN, _round(2, dt.date(2021, 2, 1)), NOW
    )
    table = comparison_csv_rows(diff.rows)
    assert table[0][0] == "reference" and len(table) == len(CLAUSES) + 1
    assert table[3] == [
        "C-3",
        "Title of C-3",
        "Not assessed",
        "Not assessed",
        "no",
        "yes",
        "newly overdue",
    ]
