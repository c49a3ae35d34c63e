"""The desk's actions on the Shared Vision: statuses, notes, the board."""

from __future__ import annotations

import datetime as dt
import itertools
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text as sql_text

from vision_desk.domain.note_text import MAX_NOTE_CHARS
from vision_desk.domain.review import ChangeKind
from vision_desk.domain.rules import Flag
from vision_desk.domain.status import Status
from vision_desk.errors import NotFoundError, UserError
from vision_desk.services.desk import Desk

HOSTILE_NOTES = [
    "Draft exchanged on 3 Dec; j k n 0 1",
    "<b>x</b> &amp; \x07 \n line",
    "محمد ظاہر",
    "<font size=5000>big</font> <img src=x> <a href=javascript:alert(1)>x</a>",
    "'; DROP TABLE notes; --",
    "100% _done_ \\ %s {0} ${HOME}",
    "  leading and trailing spaces  \n\n",
    "tab\there\r\nwindows line\u2028separator \U0001f600 e\u0301",
    '=HYPERLINK("http://example.org")',
]


def _counts(desk: Desk) -> dict[str, int]:
    """Rows per table: the proof that a refused action wrote nothing."""
    tables = ("clause_states", "notes", "note_revisions", "changes", "operations", "settings")
    with desk.store.engine.connect() as connection:
        return {
            table: connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
            for table in tables
        }


def _note_row(desk: Desk, note_id: int) -> dict[str, Any]:
    with desk.store.engine.connect() as connection:
        row = connection.execute(
            sql_text("SELECT text, removed, edited_at FROM notes WHERE id = :id"), {"id": note_id}
        ).one()
        revisions = connection.execute(
            sql_text("SELECT count(*) FROM note_revisions WHERE note_id = :id"), {"id": note_id}
        ).scalar_one()
    return {"text": row[0], "removed": row[1], "edited_at": row[2], "revisions": revisions}


def test_the_shared_vision_is_loaded(desk: Desk) -> None:
    refs = [clause.ref for clause in desk.stored().agreement.clauses]
    assert refs == (
        [f"SV-P{i}" for i in range(1, 10)]
        + [f"SV-C{i}" for i in range(1, 9)]
        + [f"SV-R{i}" for i in range(1, 8)]
    )
    assert desk.agreement_ids() == ["shared-vision"]


# -- statuses ---------------------------------------------------------------------------


def test_set_status_records_who_when_before_after(desk: Desk, clock: Any) -> None:
    start = clock.now
    outcome = desk.set_status("SV-C1", "initiated")
    assert outcome.status_changed and not outcome.notes_changed
    assert outcome.clause_ref == "SV-C1"
    state = desk.state("SV-C1")
    assert (state.status, state.changed_by) == (Status.INITIATED, "Test Officer")
    assert state.changed_at is not None
    assert start < state.changed_at <= clock.now
    when = state.changed_at

    desk.set_status("SV-C1", Status.COMPLETED)
    history = desk.history("SV-C1")
    assert [(c.kind, c.before, c.after, c.author, c.via) for c in history] == [
        (ChangeKind.STATUS, "not_assessed", "initiated", "Test Officer", None),
        (ChangeKind.STATUS, "initiated", "completed", "Test Officer", None),
    ]
    assert history[0].at == when
    assert history[1].at > history[0].at
    assert desk.history("SV-C2") == []


def test_set_status_reads_a_reference_ignoring_case(desk: Desk) -> None:
    desk.set_status("sv-p1", "UPHELD")
    assert desk.state("SV-P1").status is Status.UPHELD


@pytest.mark.parametrize(
    ("ref", "status"),
    [
        ("SV-P1", "completed"),  # a principle is not completed
        ("SV-C1", "upheld"),  # a commitment is not upheld
        ("SV-P1", Status.NOT_STARTED),
        ("SV-C1", Status.BREACHED),
        ("SV-C1", "finished"),  # no such status
        ("SV-C1", ""),
        ("SV-C1", "3"),
    ],
)
def test_a_status_off_the_scale_is_refused_and_nothing_written(
    desk: Desk, ref: str, status: Status | str
) -> None:
    before = _counts(desk)
    with pytest.raises(UserError):
        desk.set_status(ref, status)
    with pytest.raises(UserError):
        desk.set_status(ref, status, note="a note that must not be saved")
    assert _counts(desk) == before
    assert desk.state(ref).status is Status.NOT_ASSESSED
    assert desk.notes(ref) == []


