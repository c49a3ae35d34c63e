"""The desk session without Qt: each command's effect on the board, and what it
asks the window to repaint."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

import pytest

from vision_desk.domain.agreement import ClauseKind
from vision_desk.domain.search import Filters
from vision_desk.domain.status import Status
from vision_desk.errors import UserError
from vision_desk.services import session_changes as changes
from vision_desk.services.desk import Desk
from vision_desk.services.desk_session import DeskSession
from vision_desk.services.repaint import Repaint
from vision_desk.services.rounds import Rounds
from vision_desk.services.session_reads import read_live

TODAY = dt.date(2021, 1, 10)
KEYS = {"round.open": "Ctrl+Shift+N", "round.close": "Ctrl+Shift+E", "view.live": "Ctrl+Shift+L"}


def _session(desk: Desk, live: bool = True) -> DeskSession:
    session = DeskSession(desk.board(TODAY), TODAY, lambda command: KEYS.get(command, "?"))
    if live:
        session.attach(read_live(desk, Rounds(desk), TODAY))
    return session


@pytest.fixture
def session(desk: Desk) -> DeskSession:
    return _session(desk)


def _shown(session: DeskSession) -> list[str]:
    return session.list.refs()


# -- moving -----------------------------------------------------------------------------


def test_the_list_is_grouped_and_starts_on_its_first_clause(session: DeskSession) -> None:
    assert _shown(session)[:3] == ["SV-P1", "SV-P2", "SV-P6"]
    assert session.current_ref == "SV-P1"
    assert "Principles · political" in [
        entry.title for entry in session.list.entries if not hasattr(entry, "clause")
    ]


def test_step_first_last_hold_at_the_ends(session: DeskSession) -> None:
    assert session.step(1) == Repaint(current=True)
    assert session.current_ref == "SV-P2"
    session.last()
    assert session.current_ref == "SV-R6"
    assert session.step(1) == Repaint(current=True)  # held at the end, brought into view
    assert session.current_ref == "SV-R6"
    session.first()
    assert session.current_ref == "SV-P1"
    assert session.step(-1).current and session.current_ref == "SV-P1"


def test_next_overdue_wraps_round_and_says_when_there_is_none(session: DeskSession) -> None:
    found = []
    for _ in range(5):
        session.next_overdue()
        found.append(session.current_ref)
    assert found == ["SV-C1", "SV-C2", "SV-C3", "SV-C4", "SV-C1"]
    session.set_filters(Filters(kind=ClauseKind.PRINCIPLE))
    assert session.next_overdue().message == "Nothing is overdue among the clauses shown."


def test_selecting_a_clause_not_shown_changes_nothing(session: DeskSession) -> None:
    session.set_filters(Filters(kind=ClauseKind.COMMITMENT))
    assert session.select("SV-NOPE") == Repaint()
    assert session.select(session.current_ref) == Repaint()


# -- filters and search -----------------------------------------------------------------------


def test_toggles_and_clear_keep_the_current_clause_when_shown(session: DeskSession) -> None:
    session.select("SV-C2")
    repaint = session.toggle("overdue")
    assert repaint.filters and repaint.list
    assert _shown(session) == ["SV-C1", "SV-C2", "SV-C3", "SV-C4"]
    assert session.current_ref == "SV-C2"
    session.toggle("overdue")
    assert len(_shown(session)) == 24
    session.set_filters(Filters(status=Status.COMPLETED))
    assert _shown(session) == [] and session.current_ref is None
    cleared = session.clear_filters()
    assert cleared.message == "Search and filters cleared."
    assert session.filters == Filters() and len(_shown(session)) == 24


def test_search_before_the_store_is_open_finds_clause_words_then_notes(desk: Desk) -> None:
    desk.add_note("SV-P3", "The hotline rang twice.")
    session = _session(desk, live=False)
    repaint = session.set_filters(Filters(text="hotline"))
    assert repaint.typing and repaint.list
    assert _shown(session) == []  # the notes' words are not read yet
    repaint = session.attach(read_live(desk, Rounds(desk), TODAY))
    assert repaint.list  # the search runs again, now over the notes too
    assert _shown(session) == ["SV-P3"]


def test_a_search_is_ranked_reference_first_and_ungrouped(session: DeskSession) -> None:
    session.set_filters(Filters(text="sv-c1"))
    assert not session.list.grouped
    assert _shown(session) == ["SV-C1"]


def test_due_for_review_filter(session: DeskSession, desk: Desk) -> None:
    rounds = Rounds(desk)
    rounds.set_cadence("SV-C1", 30)
    session.reload()
    assert "SV-C1" in session.due_review
    session.toggle("due_review")
    assert session.due_review_only and "SV-C1" in _shown(session)
    assert set(_shown(session)) == set(session.due_review)


# -- statuses and notes -------------------------------------------------------------------------


def test_a_status_is_written_and_repaints_its_row_and_the_summary(
    session: DeskSession, desk: Desk
) -> None:
    session.select("SV-C1")
    repaint = changes.set_status(session, Status.ADVANCED, ClauseKind.COMMITMENT)
    assert repaint.rows == frozenset({"SV-C1"}) and repaint.summary and repaint.pane
    assert not repaint.ask_reason  # no round is open
    assert desk.state("SV-C1").status is Status.ADVANCED
    assert session.current_row().status is Status.ADVANCED  # type: ignore[union-attr]
    assert session.summary.commitment_counts[Status.ADVANCED] == 1
    assert "SV-C1" in session.summary.overdue  # advanced is not done: still overdue


@pytest.mark.parametrize(
    ("ref", "status", "scale", "words"),
    [
        ("SV-P1", Status.ADVANCED, ClauseKind.COMMITMENT, "SV-P1 is a principle"),
        ("SV-C1", Status.UPHELD, ClauseKind.PRINCIPLE, "SV-C1 is a commitment"),
        ("SV-C1", Status.UPHELD, None, "SV-C1 is a commitment"),
    ],
)
def test_a_status_from_the_wrong_scale_is_refused(
    session: DeskSession, desk: Desk, ref: str, status: Status, scale: Any, words: str
) -> None:
    session.select(ref)
    with pytest.raises(UserError, match=words):
        changes.set_status(session, status, scale)
    assert desk.state(ref).status is Status.NOT_ASSESSED


def test_in_a_round_a_status_asks_why_and_the_reason_moves_on(
    session: DeskSession, desk: Desk
) -> None:
    opened = changes.open_round(session, "January review", TODAY)
    assert "is open" in opened.message
    assert session.progress is not None and session.progress.assessed == 0
    session.select("SV-C1")
    repaint = changes.set_status(session, Status.INITIATED, ClauseKind.COMMITMENT)
    assert repaint.ask_reason
    saved = changes.save_note(session, None, "Heads of service met.", rationale=True)
    assert saved.current and session.current_ref != "SV-C1"  # on to the next one
    assert session.current_row().round_assessed is False  # type: ignore[union-attr]
    assert session.progress.assessed == 1
    assert [note.text for note in desk.notes("SV-C1")] == ["Heads of service met."]


def test_closing_a_round_seals_it_and_reads_the_board_afresh(session: DeskSession) -> None:
    changes.open_round(session, "January review", TODAY)
    session.select("SV-C1")
    changes.set_status(session, Status.COMPLETED, ClauseKind.COMMITMENT)
    assert changes.round_to_close(session).text == "1 of 24 assessed"
    closed, repaint = changes.close_round(session)
    assert closed.content_hash and closed.content_hash in repaint.message
    assert repaint.board and session.progress is None
    with pytest.raises(UserError, match="No review round is open"):
        changes.round_to_close(session)
    assert session.next_unassessed().message.startswith("No review round is open; Ctrl+Shift+N")


def test_notes_edit_delete_undo_redo(session: DeskSession, desk: Desk) -> None:
    session.select("SV-C2")
    added = changes.save_note(session, None, "First draft")
    assert added.notes and added.rows == frozenset({"SV-C2"})
    note = desk.notes("SV-C2")[0]
    assert changes.note_text(session, note.id) == "First draft"
    changes.save_note(session, note.id, "Second draft")
    assert desk.notes("SV-C2")[0].text == "Second draft"
    undone = changes.replay(session, redo=False)
    assert undone.message.startswith("Undone") and desk.notes("SV-C2")[0].text == "First draft"
    changes.replay(session, redo=True)
    assert desk.notes("SV-C2")[0].text == "Second draft"
    changes.check_deletable(session, note.id)
    changes.delete_note(session, note.id)
    assert desk.notes("SV-C2") == []
    assert session.current_row().note_count == 0  # type: ignore[union-attr]


def test_nothing_changes_before_the_store_is_open(desk: Desk) -> None:
    session = _session(desk, live=False)
    session.select("SV-C1")
    with pytest.raises(UserError, match="still opening"):
        changes.set_status(session, Status.ADVANCED, ClauseKind.COMMITMENT)
    assert session.set_as_of(dt.date(2022, 1, 1)).message.startswith("The store is still")
    assert session.as_of == TODAY


# -- the board ----------------------------------------------------------------------------------


def test_the_review_date_reads_the_board_afresh(session: DeskSession) -> None:
    repaint = session.set_as_of(dt.date(2020, 12, 1))
    assert repaint.board and repaint.message == "Showing the board as of 1 December 2020."
    assert session.summary.overdue == ()
    assert session.board_date == dt.date(2020, 12, 1)


def test_a_past_board_is_read_only_until_back_to_live(session: DeskSession, desk: Desk) -> None:
    session.select("SV-C1")
    changes.set_status(session, Status.ADVANCED, ClauseKind.COMMITMENT)
    past = Rounds(desk).board_on(dt.date(2021, 1, 1))
    session.show_past(past, "the board as it stood on 1 January 2021")
    assert session.read_only and session.board_date == past.as_of
    assert session.current_row().status is Status.NOT_ASSESSED  # type: ignore[union-attr]
    with pytest.raises(UserError, match=r"This board is read-only; Ctrl\+Shift\+L returns"):
        changes.set_status(session, Status.COMPLETED, ClauseKind.COMMITMENT)
    assert session.back_to_live().message == "Back to the live board."
    assert session.current_row().status is Status.ADVANCED  # type: ignore[union-attr]
    assert session.back_to_live().message == "This is the live board."


def test_a_past_board_stays_as_it_stood_when_another_officer_changes_a_clause(
    session: DeskSession, desk: Desk, second_officer: Desk
) -> None:
    session.show_past(Rounds(desk).board_on(dt.date(2020, 1, 1)), "1 January 2020")
    second_officer.set_status("SV-C3", Status.COMPLETED)
    repaint = session.apply_elsewhere(session.elsewhere_reader()())
    assert session.rows["SV-C3"].status is Status.NOT_ASSESSED  # as it stood
    assert "SV-C3 by Second Officer" in repaint.message
    session.back_to_live()
    assert session.rows["SV-C3"].status is Status.COMPLETED


def test_a_change_made_elsewhere_is_applied_the_same_way(session: DeskSession, opened: Any) -> None:
    """Another desk on the same store (another officer, later) changes a clause; the
    session applies that outcome as it applies its own."""
    other = Desk(opened.desk.store, "Second officer")
    outcome = other.set_status("SV-C3", Status.COMPLETED)
    repaint = session.apply(outcome)
    assert repaint.rows == frozenset({"SV-C3"}) and repaint.summary
    assert session.rows["SV-C3"].status is Status.COMPLETED
    assert "SV-C3" not in session.summary.overdue


def test_going_live_on_an_unchanged_store_keeps_the_list(desk: Desk) -> None:
    session = _session(desk, live=False)
    before = session.list
    repaint = session.attach(read_live(desk, Rounds(desk), TODAY))
    assert session.list is before and not repaint.list
    assert repaint.notes and repaint.summary


def test_the_session_loads_neither_qt_nor_the_store_libraries() -> None:
    """Built at the first paint, before the store's libraries load."""
    code = (
        "import sys, vision_desk.services.desk_session, vision_desk.services.session_changes;"
        "print(sorted(m for m in ('PySide6', 'sqlalchemy', 'alembic') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_after_a_restore_the_notes_index_is_read_again_and_misses_nothing(
    session: DeskSession, desk: Desk
) -> None:
    session.select("SV-C2")
    changes.save_note(session, None, "Talks on the ferry timetable.")
    session.reload(forget_search=True)  # as after a restore or a switch of agreement
    assert session.needs_search_index
    session.set_filters(Filters(text="ferry"))
    assert _shown(session) == []  # the clauses' own words only, until the index is read
    read = session.search_index_reader()
    # A note written while the index is being read is not lost to search.
    session.select("SV-C3")
    changes.save_note(session, None, "The lorry park opened.")
    repaint = session.set_search_index(read())
    assert repaint.list and not session.needs_search_index
    assert _shown(session) == ["SV-C2"]
    session.set_filters(Filters(text="lorry park"))
    assert _shown(session) == ["SV-C3"]


