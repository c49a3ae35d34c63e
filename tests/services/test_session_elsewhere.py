"""Changes other officers make on the same desk reach an open session: read after
the last change it saw, taken in without moving the officer, named in a message."""

from __future__ import annotations

import datetime as dt
from typing import Any

from vision_desk.domain.search import Filters
from vision_desk.domain.status import Status
from vision_desk.services.desk import Desk
from vision_desk.services.desk_session import DeskSession
from vision_desk.services.rounds import Rounds
from vision_desk.services.session_reads import read_live

TODAY = dt.date(2021, 1, 10)


def _session(desk: Desk) -> DeskSession:
    session = DeskSession(desk.board(TODAY), TODAY)
    session.attach(read_live(desk, Rounds(desk), TODAY))
    return session


def _look(session: DeskSession) -> Any:
    return session.apply_elsewhere(session.elsewhere_reader()())


def test_another_officers_change_is_taken_in_without_moving_the_officer(
    desk: Desk, second_officer: Desk
) -> None:
    session = _session(desk)
    session.select("SV-P2")
    other = second_officer
    other.set_status("SV-C3", Status.COMPLETED)
    other.add_note("SV-C3", "Connectivity proposal signed in Tashkent")

    repaint = _look(session)

    assert session.current_ref == "SV-P2" and not repaint.current
    assert session.rows["SV-C3"].status is Status.COMPLETED
    assert session.rows["SV-C3"].note_count == 1
    assert "SV-C3" not in session.summary.overdue and repaint.summary
    assert repaint.rows == frozenset({"SV-C3"})
    assert repaint.message == "Changed on the desk: SV-C3 by Second Officer."
    # Search finds the other officer's words.
    session.set_filters(Filters(text="tashkent"))
    assert session.list.refs() == ["SV-C3"]


def test_nothing_new_is_nothing_to_do_and_a_look_is_never_taken_twice(
    desk: Desk, second_officer: Desk
) -> None:
    session = _session(desk)
    first = session.elsewhere_reader()
    second_officer.set_status("SV-C1", Status.INITIATED)
    seen = first()
    assert _look_again(session, seen).rows == frozenset({"SV-C1"})
    assert not _look_again(session, seen).rows  # the same look again: dropped
    assert not _look(session).rows  # nothing newer


def _look_again(session: DeskSession, seen: Any) -> Any:
    return session.apply_elsewhere(seen)


def test_the_current_clause_changed_elsewhere_is_shown_again_in_place(
    desk: Desk, second_officer: Desk
) -> None:
    session = _session(desk)
    session.select("SV-C2")
    second_officer.add_note("SV-C2", "Draft exchanged on 3 Dec")
    repaint = _look(session)
    assert session.current_ref == "SV-C2"
    assert repaint.pane and repaint.notes and not repaint.current


def test_the_officers_own_changes_are_not_announced(desk: Desk) -> None:
    session = _session(desk)
    session.apply(desk.set_status("SV-C1", Status.INITIATED))
    repaint = _look(session)
    assert not repaint.message
    assert session.rows["SV-C1"].status is Status.INITIATED


def test_a_look_at_another_agreement_is_dropped(desk: Desk, second_officer: Desk) -> None:
    session = _session(desk)
    second_officer.set_status("SV-C1", Status.INITIATED)
    seen = session.elsewhere_reader()()
    from dataclasses import replace

    assert session.apply_elsewhere(replace(seen, agreement_id="another")).rows == frozenset()
    assert session.rows["SV-C1"].status is Status.NOT_ASSESSED


def test_a_change_that_commits_after_a_later_one_is_not_missed(
    desk: Desk, second_officer: Desk
) -> None:
    """Ids are given when a change is written, not when it commits: with officers
    writing at once, a look may pass a higher id before a lower one commits. Each
    look reads again below the newest it has seen."""
    session = _session(desk)
    second_officer.set_status("SV-C1", Status.INITIATED)  # the late one
    second_officer.set_status("SV-C2", Status.ADVANCED)
    newest = desk.last_change_id()
    # As if the look had seen only the later change, the earlier not yet committed.
    session.last_change_seen, session.recent_changes = newest, {newest}

    repaint = _look(session)

    assert repaint.rows == frozenset({"SV-C1"})
    assert session.rows["SV-C1"].status is Status.INITIATED
    assert not _look(session).rows  # and taken in once


def test_changes_made_before_the_desk_opened_are_not_announced(
    desk: Desk, second_officer: Desk
) -> None:
    second_officer.set_status("SV-C1", Status.INITIATED)
    session = _session(desk)
    repaint = _look(session)
    assert not repaint.rows and not repaint.message


def test_a_new_change_is_seen_however_many_were_seen_just_before(
    desk: Desk, second_officer: Desk, monkeypatch: Any
) -> None:
    """The changes read again below the newest never fill a look's limit: with a
    busy history, a look still reaches what is new (shrunk here to a few)."""
    from vision_desk.services import session_updates
    from vision_desk.storage import board_read

    monkeypatch.setattr(session_updates, "OVERLAP", 3)
    monkeypatch.setattr(board_read, "CHANGES_PER_LOOK", 3)
    session = _session(desk)
    for ref in ("SV-C1", "SV-C2", "SV-C3", "SV-C4", "SV-C6"):
        second_officer.set_status(ref, Status.INITIATED)
        _look(session)
    second_officer.set_status("SV-C5", Status.ADVANCED)
    assert _look(session).rows == frozenset({"SV-C5"})
    assert session.rows["SV-C5"].status is Status.ADVANCED


def test_a_round_opened_elsewhere_is_seen_though_no_clause_changed(
    desk: Desk, second_officer: Desk
) -> None:
    session = _session(desk)
    assert session.progress is None
    Rounds(second_officer).open("January", TODAY)
    repaint = _look(session)
    assert session.progress is not None and repaint.summary


def test_a_step_of_sign_off_taken_elsewhere_reaches_the_summary(
    desk: Desk, second_officer: Desk
) -> None:
    from vision_desk.domain.signoff import Stage, Step
    from vision_desk.services.signoff import SignOffs

    Rounds(second_officer).open("January", TODAY)
    Rounds(second_officer).close()  # submitted by the second officer
    session = _session(desk)
    assert session.sign_off is not None and session.sign_off.stage is Stage.SUBMITTED
    assert session.round_text().startswith("Round “January” submitted, awaiting review")
    SignOffs(desk).take(Step.REVIEWED)  # "Test Officer" is a director on the server
    repaint = _look(session)
    assert repaint.summary and session.sign_off.stage is Stage.REVIEWED
    assert session.round_text().startswith("Round “January” reviewed, awaiting approval")
    assert not _look(session).summary  # seen once