def test_an_unknown_clause_is_refused(desk: Desk) -> None:
    before = _counts(desk)
    with pytest.raises(NotFoundError):
        desk.set_status("SV-C99", "completed")
    with pytest.raises(NotFoundError):
        desk.add_note("SV-X", "text")
    assert _counts(desk) == before


def test_setting_the_same_status_again_changes_nothing(desk: Desk) -> None:
    desk.set_status("SV-C2", "advanced")
    before = _counts(desk)
    state = desk.state("SV-C2")
    outcome = desk.set_status("SV-C2", "advanced")
    assert not outcome.status_changed and not outcome.notes_changed
    assert "already" in outcome.message
    assert _counts(desk) == before
    assert desk.state("SV-C2") == state


def test_set_status_with_a_note_adds_the_note(desk: Desk) -> None:
    outcome = desk.set_status("SV-C3", "initiated", note="Customs points opened at Torkham")
    assert outcome.status_changed and outcome.notes_changed
    notes = desk.notes("SV-C3")
    assert [(n.id, n.text, n.author) for n in notes] == [
        (outcome.note_id, "Customs points opened at Torkham", "Test Officer")
    ]
    kinds = [change.kind for change in desk.history("SV-C3")]
    assert kinds == [ChangeKind.STATUS, ChangeKind.NOTE_ADDED]


def test_the_same_status_with_a_note_adds_only_the_note(desk: Desk) -> None:
    desk.set_status("SV-C3", "initiated")
    outcome = desk.set_status("SV-C3", "initiated", note="Still under way")
    assert not outcome.status_changed and outcome.notes_changed
    assert [n.text for n in desk.notes("SV-C3")] == ["Still under way"]
    assert [c.kind for c in desk.history("SV-C3")] == [ChangeKind.STATUS, ChangeKind.NOTE_ADDED]


def test_set_status_with_an_empty_note_is_refused_whole(desk: Desk) -> None:
    before = _counts(desk)
    with pytest.raises(UserError):
        desk.set_status("SV-C3", "initiated", note="   ")
    assert _counts(desk) == before
    assert desk.state("SV-C3").status is Status.NOT_ASSESSED


# -- notes ------------------------------------------------------------------------------


def test_add_note(desk: Desk, clock: Any) -> None:
    start = clock.now
    outcome = desk.add_note("SV-C1", "Met the liaison officer")
    assert outcome.notes_changed and outcome.note_id is not None
    [note] = desk.notes("SV-C1")
    assert (note.id, note.clause_ref, note.text, note.author) == (
        outcome.note_id,
        "SV-C1",
        "Met the liaison officer",
        "Test Officer",
    )
    assert start < note.created_at <= clock.now
    assert note.edited_at is None and note.revisions == ()
    [change] = desk.history("SV-C1")
    assert (change.kind, change.after) == (ChangeKind.NOTE_ADDED, str(note.id))


def test_history_never_holds_note_text(desk: Desk) -> None:
    note_id = desk.add_note("SV-C1", "secret wording").note_id
    assert note_id is not None
    desk.edit_note(note_id, "other secret wording")
    for change in desk.history("SV-C1"):
        assert "secret" not in f"{change.before} {change.after}"


def test_edit_note_keeps_the_earlier_wording(desk: Desk, clock: Any) -> None:
    note_id = desk.add_note("SV-C2", "first wording").note_id
    assert note_id is not None
    [note] = desk.notes("SV-C2")
    created = note.created_at
    start = clock.now
    outcome = desk.edit_note(note_id, "second wording")
    assert outcome.notes_changed and outcome.clause_ref == "SV-C2"
    [note] = desk.notes("SV-C2")
    assert note.text == "second wording"
    assert note.created_at == created
    assert note.edited_at is not None
    assert start < note.edited_at <= clock.now
    edited = note.edited_at
    assert [(r.text, r.replaced_at, r.replaced_by) for r in note.revisions] == [
        ("first wording", edited, "Test Officer")
    ]
    desk.edit_note(note_id, "third wording")
    [note] = desk.notes("SV-C2")
    assert [r.text for r in note.revisions] == ["first wording", "second wording"]
    kinds = [change.kind for change in desk.history("SV-C2")]
    assert kinds == [ChangeKind.NOTE_ADDED, ChangeKind.NOTE_EDITED, ChangeKind.NOTE_EDITED]


