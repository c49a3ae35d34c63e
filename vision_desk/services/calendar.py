"""``vision-desk calendar``: every deadline and every next review as calendar
events (RFC 5545), written with a maintained library and read back before the
file is written. Read-only: it never writes the store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from vision_desk.domain.calendar import CalendarEntry, calendar_entries
from vision_desk.domain.rounds import DEFAULT_CADENCE_DAYS, next_review
from vision_desk.domain.status import Status
from vision_desk.paths import DataPaths
from vision_desk.services.desk import Desk
from vision_desk.services.output_paths import check_output_path, write_output
from vision_desk.services.rounds import Rounds


def entries(desk: Desk, as_of: dt.date, agreement_id: str | None = None) -> list[CalendarEntry]:
    board = desk.board(as_of, agreement_id)
    rounds = Rounds(desk)
    own = rounds.cadences(board.agreement.id)
    assessed = rounds.last_assessed(board.agreement.id)
    reviews: dict[str, dt.date | None] = {}
    for row in board.rows:
        ref = row.clause.ref
        last = None
        if row.status is not Status.NOT_ASSESSED:
            known = [m for m in (row.state.changed_at, assessed.get(ref)) if m is not None]
            last = max(known).date() if known else None
        days = own.get(ref, DEFAULT_CADENCE_DAYS[row.clause.kind])
        reviews[ref] = next_review(row.clause, last, days)
    return calendar_entries(board.agreement, board.rows, reviews, as_of)


def write_calendar(
    desk: Desk, as_of: dt.date, out: Path, data_paths: DataPaths, agreement_id: str | None = None
) -> tuple[Path, int]:
    """Write the calendar file (the path checked first); where, and how many events."""
    from vision_desk.export.calendar import calendar_bytes  # icalendar, only when asked

    target = check_output_path(out, data_paths)
    found = entries(desk, as_of, agreement_id)
    write_output(target, calendar_bytes(found, desk.clock()), data_paths)
    return target, len(found)
