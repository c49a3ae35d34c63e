"""An event's date reaches the open desk: recorded here (``session_changes``) or by
another officer (the live look), every deadline counted from it moves at once:
the rows, the overdue filter and the summary, which a later status change keeps
counting the same way. Closed rounds keep what they knew when they closed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from highland import ID, RELEASED, import_highland

from vision_desk.domain.memo import MemoOptions
from vision_desk.domain.rules import Flag, summarise
from vision_desk.domain.search import Filters
from vision_desk.domain.status import Status
from vision_desk.errors import ConflictError
from vision_desk.services import session_changes
from vision_desk.services.desk import Desk
from vision_desk.services.desk_session import DeskSession
from vision_desk.services.memo import build_snapshot
from vision_desk.services.rounds import Rounds
from vision_desk.services.session_reads import read_live

JULY = dt.date(2020, 7, 10)
REPORT = "Observer mission, 2 June: the last prisoners were released on 1 June."


def _session(desk: Desk, tmp_path: Path) -> DeskSession:
    import_highland(desk, tmp_path)
    desk.use_agreement(ID)
    session = DeskSession(desk.board(JULY), JULY, chosen_date=JULY)
    session.attach(read_live(desk, Rounds(desk), JULY, JULY))
    return session


def _fresh_summary(session: DeskSession) -> Any:
    rows = session.rows.values()
    return summarise(((row.clause, row.status) for row in rows), JULY, session.event_dates)


def test_an_event_recorded_at_the_desk_moves_the_board(desk: Desk, tmp_path: Path) -> None:
    session = _session(desk, tmp_path)
    session.set_filters(Filters(overdue=True))
    assert session.summary.overdue == ("HA-4", "HA-7")
    assert session.list.refs() == ["HA-4", "HA-7"]
    (_signature, release, _talks) = session_changes.event_standings(session)
    assert release.date is None and release.version == 0

    repaint = session_changes.record_event(
        session, "prisoner-release", RELEASED, REPORT, release.version
    )

    assert repaint.summary and repaint.list and "HA-5 due 1 July 2020" in repaint.message
    assert session.summary.overdue == ("HA-4", "HA-5", "HA-7")
    assert session.list.refs() == ["HA-4", "HA-5", "HA-7"]
    assert session.rows["HA-5"].flags == (Flag.OVERDUE,)
    assert session.rows["HA-5"].event_dates["prisoner-release"] == RELEASED
    assert session.summary == _fresh_summary(session)

    # A status change afterwards is counted with the same dates (``resummarise``).
    session.set_filters(Filters())
    session.select("HA-5")
    session_changes.set_status(session, Status.COMPLETED)
    assert session.summary.overdue == ("HA-4", "HA-7")
    assert session.summary == _fresh_summary(session)
    assert session.rows["HA-5"].event_dates["prisoner-release"] == RELEASED

    cleared = session_changes.clear_event(
        session, "prisoner-release", "Wrong event.", release.version + 1
    )
    assert "not yet" in cleared.message
    assert "prisoner-release" not in session.rows["HA-5"].event_dates
    # Read again from the store, the board is the one the session holds.
    assert session.reload().summary
    assert session.summary == _fresh_summary(session)


def test_an_event_recorded_on_another_desk_reaches_an_open_one(
    desk: Desk, second_officer: Desk, tmp_path: Path
) -> None:
    session = _session(desk, tmp_path)
    session.select("HA-2")
    second_officer.record_event("prisoner-release", RELEASED, REPORT, ID)

    repaint = session.apply_elsewhere(session.elsewhere_reader()())

    assert session.current_ref == "HA-2" and not repaint.current
    assert repaint.summary and "HA-5" in session.summary.overdue
    assert session.rows["HA-5"].flags == (Flag.OVERDUE,)
    assert repaint.message == (
        "Recorded on the desk: the release of prisoners 1 June 2020 by Second Officer."
    )
    assert session.summary == _fresh_summary(session)
    # Looked at again: nothing new.
    assert not session.apply_elsewhere(session.elsewhere_reader()()).summary


def test_a_look_read_before_the_officers_own_record_puts_no_old_date_back(
    desk: Desk, tmp_path: Path
) -> None:
    session = _session(desk, tmp_path)
    stale = session.elsewhere_reader()()  # read off the window's thread, arriving late
    session_changes.record_event(session, "prisoner-release", RELEASED, REPORT)
    assert not session.apply_elsewhere(stale).summary
    assert session.rows["HA-5"].flags == (Flag.OVERDUE,)
    assert "HA-5" in session.summary.overdue


def test_a_record_on_what_another_officer_has_since_recorded_is_refused(
    desk: Desk, second_officer: Desk, tmp_path: Path
) -> None:
    session = _session(desk, tmp_path)
    shown = session_changes.event_standings(session)[1]
    second_officer.record_event("prisoner-release", RELEASED, REPORT, ID)
    with pytest.raises(ConflictError, match="by Second Officer"):
        session_changes.record_event(
            session, "prisoner-release", dt.date(2020, 6, 5), "Mine.", shown.version
        )
    assert desk.event_dates(ID)["prisoner-release"] == RELEASED


def test_a_closed_round_keeps_what_it_knew_when_it_closed(desk: Desk, tmp_path: Path) -> None:
    import_highland(desk, tmp_path)
    rounds = Rounds(desk)
    rounds.open("July review", JULY, ID)
    desk.set_status("HA-2", Status.INITIATED, agreement_id=ID)
    july = rounds.close(ID)
    desk.record_event("prisoner-release", RELEASED, REPORT, ID)

    # The live board as of the round's date knows the release; the round did not.
    assert "HA-5" in desk.board(JULY, ID).summary.overdue
    sealed = rounds.board_at_round(july.id)
    assert "HA-5" not in sealed.summary.overdue
    assert "prisoner-release" not in sealed.event_dates
    memo = build_snapshot(desk, MemoOptions(date=JULY), round_id=july.id)
    assert memo.summary == sealed.summary
    assert rounds.report(july.id).verified  # its hash is untouched by any event

    rounds.open("August review", dt.date(2020, 8, 10), ID)
    august = rounds.close(ID)
    assert "HA-5" in rounds.board_at_round(august.id).summary.overdue
    difference = rounds.diff(july.id, august.id)
    assert "HA-5" in difference.newly_overdue
    compared = {row.ref: row for row in difference.rows}
    assert compared["HA-5"].overdue_now and not compared["HA-5"].overdue_then