def test_editing_to_the_same_text_changes_nothing(desk: Desk) -> None:
    note_id = desk.add_note("SV-C2", "wording").note_id
    assert note_id is not None
    before = _counts(desk)
    outcome = desk.edit_note(note_id, "wording")
    assert not outcome.notes_changed
    assert _counts(desk) == before


@pytest.mark.parametrize("text", ["", " ", "\n\t  \n", "x" * (MAX_NOTE_CHARS + 1)])
def test_an_empty_or_oversized_note_is_refused(desk: Desk, text: str) -> None:
    note_id = desk.add_note("SV-C2", "kept").note_id
    assert note_id is not None
    before = _counts(desk)
    with pytest.raises(UserError):
        desk.add_note("SV-C2", text)
    with pytest.raises(UserError):
        desk.edit_note(note_id, text)
    assert _counts(desk) == before
    assert [n.text for n in desk.notes("SV-C2")] == ["kept"]


def test_a_note_of_the_largest_size_is_kept_whole(desk: Desk) -> None:
    text = "ab" * (MAX_NOTE_CHARS // 2)
    desk.add_note("SV-R1", text)
    assert [n.text for n in desk.notes("SV-R1")] == [text]


@pytest.mark.parametrize("text", HOSTILE_NOTES)
def test_note_text_is_stored_exactly_as_typed(desk: Desk, data_dir: Path, text: str) -> None:
    note_id = desk.add_note("SV-P3", text).note_id
    assert note_id is not None
    assert [n.text for n in desk.notes("SV-P3")] == [text]
    assert _note_row(desk, note_id)["text"] == text
    desk.edit_note(note_id, text + "!")
    [note] = desk.notes("SV-P3")
    assert note.text == text + "!"
    assert [r.text for r in note.revisions] == [text]


def test_hostile_text_survives_a_restart(opened: Any, reopen: Any) -> None:
    for text in HOSTILE_NOTES:
        opened.desk.add_note("SV-P3", text)
    opened.close()
    again = reopen()
    try:
        assert [n.text for n in again.desk.notes("SV-P3")] == HOSTILE_NOTES
    finally:
        again.close()


def test_note_texts_hold_live_notes_only(desk: Desk) -> None:
    desk.add_note("SV-C1", "first")
    gone = desk.add_note("SV-C1", "deleted words").note_id
    desk.add_note("SV-P2", "on a principle")
    desk.add_note("SV-C2", "withdrawn words")
    assert gone is not None
    desk.delete_note(gone)
    desk.undo()  # withdraws the last note
    assert desk.note_words() == {"SV-C1": "first", "SV-P2": "on a principle"}


def test_delete_note_scrubs_the_text_and_its_revisions(desk: Desk) -> None:
    note_id = desk.add_note("SV-C5", "first").note_id
    assert note_id is not None
    desk.edit_note(note_id, "second")
    desk.add_note("SV-C5", "another note")
    assert _note_row(desk, note_id)["revisions"] == 1

    outcome = desk.delete_note(note_id)
    assert outcome.notes_changed and outcome.clause_ref == "SV-C5"
    row = _note_row(desk, note_id)
    assert (row["text"], row["removed"], row["revisions"]) == ("", "deleted", 0)
    assert [n.text for n in desk.notes("SV-C5")] == ["another note"]
    assert desk.history("SV-C5")[-1].kind is ChangeKind.NOTE_DELETED

    with pytest.raises(NotFoundError):
        desk.delete_note(note_id)
    with pytest.raises(NotFoundError):
        desk.edit_note(note_id, "back from the dead")
    assert _note_row(desk, note_id)["text"] == ""


def test_an_unknown_note_is_refused(desk: Desk) -> None:
    before = _counts(desk)
    with pytest.raises(NotFoundError):
        desk.edit_note(999, "text")
    with pytest.raises(NotFoundError):
        desk.delete_note(999)
    assert _counts(desk) == before


MARKER = "QZX-MARKER-7731"


def _files(data_dir: Path) -> dict[str, bytes]:
    found = {}
    for path in data_dir.rglob("vision-desk.sqlite3*"):
        found[path.name] = path.read_bytes()
    return found


def _assert_marker_gone(data_dir: Path) -> None:
    files = _files(data_dir)
    assert "vision-desk.sqlite3" in files
    for name, data in files.items():
        assert MARKER.encode() not in data, name
        assert MARKER.encode("utf-16-le") not in data, name


@pytest.mark.file_only  # about the store's files
def test_a_deleted_note_is_gone_from_the_database_files(opened: Any, data_dir: Path) -> None:
    desk = opened.desk
    short = desk.add_note("SV-C1", f"{MARKER} short").note_id
    desk.edit_note(short, f"{MARKER} edited once")
    desk.edit_note(short, f"{MARKER} edited twice")
    # Long enough to spill onto overflow pages.
    long = desk.add_note("SV-C2", f"{MARKER} " + "long text " * 2000).note_id
    via_status = desk.set_status("SV-C3", "initiated", note=f"{MARKER} with status").note_id
    desk.add_note("SV-C4", "unrelated note")
    # The marker really was on disk before the deletion.
    assert any(MARKER.encode() in data for data in _files(data_dir).values())

    for note_id in (short, long, via_status):
        desk.delete_note(note_id)

    # While the desk is still open: neither the file nor the WAL keeps the words.
    _assert_marker_gone(data_dir)
    opened.close()
    _assert_marker_gone(data_dir)


# -- the board --------------------------------------------------------------------------


def _row(board: Any, ref: str) -> Any:
    return next(row for row in board.rows if row.clause.ref == ref)


@pytest.mark.parametrize(
    ("as_of", "overdue", "due_soon"),
    [
        (dt.date(2020, 11, 1), [], []),
        (dt.date(2020, 11, 14), [], ["SV-C4"]),
        (dt.date(2020, 11, 15), [], ["SV-C1", "SV-C4"]),
        (dt.date(2020, 11, 20), [], ["SV-C1", "SV-C4"]),
        (dt.date(2020, 12, 10), [], ["SV-C1", "SV-C2", "SV-C3", "SV-C4"]),
        (dt.date(2020, 12, 11), ["SV-C4"], ["SV-C1", "SV-C2", "SV-C3"]),
        (dt.date(2020, 12, 15), ["SV-C4"], ["SV-C1", "SV-C2", "SV-C3"]),
        (dt.date(2020, 12, 16), ["SV-C1", "SV-C4"], ["SV-C2", "SV-C3"]),
        (dt.date(2021, 1, 2), ["SV-C1", "SV-C2", "SV-C3", "SV-C4"], []),
        (dt.date(2021, 3, 31), ["SV-C1", "SV-C2", "SV-C3", "SV-C4"], ["SV-C6"]),
        (dt.date(2021, 4, 1), ["SV-C1", "SV-C2", "SV-C3", "SV-C4", "SV-C6"], []),
    ],
)
def test_board_flags_as_of_a_date(
    desk: Desk, as_of: dt.date, overdue: list[str], due_soon: list[str]
) -> None:
    board = desk.board(as_of)
    assert board.as_of == as_of
    assert list(board.summary.overdue) == overdue
    assert list(board.summary.due_soon) == due_soon
    flagged_overdue = [row.clause.ref for row in board.rows if Flag.OVERDUE in row.flags]
    flagged_soon = [row.clause.ref for row in board.rows if Flag.DUE_SOON in row.flags]
    assert flagged_overdue == overdue
    assert flagged_soon == due_soon


def test_a_closed_commitment_is_never_overdue(desk: Desk) -> None:
    late = dt.date(2021, 6, 1)
    desk.set_status("SV-C1", "completed")
    desk.set_status("SV-C2", "overtaken")
    desk.set_status("SV-C3", "advanced")
    board = desk.board(late)
    assert "SV-C1" not in board.summary.overdue
    assert "SV-C2" not in board.summary.overdue
    assert "SV-C3" in board.summary.overdue
    assert _row(board, "SV-C1").flags == ()
    assert _row(board, "SV-C1").days_left == (dt.date(2020, 12, 15) - late).days


def test_board_shows_statuses_and_counts_shares_to_100(desk: Desk) -> None:
    desk.set_status("SV-C1", "completed")
    desk.set_status("SV-C2", "initiated")
    desk.set_status("SV-C3", "advanced")
    desk.set_status("SV-C4", "not_started")
    desk.set_status("SV-C5", "overtaken")
    desk.set_status("SV-R1", "completed")  # related: outside the index
    desk.set_status("SV-P1", "upheld")
    board = desk.board(dt.date(2021, 1, 10))
    assert _row(board, "SV-C1").status is Status.COMPLETED
    assert _row(board, "SV-C1").score == 3
    assert _row(board, "SV-C5").score is None
    summary = board.summary
    assert sum(summary.commitment_counts.values()) == 8
    assert summary.commitment_counts[Status.NOT_ASSESSED] == 3
    assert sum(summary.commitment_shares.values()) == 100
    # Equal counts, equal shares, printed as the desk and the memo print them.
    counts, shares = summary.commitment_counts, summary.commitment_shares
    for status, other in itertools.combinations(counts, 2):
        if counts[status] == counts[other]:
            assert shares[status] == shares[other]
    # 3 + 1 + 2 + 0 over 3 x 4 scored commitments; overtaken and not assessed left out.
    assert summary.implementation_index == Fraction(6, 12)
    assert summary.principle_counts[Status.UPHELD] == 1


@pytest.mark.parametrize("statuses", [[], ["completed"], ["completed", "initiated", "advanced"]])
def test_shares_add_to_100_whatever_the_split(desk: Desk, statuses: list[str]) -> None:
    for index, status in enumerate(statuses, start=1):
        desk.set_status(f"SV-C{index}", status)
    shares = desk.board(dt.date(2021, 1, 10)).summary.commitment_shares
    assert sum(shares.values()) == 100


def test_board_counts_live_notes_only(desk: Desk) -> None:
    first = desk.add_note("SV-C1", "one").note_id
    desk.add_note("SV-C1", "two")
    desk.add_note("SV-C1", "three")
    desk.add_note("SV-P2", "principle note")
    assert first is not None
    desk.delete_note(first)
    desk.undo()  # withdraws the note on SV-P2, the last action
    board = desk.board(dt.date(2021, 1, 10))
    assert _row(board, "SV-C1").note_count == 2
    assert _row(board, "SV-P2").note_count == 0
    desk.undo()  # withdraws "three"
    board = desk.board(dt.date(2021, 1, 10))
    assert _row(board, "SV-C1").note_count == 1
    assert _row(board, "SV-C2").note_count == 0


@pytest.mark.parametrize("text", ["x\ud800y", "\udfff", "ok \U0001f600 then \ud83d alone"])
def test_a_note_with_a_broken_character_is_refused_cleanly(desk: Desk, text: str) -> None:
    note_id = desk.add_note("SV-C6", "kept").note_id
    assert note_id is not None
    before = _counts(desk)
    with pytest.raises(UserError, match="broken character") as raised:
        desk.add_note("SV-C6", text)
    assert raised.value.__cause__ is None and raised.value.__context__ is None
    with pytest.raises(UserError, match="broken character"):
        desk.edit_note(note_id, text)
    with pytest.raises(UserError, match="broken character"):
        desk.set_status("SV-C6", "initiated", note=text)
    assert _counts(desk) == before
    assert [n.text for n in desk.notes("SV-C6")] == ["kept"]


def test_a_note_with_a_nul_character_is_refused_on_every_store(desk: Desk) -> None:
    note_id = desk.add_note("SV-C6", "kept").note_id
    assert note_id is not None
    before = _counts(desk)
    for change in (
        lambda: desk.add_note("SV-C6", "pasted\x00here"),
        lambda: desk.edit_note(note_id, "\x00"),
        lambda: desk.set_status("SV-C6", "initiated", note="a\x00"),
    ):
        with pytest.raises(UserError, match="NUL character at position"):
            change()
    assert _counts(desk) == before
    assert [n.text for n in desk.notes("SV-C6")] == ["kept"]


@settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    text=st.text(
        # Every character a store keeps: not NUL, refused above.
        alphabet=st.characters(codec="utf-8", blacklist_characters="\x00"),
        min_size=1,
        max_size=300,
    ).filter(lambda t: t.strip() != "")
)
def test_any_note_text_comes_back_exactly(desk: Desk, text: str) -> None:
    note_id = desk.add_note("SV-R2", text).note_id
    assert note_id is not None
    assert desk.notes("SV-R2")[-1].text == text
    desk.edit_note(note_id, text + "\n")
    desk.undo()
    assert desk.notes("SV-R2")[-1].text == text
