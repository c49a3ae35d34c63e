"""The board: every clause of an agreement as it stands on a day.

Kept apart from the ``Desk`` (and from SQLAlchemy, which the desk's module loads):
the window paints its first board from here, reading the store through plain
``sqlite3``, and loads the rest of the program once that board is on screen.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from vision_desk.domain.agreement import SIGNATURE, Agreement
from vision_desk.domain.deadlines import NO_EVENT_DATES, event_dates
from vision_desk.domain.review import BoardRow, ClauseState
from vision_desk.domain.rules import Summary, summarise
from vision_desk.storage import board_read
from vision_desk.storage.board_read import StoredAgreement
from vision_desk.storage.event_read import RecordedEvent, latest_records
from vision_desk.storage.plain_sql import PlainConnection

# The settings key naming the agreement the officer used last.
LAST_AGREEMENT = "last_agreement"


@dataclass(frozen=True, slots=True)
class Board:
    agreement: Agreement
    as_of: dt.date
    rows: tuple[BoardRow, ...]
    summary: Summary
    # The agreement with its clause ids, as read: a desk opened later need not read
    # it again (``DeskReads.remember``).
    stored: StoredAgreement | None = None
    # The known dates of the agreement's events, signature included, that its rows
    # and summary were worked out with (``dates_of``).
    event_dates: Mapping[str, dt.date] = field(default_factory=lambda: NO_EVENT_DATES, hash=False)


def dates_of(agreement: Agreement, records: Iterable[RecordedEvent]) -> dict[str, dt.date]:
    """The known dates of the agreement's events (``deadlines.event_dates``) from the
    records that count. A record of an event the agreement does not declare (only
    plain SQL could write one) dates nothing and stops nothing: the board is read."""
    return event_dates(
        agreement,
        (
            record.record
            for record in records
            if record.record is not None
            and record.event_id != SIGNATURE
            and agreement.event(record.event_id) is not None
        ),
    )


def read_board(connection: PlainConnection, stored: StoredAgreement, as_of: dt.date) -> Board:
    """The agreement's board on ``as_of``: statuses, note counts, the dates of its
    events and, while a round is open, which clauses it has assessed."""
    agreement_id = stored.agreement.id
    states = board_read.board_states(connection, agreement_id)
    in_round = board_read.assessed_in_open_round(connection, agreement_id)
    dates = dates_of(stored.agreement, latest_records(connection, agreement_id).values())
    unassessed = (ClauseState(), 0)
    rows: list[BoardRow] = []
    for clause in stored.agreement.clauses:
        clause_id = stored.clause_ids[clause.ref]
        state, note_count = states.get(clause_id, unassessed)
        assessed = None if in_round is None else clause_id in in_round
        rows.append(BoardRow(clause, state, as_of, note_count, assessed, dates))
    summary = summarise(((row.clause, row.status) for row in rows), as_of, dates)
    return Board(stored.agreement, as_of, tuple(rows), summary, stored, dates)


def current_agreement_id(connection: PlainConnection) -> str | None:
    """The agreement last used, else the first imported; None in an empty store."""
    ids = board_read.agreement_ids(connection)
    last = board_read.setting(connection, LAST_AGREEMENT)
    if last in ids:
        return last
    return ids[0] if ids else None


def first_board(database: Path, as_of: dt.date) -> Board | None:
    """The current agreement's board read straight from a store that needs no
    checks, repair or migration first (see ``board_read.open_clean``).

    None when the store needs any of those, is empty, or cannot be read: the
    caller then opens the store the full way, which does what is needed.
    """
    connection = board_read.open_clean(database)
    if connection is None:
        return None
    try:
        agreement_id = current_agreement_id(connection)
        stored = board_read.load_agreement(connection, agreement_id) if agreement_id else None
        return None if stored is None else read_board(connection, stored, as_of)
    except (sqlite3.Error, ValueError, KeyError):
        # Damage, or a row this version cannot read: the full opening will say what.
        return None
    finally:
        connection.close()
