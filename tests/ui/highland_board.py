"""The Highland Accord (docs/agreement-format.md, the version-2 example) as a desk
board, built by hand: the window is tested on exactly what it is given
(``first_window`` needs no store); tests/ui/test_desk_events.py uses a real store.

A unique module name, so that tests import it whichever folders are collected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from documented_examples import highland_text

from vision_desk.domain.agreement import Agreement
from vision_desk.domain.agreement_file import parse_agreement
from vision_desk.domain.deadlines import EventRecord, event_dates
from vision_desk.domain.review import BoardRow, ClauseState
from vision_desk.domain.rules import summarise
from vision_desk.domain.status import Status
from vision_desk.services.boards import Board

# HA-2 (due 13 July 2020) and HA-7 (due 29 April 2020) are overdue; HA-5 and
# HA-6 wait on their events unless they are recorded.
AS_OF = dt.date(2020, 8, 1)
STATUSES: Mapping[str, Status] = {
    "HA-1": Status.STRAINED,
    "HA-2": Status.ADVANCED,
    "HA-4": Status.COMPLETED,
    "HA-7": Status.INITIATED,
}
PRISONERS_RELEASED = EventRecord("prisoner-release", dt.date(2020, 6, 1), "observer report")


def load_highland(text: str | None = None) -> Agreement:
    return parse_agreement((text or highland_text()).encode("utf-8"), "highland.toml")


def highland_board(
    records: Sequence[EventRecord] = (),
    as_of: dt.date = AS_OF,
    agreement: Agreement | None = None,
) -> Board:
    """The board as of ``as_of``, the events of ``records`` dated."""
    agreement = agreement or load_highland()
    dates = event_dates(agreement, records)
    rows = tuple(
        BoardRow(
            clause,
            ClauseState(STATUSES.get(clause.ref, Status.NOT_ASSESSED)),
            as_of,
            event_dates=dates,
        )
        for clause in agreement.clauses
    )
    summary = summarise(((row.clause, row.status) for row in rows), as_of, dates)
    return Board(agreement, as_of, rows, summary, event_dates=dates)
