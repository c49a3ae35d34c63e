"""Review rounds through the services, on a real store: opening and closing, the
queue and its progress, rationales, undo inside a round, carried-over statuses,
the backup taken before closing, and a sealed record that nothing can change."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import DBAPIError

from vision_desk.cli.rounds import record_json, round_json
from vision_desk.domain.rounds import Round, RoundRecord, content_hash
from vision_desk.domain.status import Status
from vision_desk.errors import NotFoundError, UserError
from vision_desk.services import transfer
from vision_desk.services.desk import Desk
from vision_desk.services.rounds import Rounds
from vision_desk.storage.plain_sql import server_sql
from vision_desk.storage.store import Store

D = dt.date
S = Status
DOCS = Path(__file__).resolve().parents[2] / "docs"
TOTAL = 24  # the Shared Vision: 9 principles, 8 commitments, 7 related undertakings


@pytest.fixture
def rounds(desk: Desk) -> Rounds:
    return Rounds(desk)


def at(clock: Any, day: dt.date, hour: int = 9) -> None:
    """Move the test clock to ``day`` (it ticks a second per reading)."""
    clock.now = dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def sql(desk: Desk, statement: str, *parameters: object) -> list[tuple[Any, ...]]:
    """Raw SQL on the store's engine, in a transaction of its own."""
    with desk.store.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            statement = server_sql(statement)  # psycopg's placeholders
        result = connection.exec_driver_sql(statement, parameters)
        return [tuple(row) for row in result] if result.returns_rows else []


def closing_backups(desk: Desk) -> list[Path]:
    """The backups made when rounds closed, oldest first (others, such as the daily
    one made when the store opens, are left out)."""
    assert desk.backups is not None
    return sorted(desk.backups.glob("vision-desk-*-round-close.sqlite3"))