def test_an_index_read_for_another_agreement_is_dropped(session: DeskSession) -> None:
    session.reload(forget_search=True)
    read = session.search_index_reader()
    index = read()
    stale = type(index)("another-agreement", index.search)
    assert session.set_search_index(stale) == Repaint()
    assert session.needs_search_index


def test_while_a_round_is_open_the_board_is_at_the_rounds_date(session: DeskSession) -> None:
    assert session.board_date == TODAY and "SV-C1" in session.summary.overdue
    changes.open_round(session, "December review", dt.date(2020, 12, 10))
    assert session.board_date == dt.date(2020, 12, 10)
    assert session.summary.overdue == ()  # nothing was due before 15 December 2020
    assert session.current_row().as_of == dt.date(2020, 12, 10)  # type: ignore[union-attr]
    # The officer may look at another date; the round's date again means "follow it".
    session.set_as_of(dt.date(2021, 2, 1))
    assert (session.board_date, session.chosen_date) == (dt.date(2021, 2, 1), dt.date(2021, 2, 1))
    session.set_as_of(dt.date(2020, 12, 10))
    assert session.chosen_date is None
    changes.close_round(session)
    assert session.board_date == TODAY  # no round open: today again


def test_going_live_reads_the_board_at_the_open_rounds_date(desk: Desk) -> None:
    Rounds(desk).open("December review", dt.date(2020, 12, 10))
    session = _session(desk, live=False)
    assert session.board_date == TODAY  # the first board: the store's rounds not read yet
    repaint = session.attach(read_live(desk, Rounds(desk), TODAY))
    assert repaint.board and session.board_date == dt.date(2020, 12, 10)


def test_a_chosen_date_is_kept_over_an_open_round(desk: Desk) -> None:
    Rounds(desk).open("December review", dt.date(2020, 12, 10))
    chosen = dt.date(2021, 3, 1)
    session = DeskSession(desk.board(chosen), TODAY, chosen_date=chosen)
    session.attach(read_live(desk, Rounds(desk), TODAY, chosen))
    assert session.board_date == chosen


def test_opening_a_clause_clears_what_hides_it(session: DeskSession) -> None:
    session.set_filters(Filters(kind=ClauseKind.PRINCIPLE))
    repaint = session.open_clause("SV-C4")
    assert repaint.filters and repaint.current
    assert session.current_ref == "SV-C4" and session.filters == Filters()
    shown = session.open_clause("SV-C1")
    assert not shown.filters and session.current_ref == "SV-C1"  # shown: filters kept
    assert session.open_clause("SV-X9").message.startswith("There is no clause SV-X9")
