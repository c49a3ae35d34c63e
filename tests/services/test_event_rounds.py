"""What a closed round knew of the events, and a look read before the officer's own
record: a closed round counts the event records it had seen when it closed, by
record, whatever any computer's clock says; and a look read earlier never brings
an older date back into a row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from highland import ID, RELEASED, import_highland

from vision_desk.domain.rules import Flag
from vision_desk.domain.status import Status
from vision_desk.services import session_changes
from vision_desk.services.desk import Desk
from vision_desk.services.desk_session import DeskSession
from vision_desk.services.rounds import Rounds
from vision_desk.services.session_reads import read_live

JULY = dt.date(2020, 7, 10)


def test_a_record_made_after_a_round_closed_is_not_counted_by_it_whatever_the_clock(
    desk: Desk, clock: Any, tmp_path: Path
) -> None:
    import_highland(desk, tmp_path)
    desk.use_agreement(ID)
    rounds = Rounds(desk)
    rounds.open("July", JULY)
    closed = rounds.close()
    assert closed.events_seen == 0
    # An officer whose computer runs days behind records the release afterwards.
    clock.now = dt.datetime(2020, 3, 1, tzinfo=dt.UTC)
    desk.record_event("prisoner-release", RELEASED, "observer report")
    board = rounds.board_at_round(closed.id)
    waiting = next(row for row in board.rows if row.clause.ref == "HA-5")
    assert waiting.due is None and Flag.OVERDUE not in waiting.flags
    # The live board counts it.
    live = next(row for row in desk.board(JULY).rows if row.clause.ref == "HA-5")
    assert live.flags == (Flag.OVERDUE,)
    # A round closed after the record counts it.
    rounds.open("August", dt.date(2020, 8, 1))
    later = rounds.close()
    assert later.events_seen is not None and later.events_seen > 0
    seen = next(row for row in rounds.board_at_round(later.id).rows if row.clause.ref == "HA-5")
    assert seen.flags == (Flag.OVERDUE,)


def test_a_look_read_before_the_officers_record_keeps_the_sessions_dates(
    desk: Desk, second_officer: Desk, tmp_path: Path
) -> None:
    import_highland(desk, tmp_path)
    desk.use_agreement(ID)
    session = DeskSession(desk.board(JULY), JULY, chosen_date=JULY)
    session.attach(read_live(desk, Rounds(desk), JULY, JULY))
    second_officer.set_status("HA-5", Status.INITIATED, agreement_id=ID)
    stale = session.elsewhere_reader()()  # read before the officer's own record
    session_changes.record_event(session, "prisoner-release", RELEASED, "report")
    assert session.rows["HA-5"].flags == (Flag.OVERDUE,)
    session.apply_elsewhere(stale)
    row = session.rows["HA-5"]
    assert row.status is Status.INITIATED  # the other officer's change is taken in
    assert row.flags == (Flag.OVERDUE,)  # counted from the date the session holds
    assert "HA-5" in session.summary.overdue