def dump(desk: Desk) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order: the whole store's content, on a file
    or a server alike."""
    from vision_desk.storage.models import Base

    with desk.store.engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(table.select().order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }


def clause_id(desk: Desk, ref: str) -> int:
    return desk.stored().clause_ids[ref]


def records_of(rounds: Rounds, round_id: int) -> dict[str, RoundRecord]:
    return {record.ref: record for record in rounds.report(round_id).records}


def first_round(desk: Desk, rounds: Rounds) -> Round:
    """Round 1, as of 1 December 2020: two commitments and a principle assessed, one
    of them with its reason; closed."""
    rounds.open("December 2020 review", D(2020, 12, 1))
    desk.set_status("SV-C1", S.INITIATED, note="Working group named.")
    desk.set_status("SV-C5", S.ADVANCED)
    desk.set_status("SV-P1", S.UPHELD)
    return rounds.close()


# -- opening, progress, closing ------------------------------------------------------


def test_a_round_opens_with_every_clause_in_the_queue(desk: Desk, rounds: Rounds) -> None:
    assert rounds.progress() is None
    opened = rounds.open("  January 2021 review  ", D(2021, 1, 15))
    assert (opened.title, opened.as_of, opened.is_open) == (
        "January 2021 review",
        D(2021, 1, 15),
        True,
    )
    assert opened.opened_by == "Test Officer" and opened.content_hash is None
    progress = rounds.progress()
    assert progress is not None
    assert progress.text == f"0 of {TOTAL} assessed"
    assert progress.queue == tuple(clause.ref for clause in desk.stored().agreement.clauses)
    assert rounds.current() == opened
    assert [round_.id for round_ in rounds.all()] == [opened.id]


def test_at_most_one_round_is_open_and_a_refused_open_changes_nothing(
    desk: Desk, rounds: Rounds
) -> None:
    opened = rounds.open("January", D(2021, 1, 15))
    before = dump(desk)
    with pytest.raises(UserError, match="still open; close it before opening another"):
        rounds.open("February", D(2021, 2, 15))
    assert dump(desk) == before
    assert rounds.all() == [opened]


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_a_round_needs_a_sensible_title(rounds: Rounds, title: str) -> None:
    with pytest.raises(UserError):
        rounds.open(title, D(2021, 1, 15))
    assert rounds.all() == []


@pytest.mark.file_only  # backups and copies of the file
def test_closing_with_no_round_open_is_refused_and_makes_no_backup(
    desk: Desk, rounds: Rounds
) -> None:
    with pytest.raises(UserError, match="nothing to close"):
        rounds.close()
    assert closing_backups(desk) == []


def test_statuses_set_in_a_round_are_assessed_and_the_queue_shrinks(
    desk: Desk, rounds: Rounds
) -> None:
    rounds.open("January", D(2021, 1, 15))
    outcome = desk.set_status("SV-C1", "advanced")
    assert "(round 'January')" in outcome.message
    desk.set_status("SV-P2", S.STRAINED)
    progress = rounds.progress()
    assert progress is not None and progress.text == f"2 of {TOTAL} assessed"
    assert "SV-C1" not in progress.queue and "SV-P2" not in progress.queue
    assert len(progress.queue) == TOTAL - 2
    report = rounds.report(progress.round.id)
    assert report.verified is None
    # In document order (principles first), not the order they were assessed in.
    assert [(r.ref, r.status, r.carried_over) for r in report.records] == [
        ("SV-P2", S.STRAINED, False),
        ("SV-C1", S.ADVANCED, False),
    ]


def test_confirming_an_unchanged_status_in_a_round_is_an_assessment(
    desk: Desk, rounds: Rounds
) -> None:
    desk.set_status("SV-C5", S.ADVANCED)
    rounds.open("January", D(2021, 1, 15))
    outcome = desk.set_status("SV-C5", S.ADVANCED)
    assert not outcome.status_changed
    progress = rounds.progress()
    assert progress is not None and "SV-C5" not in progress.queue
    # Once assessed, the same status again is nothing new.
    again = desk.set_status("SV-C5", S.ADVANCED)
    assert again.message == "SV-C5 is already advanced."
    assert len(desk.history("SV-C5")) == 1


def test_a_status_set_with_a_note_makes_the_note_its_rationale(desk: Desk, rounds: Rounds) -> None:
    opened = rounds.open("January", D(2021, 1, 15))
    desk.set_status("SV-C2", S.INITIATED, note="Drafting started in Islamabad.")
    assert records_of(rounds, opened.id)["SV-C2"].rationale == "Drafting started in Islamabad."


def test_add_note_as_rationale_links_it_to_the_assessment(desk: Desk, rounds: Rounds) -> None:
    opened = rounds.open("January", D(2021, 1, 15))
    desk.set_status("SV-C3", S.NOT_STARTED)
    assert records_of(rounds, opened.id)["SV-C3"].rationale is None
    desk.add_note("SV-C3", "Just a remark.")  # not a rationale
    assert records_of(rounds, opened.id)["SV-C3"].rationale is None
    desk.add_note("SV-C3", "No meeting yet; postponed twice.", rationale=True)
    assert records_of(rounds, opened.id)["SV-C3"].rationale == "No meeting yet; postponed twice."
    closed = rounds.close()
    assert records_of(rounds, closed.id)["SV-C3"].rationale == "No meeting yet; postponed twice."


def test_a_rationale_for_a_clause_not_assessed_in_the_round_is_just_a_note(
    desk: Desk, rounds: Rounds
) -> None:
    rounds.open("January", D(2021, 1, 15))
    desk.add_note("SV-C3", "A reason for nothing.", rationale=True)
    progress = rounds.progress()
    assert progress is not None and "SV-C3" in progress.queue
    assert [note.text for note in desk.notes("SV-C3")] == ["A reason for nothing."]


def test_the_rationale_is_the_notes_wording_when_the_round_closes(
    desk: Desk, rounds: Rounds
) -> None:
    rounds.open("January", D(2021, 1, 15))
    outcome = desk.set_status("SV-C2", S.INITIATED, note="First wording.")
    assert outcome.note_id is not None
    desk.edit_note(outcome.note_id, "Second wording.")
    closed = rounds.close()
    assert records_of(rounds, closed.id)["SV-C2"].rationale == "Second wording."


# -- undo and redo inside an open round ------------------------------------------------


def test_undo_puts_the_clause_back_in_the_queue_and_redo_takes_it_out(
    desk: Desk, rounds: Rounds
) -> None:
    opened = rounds.open("January", D(2021, 1, 15))
    desk.set_status("SV-C1", S.ADVANCED, note="Met twice.")
    progress = rounds.progress()
    assert progress is not None and progress.assessed == 1

    desk.undo()
    progress = rounds.progress()
    assert progress is not None and progress.assessed == 0 and "SV-C1" in progress.queue
    assert desk.state("SV-C1").status is S.NOT_ASSESSED
    assert rounds.report(opened.id).records == ()
    assert desk.notes("SV-C1") == []

    desk.redo()
    progress = rounds.progress()
    assert progress is not None and progress.assessed == 1 and "SV-C1" not in progress.queue
    assert records_of(rounds, opened.id)["SV-C1"].status is S.ADVANCED
    assert records_of(rounds, opened.id)["SV-C1"].rationale == "Met twice."


def test_undo_of_a_second_status_restores_the_first_assessment(desk: Desk, rounds: Rounds) -> None:
    opened = rounds.open("January", D(2021, 1, 15))
    desk.set_status("SV-C1", S.INITIATED, note="Named.")
    desk.set_status("SV-C1", S.ADVANCED)
    assert records_of(rounds, opened.id)["SV-C1"].rationale is None  # the new status, no reason
    desk.undo()
    record = records_of(rounds, opened.id)["SV-C1"]
    assert (record.status, record.rationale) == (S.INITIATED, "Named.")


def test_undo_of_a_confirmation_leaves_the_status_and_requeues_the_clause(
    desk: Desk, rounds: Rounds
) -> None:
    desk.set_status("SV-C5", S.ADVANCED)
    rounds.open("January", D(2021, 1, 15))
    desk.set_status("SV-C5", S.ADVANCED)
    desk.undo()
    progress = rounds.progress()
    assert progress is not None and "SV-C5" in progress.queue
    assert desk.state("SV-C5").status is S.ADVANCED


def test_undo_and_redo_of_a_rationale_note(desk: Desk, rounds: Rounds) -> None:
    opened = rounds.open("January", D(2021, 1, 15))
    desk.set_status("SV-C3", S.NOT_STARTED)
    desk.add_note("SV-C3", "Postponed.", rationale=True)
    desk.undo()
    record = records_of(rounds, opened.id)["SV-C3"]
    assert (record.status, record.rationale) == (S.NOT_STARTED, None)  # still assessed
    desk.redo()
    assert records_of(rounds, opened.id)["SV-C3"].rationale == "Postponed."


# -- carried over ----------------------------------------------------------------------


def test_the_next_round_starts_from_the_last_statuses_marked_carried_over(
    desk: Desk, rounds: Rounds
) -> None:
    first = first_round(desk, rounds)
    second = rounds.open("January 2021 review", D(2021, 1, 15))
    board = {row.clause.ref: row for row in desk.board(D(2021, 1, 15)).rows}
    assert board["SV-C1"].status is S.INITIATED
    assert board["SV-C1"].carried_over and board["SV-C1"].round_assessed is False
    assert not board["SV-C2"].carried_over  # nothing to carry: never assessed
    desk.set_status("SV-P1", S.STRAINED, note="Harsh words in December.")
    assert not desk.row("SV-P1", D(2021, 1, 15)).carried_over
    assert desk.row("SV-C5", D(2021, 1, 15)).carried_over
    closed = rounds.close()
    assert closed.id == second.id and first.id != second.id

    records = records_of(rounds, second.id)
    c1 = records["SV-C1"]
    assert (c1.status, c1.carried_over, c1.assessed_at, c1.rationale) == (
        S.INITIATED,
        True,
        None,
        None,
    )
    assert (records["SV-C5"].status, records["SV-C5"].carried_over) == (S.ADVANCED, True)
    p1 = records["SV-P1"]
    assert (p1.status, p1.carried_over, p1.rationale) == (
        S.STRAINED,
        False,
        "Harsh words in December.",
    )
    assert p1.assessed_by == "Test Officer" and p1.assessed_at is not None
    assert (records["SV-C2"].status, records["SV-C2"].carried_over) == (S.NOT_ASSESSED, True)
    assert len(records) == TOTAL
    # Outside a round nothing is carried over: there is no round to carry into.
    assert not any(row.carried_over for row in desk.board(D(2021, 1, 15)).rows)


def test_the_record_lists_every_clause_in_document_order(desk: Desk, rounds: Rounds) -> None:
    closed = first_round(desk, rounds)
    refs = [record.ref for record in rounds.report(closed.id).records]
    assert refs == [clause.ref for clause in desk.stored().agreement.clauses]


# -- closing: the backup first, then the seal ---------------------------------------------


@pytest.mark.file_only  # backups and copies of the file
def test_closing_takes_a_verified_private_backup_first(desk: Desk, rounds: Rounds) -> None:
    opened = rounds.open("December 2020 review", D(2020, 12, 1))
    desk.set_status("SV-C1", S.INITIATED)
    assert closing_backups(desk) == []
    closed = rounds.close()
    backups = closing_backups(desk)
    assert len(backups) == 1
    backup = backups[0]
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    connection = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # Taken before closing: the round is still open in it, with its assessment
        # and no record yet.
        assert connection.execute(
            "SELECT closed_at, content_hash FROM rounds WHERE id = ?", (opened.id,)
        ).fetchall() == [(None, None)]
        assert connection.execute("SELECT count(*) FROM round_assessments").fetchone() == (1,)
        assert connection.execute("SELECT count(*) FROM round_records").fetchone() == (0,)
    finally:
        connection.close()
    assert closed.content_hash is not None and len(closed.content_hash) == 64


def test_a_closed_round_records_its_hash_over_its_records(desk: Desk, rounds: Rounds) -> None:
    closed = first_round(desk, rounds)
    assert closed.closed_at is not None and closed.closed_by == "Test Officer"
    report = rounds.report(closed.id)
    assert report.verified is True
    assert content_hash(closed, list(report.records)) == closed.content_hash
    # ... and from the rows as stored, read with plain SQL.
    rows = sql(
        desk,
        "SELECT ref, status, carried_over, assessed_at, assessed_by, rationale "
        "FROM round_records WHERE round_id = ? ORDER BY clause_id DESC",
        closed.id,
    )
    raw = [
        RoundRecord(
            ref,
            Status(status),
            bool(carried),
            None if when is None else dt.datetime.fromisoformat(when),
            by,
            why,
        )
        for ref, status, carried, when, by, why in rows
    ]
    assert len(raw) == TOTAL
    assert content_hash(closed, raw) == closed.content_hash


def test_assessing_after_close_goes_nowhere_near_the_closed_round(
    desk: Desk, rounds: Rounds
) -> None:
    closed = first_round(desk, rounds)
    outcome = desk.set_status("SV-C1", S.COMPLETED)
    assert "round" not in outcome.message
    assert rounds.progress() is None
    assert records_of(rounds, closed.id)["SV-C1"].status is S.INITIATED


# -- immutability in the database itself -------------------------------------------------


def _refused(desk: Desk, statement: str, *parameters: object) -> str:
    with pytest.raises(DBAPIError) as raised:
        sql(desk, statement, *parameters)
    return str(raised.value.orig)


def test_the_database_refuses_to_change_a_closed_round(desk: Desk, rounds: Rounds) -> None:
    closed = first_round(desk, rounds)
    c1, c2 = clause_id(desk, "SV-C1"), clause_id(desk, "SV-C2")
    before = dump(desk)
    refusals = [
        ("UPDATE rounds SET title = 'Forged' WHERE id = ?", closed.id),
        ("UPDATE rounds SET closed_at = NULL, content_hash = NULL WHERE id = ?", closed.id),
        ("DELETE FROM rounds WHERE id = ?", closed.id),
        ("UPDATE round_records SET status = 'completed' WHERE round_id = ?", closed.id),
        ("UPDATE round_records SET rationale = 'forged' WHERE round_id = ?", closed.id),
        ("DELETE FROM round_records WHERE round_id = ?", closed.id),
        (
            "INSERT INTO round_records (round_id, clause_id, ref, status, carried_over) "
            "VALUES (?, 999999, 'SV-X', 'completed', FALSE)",
            closed.id,
        ),
        (
            "INSERT INTO round_assessments (round_id, clause_id, status, assessed_at, assessed_by)"
            " VALUES (?, ?, 'completed', '2021-01-10T09:00:00.000000+00:00', 'x')",
            closed.id,
            c2,
        ),
        ("UPDATE round_assessments SET status = 'completed' WHERE round_id = ?", closed.id),
        ("DELETE FROM round_assessments WHERE round_id = ?", closed.id),
    ]
    for statement, *parameters in refusals:
        message = _refused(desk, statement, *parameters)
        assert any(
            refusal in message
            # The seal's own words; on a server a role with no right to the
            # statement at all is refused before the seal is asked.
            for refusal in ("closed round", "never deleted", "is closed", "permission denied")
        )
    assert dump(desk) == before
    assert rounds.report(closed.id).verified is True
    assert sql(desk, "SELECT count(*) FROM round_assessments WHERE clause_id = ?", c1) == [(1,)]


def test_an_open_rounds_assessments_may_change_but_it_cannot_be_deleted(
    desk: Desk, rounds: Rounds
) -> None:
    opened = rounds.open("January", D(2021, 1, 15))
    desk.set_status("SV-C1", S.INITIATED)
    sql(desk, "UPDATE round_assessments SET status = 'advanced' WHERE round_id = ?", opened.id)
    assert records_of(rounds, opened.id)["SV-C1"].status is S.ADVANCED
    refused = _refused(desk, "DELETE FROM rounds WHERE id = ?", opened.id)
    assert "never deleted" in refused or "permission denied for table rounds" in refused


# -- the hash never changes, whatever happens later --------------------------------------


def test_nothing_done_later_changes_a_closed_rounds_record(desk: Desk, rounds: Rounds) -> None:
    closed = first_round(desk, rounds)
    sealed = rounds.report(closed.id).records
    note = desk.notes("SV-C1")[0]
    assert sealed[[r.ref for r in sealed].index("SV-C1")].rationale == note.text

    # Undo after closing: the live status goes back, the record does not.
    desk.undo()  # SV-P1 upheld, set in the (now closed) round
    assert desk.state("SV-P1").status is S.NOT_ASSESSED
    desk.undo()  # SV-C5 advanced
    desk.redo()
    assert desk.state("SV-C5").status is S.ADVANCED
    # Later status changes and note edits; the rationale note cannot be deleted
    # (the sealed record keeps its words: tests/services/test_delete_sealed_note.py).
    desk.set_status("SV-C1", S.COMPLETED, note="Done.")
    desk.edit_note(note.id, "Rewritten after the fact.")
    with pytest.raises(UserError, match="closed round is sealed"):
        desk.delete_note(note.id)
    desk.undo()  # the last status change: SV-C1 back to initiated
    # A second round comes and goes.
    rounds.open("January", D(2021, 1, 15))
    desk.set_status("SV-P1", S.BREACHED)
    rounds.close()

    report = rounds.report(closed.id)
    assert report.records == sealed
    assert report.verified is True
    assert rounds.get(closed.id) == closed
    assert records_of(rounds, closed.id)["SV-C1"].rationale == "Working group named."
    assert records_of(rounds, closed.id)["SV-P1"].status is S.UPHELD


def test_undo_after_closing_leaves_the_next_rounds_queue_alone(desk: Desk, rounds: Rounds) -> None:
    first_round(desk, rounds)
    rounds.open("January", D(2021, 1, 15))
    desk.undo()  # SV-P1 upheld, recorded in round 1: live status only
    progress = rounds.progress()
    assert progress is not None and progress.assessed == 0
    assert desk.state("SV-P1").status is S.NOT_ASSESSED


@pytest.mark.file_only  # backups and copies of the file
def test_a_restore_from_the_closing_backup_keeps_every_hash(
    opened: Any, desk: Desk, rounds: Rounds
) -> None:
    first = first_round(desk, rounds)
    second = rounds.open("January 2021 review", D(2021, 1, 15))
    desk.set_status("SV-C2", S.INITIATED, note="Proposal drafted.")
    desk.set_status("SV-P1", S.STRAINED)
    closed_second = rounds.close()
    backup = closing_backups(desk)[-1]  # the one made when round 2 closed
    desk.set_status("SV-C2", S.COMPLETED)

    database = Path(desk.store.path)
    desk.store.close()
    for leftover in (
        database.with_name(database.name + "-wal"),
        database.with_name(database.name + "-shm"),
    ):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(backup, database)
    restored_store = Store.open(database)
    try:
        restored = Desk(restored_store, "Test Officer", clock=desk.clock, backups=desk.backups)
        again = Rounds(restored)
        assert again.get(first.id) == first
        assert again.report(first.id).verified is True
        # Round 2 is open again in the backup; closing it again on the same
        # assessments seals the same bytes: the hash does not depend on when.
        assert again.current() is not None and again.current().id == second.id  # type: ignore[union-attr]
        assert restored.state("SV-C2").status is S.INITIATED
        reclosed = again.close()
        assert reclosed.closed_at != closed_second.closed_at
        assert reclosed.content_hash == closed_second.content_hash
        assert again.report(second.id).verified is True
    finally:
        restored_store.close()


@pytest.mark.file_only  # backups and copies of the file
def test_a_copy_reopened_through_the_store_verifies_every_round(
    tmp_path: Path, desk: Desk, rounds: Rounds
) -> None:
    first = first_round(desk, rounds)
    rounds.open("January", D(2021, 1, 15))
    desk.set_status("SV-C6", S.INITIATED, note="Quarter under way.")
    second = rounds.close()
    copy = tmp_path / "copy.sqlite3"
    source = sqlite3.connect(desk.store.path)
    target = sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    reopened = Store.open(copy)
    try:
        other = Rounds(Desk(reopened, "Someone Else"))
        for round_ in (first, second):
            report = other.report(round_.id)
            assert report.verified is True
            assert report.round.content_hash == round_.content_hash
            assert content_hash(report.round, list(report.records)) == round_.content_hash
            assert report.records == rounds.report(round_.id).records
    finally:
        reopened.close()


@pytest.mark.file_only  # backups and copies of the file
def test_a_tampered_record_no_longer_verifies(tmp_path: Path, desk: Desk, rounds: Rounds) -> None:
    """Only with the triggers dropped (on a copy) can a record change, and then the
    hash gives it away."""
    closed = first_round(desk, rounds)
    copy = tmp_path / "tampered.sqlite3"
    source = sqlite3.connect(desk.store.path)
    target = sqlite3.connect(copy)
    try:
        source.backup(target)
        target.execute("DROP TRIGGER round_records_no_update")
        target.execute(
            "UPDATE round_records SET status = 'completed' WHERE round_id = ? AND ref = 'SV-C1'",
            (closed.id,),
        )
        target.commit()
    finally:
        target.close()
        source.close()
    reopened = Store.open(copy)
    try:
        assert Rounds(Desk(reopened, "Auditor")).report(closed.id).verified is False
    finally:
        reopened.close()


# -- what changed between rounds -----------------------------------------------------------


def _two_rounds(desk: Desk, rounds: Rounds, clock: Any) -> tuple[Round, Round]:
    first = first_round(desk, rounds)
    rounds.open("January 2021 review", D(2021, 1, 15))
    desk.set_status("SV-C1", S.OVERTAKEN)  # initiated -> overtaken: neither
    desk.set_status("SV-P1", S.STRAINED)  # regressed
    desk.set_status("SV-C2", S.INITIATED)  # newly assessed; due 1 January: newly overdue
    desk.set_status("SV-P2", S.UPHELD)  # newly assessed
    # SV-C5 advanced is carried over: unchanged and stalled.
    second = rounds.close()
    return first, second


def test_diff_of_the_last_two_closed_rounds(desk: Desk, rounds: Rounds, clock: Any) -> None:
    first, second = _two_rounds(desk, rounds, clock)
    difference = rounds.diff()
    assert (difference.earlier.id, difference.later.id) == (first.id, second.id)
    assert difference.improved == ()
    assert difference.regressed == ("SV-P1",)
    assert difference.newly_assessed == ("SV-P2", "SV-C2")
    assert difference.stalled == ("SV-C5",)
    assert "SV-C5" in difference.unchanged and "SV-C1" not in difference.unchanged
    # Due on or by 1 January 2021; SV-C1 is overtaken, SV-C4 was already late on 1 December?
    # No: SV-C4's window ends 10 December, so it falls overdue between the rounds too.
    assert difference.newly_overdue == ("SV-C2", "SV-C3", "SV-C4")


def test_diff_with_ids_in_either_order_compares_earlier_to_later(
    desk: Desk, rounds: Rounds, clock: Any
) -> None:
    first, second = _two_rounds(desk, rounds, clock)
    forward = rounds.diff(first.id, second.id)
    backward = rounds.diff(second.id, first.id)
    assert backward == forward
    assert (backward.earlier.id, backward.later.id) == (first.id, second.id)


@pytest.mark.file_only  # a team desk's server stamps the closing with its own clock
def test_diff_order_follows_the_rounds_not_a_clock_that_went_back(
    desk: Desk, rounds: Rounds, clock: Any
) -> None:
    first = first_round(desk, rounds)
    rounds.open("January", D(2021, 1, 15))
    desk.set_status("SV-C5", S.COMPLETED)
    clock.now = dt.datetime(2020, 6, 1, tzinfo=dt.UTC)  # the system clock was set back
    second = rounds.close()
    assert second.closed_at is not None and first.closed_at is not None
    assert second.closed_at < first.closed_at
    for difference in (rounds.diff(), rounds.diff(second.id, first.id)):
        assert (difference.earlier.id, difference.later.id) == (first.id, second.id)
        assert difference.improved == ("SV-C5",)


def test_diff_errors(desk: Desk, rounds: Rounds) -> None:
    with pytest.raises(UserError, match="two closed rounds; 0 are closed"):
        rounds.diff()
    first = first_round(desk, rounds)
    with pytest.raises(UserError, match="two closed rounds; 1 is closed"):
        rounds.diff()
    with pytest.raises(UserError, match="Give two round ids"):
        rounds.diff(first.id)
    with pytest.raises(UserError, match=f"Round {first.id} is the same round"):
        rounds.diff(first.id, first.id)
    opened = rounds.open("January", D(2021, 1, 15))
    with pytest.raises(UserError, match=f"Round {opened.id} is still open"):
        rounds.diff(first.id, opened.id)
    with pytest.raises(NotFoundError, match="There is no round 99"):
        rounds.diff(first.id, 99)


def test_unknown_rounds_are_not_found(rounds: Rounds) -> None:
    for call in (rounds.get, rounds.report, rounds.board_at_round):
        with pytest.raises(NotFoundError, match="There is no round 42"):
            call(42)


# -- the board as it stood ----------------------------------------------------------------


def test_the_board_at_a_closed_round_is_what_it_recorded(
    desk: Desk, rounds: Rounds, clock: Any
) -> None:
    first, _second = _two_rounds(desk, rounds, clock)
    desk.set_status("SV-C5", S.COMPLETED)  # later: not on the round's board
    board = rounds.board_at_round(first.id)
    statuses = {row.clause.ref: row.status for row in board.rows}
    assert board.as_of == D(2020, 12, 1)
    assert statuses["SV-C1"] is S.INITIATED and statuses["SV-C5"] is S.ADVANCED
    assert statuses["SV-P1"] is S.UPHELD and statuses["SV-C2"] is S.NOT_ASSESSED
    # Overdue as of the round's date: only SV-C4 (window ends 10 December) is not yet.
    assert board.summary.overdue == ()
    later = rounds.board_at_round(_second.id)
    assert later.summary.overdue == ("SV-C2", "SV-C3", "SV-C4")
    opened = rounds.open("February", D(2021, 2, 15))
    with pytest.raises(UserError, match="still open"):
        rounds.board_at_round(opened.id)


def test_the_board_on_a_past_date_comes_from_the_history(
    desk: Desk, rounds: Rounds, clock: Any
) -> None:
    at(clock, D(2021, 1, 10))
    desk.set_status("SV-C1", S.INITIATED)
    at(clock, D(2021, 1, 12))
    desk.set_status("SV-C1", S.ADVANCED)
    desk.set_status("SV-P1", S.UPHELD)
    at(clock, D(2021, 1, 13))
    desk.undo()  # SV-P1 back to not assessed on the 13th

    def status_on(day: dt.date, ref: str) -> Status:
        board = rounds.board_on(day)
        assert board.as_of == day
        return next(row.status for row in board.rows if row.clause.ref == ref)

    assert status_on(D(2021, 1, 9), "SV-C1") is S.NOT_ASSESSED
    assert status_on(D(2021, 1, 10), "SV-C1") is S.INITIATED
    assert status_on(D(2021, 1, 11), "SV-C1") is S.INITIATED
    assert status_on(D(2021, 1, 12), "SV-C1") is S.ADVANCED
    assert status_on(D(2021, 1, 12), "SV-P1") is S.UPHELD
    assert status_on(D(2021, 1, 13), "SV-P1") is S.NOT_ASSESSED


# -- the review schedule -----------------------------------------------------------------


def test_due_for_review_by_kind_and_by_own_cadence(desk: Desk, rounds: Rounds, clock: Any) -> None:
    everything = [clause.ref for clause in desk.stored().agreement.clauses]
    assert rounds.due_for_review(D(2021, 1, 10)) == everything  # never assessed: due at once
    at(clock, D(2021, 1, 10))
    desk.set_status("SV-C1", S.INITIATED)  # commitment: every 30 days
    desk.set_status("SV-P1", S.UPHELD)  # principle: every 90 days
    desk.set_status("SV-R1", S.INITIATED)
    rounds.set_cadence("sv-r1", 7)  # references are found ignoring case
    assert rounds.cadences() == {"SV-R1": 7}
    rest = [ref for ref in everything if ref not in {"SV-C1", "SV-P1", "SV-R1"}]
    assert rounds.due_for_review(D(2021, 1, 16)) == rest
    assert rounds.due_for_review(D(2021, 1, 17)) == [
        ref for ref in everything if ref not in {"SV-C1", "SV-P1"}
    ]
    assert "SV-C1" in rounds.due_for_review(D(2021, 2, 9))
    assert "SV-P1" not in rounds.due_for_review(D(2021, 4, 9))
    assert "SV-P1" in rounds.due_for_review(D(2021, 4, 10))
    rounds.set_cadence("SV-R1", None)
    assert rounds.cadences() == {}
    assert "SV-R1" not in rounds.due_for_review(D(2021, 3, 10))  # related: 60 days
    assert "SV-R1" in rounds.due_for_review(D(2021, 3, 11))


def test_confirming_a_status_in_a_round_restarts_its_review_clock(
    desk: Desk, rounds: Rounds, clock: Any
) -> None:
    at(clock, D(2021, 1, 10))
    desk.set_status("SV-C5", S.ADVANCED)
    at(clock, D(2021, 3, 1))
    assert "SV-C5" in rounds.due_for_review(D(2021, 3, 1))
    rounds.open("March", D(2021, 3, 1))
    desk.set_status("SV-C5", S.ADVANCED)  # looked at again: still advanced
    assert "SV-C5" not in rounds.due_for_review(D(2021, 3, 1))
    rounds.close()
    assert "SV-C5" not in rounds.due_for_review(D(2021, 3, 30))
    assert "SV-C5" in rounds.due_for_review(D(2021, 3, 31))


@pytest.mark.parametrize("days", [0, -1, 3651])
def test_a_cadence_out_of_range_is_refused(rounds: Rounds, days: int) -> None:
    with pytest.raises(UserError, match="between 1 and 3,650 days"):
        rounds.set_cadence("SV-C1", days)
    assert rounds.cadences() == {}


def test_a_cadence_for_an_unknown_clause_is_refused(rounds: Rounds) -> None:
    with pytest.raises(NotFoundError, match="no clause 'SV-C99'"):
        rounds.set_cadence("SV-C99", 10)


# -- the worked example of docs/rounds.md, closed for real -------------------------------


def test_the_documented_example_round_closes_with_the_documented_hash(tmp_path: Path) -> None:
    """The River Accord round of docs/rounds.md, done through the services at the
    times the page shows: the same `round show --json` and the same hash."""
    doc = (DOCS / "rounds.md").read_text(encoding="utf-8")
    documented = json.loads(
        next(
            block
            for block in re.findall(r"```json\n(.*?)```", doc, flags=re.DOTALL)
            if '"records"' in block
        )
    )
    river_text = (DOCS / "agreement-format.md").read_text(encoding="utf-8")
    river = tmp_path / "river-accord.toml"
    river.write_text(
        river_text.split("## A complete example", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0],
        encoding="utf-8",
    )
    now = [dt.datetime(2021, 6, 20, 10, 0, tzinfo=dt.UTC)]
    store = Store.open(tmp_path / "store.sqlite3")
    try:
        desk = Desk(store, "A. Rahimi", clock=lambda: now[0], backups=tmp_path / "backups")
        transfer.import_agreement(desk, river)
        desk.use_agreement("river-accord")
        desk.set_status("II-4", S.NOT_STARTED)  # before the round: carried over
        rounds = Rounds(desk)
        now[0] = dt.datetime(2021, 7, 1, 8, 0, tzinfo=dt.UTC)
        rounds.open("Mid-2021 review", D(2021, 7, 1))
        now[0] = dt.datetime(2021, 7, 2, 6, 15, tzinfo=dt.UTC)
        desk.set_status("I-1", S.UPHELD, note="Both sides kept to the agreed shares.")
        now[0] = dt.datetime(2021, 7, 2, 6, 20, 30, 250000, tzinfo=dt.UTC)
        desk.set_status("II-1", S.ADVANCED, note='Data comes weekly, not daily ("ہفتہ وار").')
        now[0] = dt.datetime(2021, 7, 2, 9, 0, tzinfo=dt.UTC)
        closed = rounds.close()
        report = rounds.report(closed.id)
        shown = {
            **round_json(report.round),
            "verified": report.verified,
            "records": [record_json(record) for record in report.records],
        }
        assert shown == documented
        assert closed.content_hash == documented["hash"]
    finally:
        store.close()


def test_the_documented_round_with_parts_closes_with_the_documented_hash(tmp_path: Path) -> None:
    """The third example of docs/rounds.md (form 2), assessed party by party through
    the services at the times the page shows: the same `round show --json`."""
    doc = (DOCS / "rounds.md").read_text(encoding="utf-8")
    section = doc[doc.index("### A third example") : doc.index("## What changed between")]
    documented = json.loads(re.findall(r"```json\n(.*?)```", section, flags=re.DOTALL)[0])
    river_text = (DOCS / "agreement-format.md").read_text(encoding="utf-8")
    river = tmp_path / "river-accord.toml"
    river.write_text(
        river_text.split("## A complete example", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0],
        encoding="utf-8",
    )
    now = [dt.datetime(2022, 1, 10, 10, 0, tzinfo=dt.UTC)]
    store = Store.open(tmp_path / "store.sqlite3")
    try:
        rahimi = Desk(store, "A. Rahimi", clock=lambda: now[0])
        karimi = Desk(store, "M. Karimi", clock=lambda: now[0])
        transfer.import_agreement(rahimi, river)
        for desk in (rahimi, karimi):
            desk.use_agreement("river-accord")
        rounds = Rounds(rahimi)
        for title in ("Mid-2021 review", "Year-end review"):  # rounds 1 and 2
            rounds.open(title, D(2021, 12, 31))
            rounds.close()
        rahimi.set_status("II-1", S.COMPLETED)  # before the round: carried over
        now[0] = dt.datetime(2022, 6, 30, 6, 0, tzinfo=dt.UTC)
        rounds.open("Mid-2022 review", D(2022, 6, 30))
        now[0] = dt.datetime(2022, 6, 30, 6, 55, tzinfo=dt.UTC)
        rahimi.set_status("I-1", S.UPHELD, party="AF")
        now[0] = dt.datetime(2022, 6, 30, 7, 0, tzinfo=dt.UTC)
        rahimi.set_status(
            "I-1",
            S.STRAINED,
            note="Kabul kept to its share; Islamabad drew over it at gauge C in May.",
            party="PK",
        )
        now[0] = dt.datetime(2022, 6, 30, 7, 25, tzinfo=dt.UTC)
        karimi.set_status("II-4", S.ADVANCED, party="Afghanistan")
        now[0] = dt.datetime(2022, 6, 30, 7, 30, 15, 500000, tzinfo=dt.UTC)
        karimi.set_status(
            "II-4",
            S.INITIATED,
            note="Afghan survey teams in the field; Pakistan's still being named.",
            party="Pakistan",
        )
        now[0] = dt.datetime(2022, 6, 30, 9, 0, tzinfo=dt.UTC)
        closed = rounds.close()
        report = rounds.report(closed.id)
        shown = {
            **round_json(report.round),
            "verified": report.verified,
            "records": [record_json(record) for record in report.records],
        }
        assert shown == documented
        assert closed.content_hash == documented["hash"]
    finally:
        store.close()
