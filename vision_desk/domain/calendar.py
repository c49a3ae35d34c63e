"""The desk's dates as calendar events (``vision-desk calendar``): every clause's
deadline and every clause's next review, each an all-day event.

Each event's UID is fixed by the agreement, the clause and the kind of date, so
that a calendar importing a newer file moves the event instead of adding a second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from vision_desk.domain.agreement import Agreement
from vision_desk.domain.review import BoardRow
from vision_desk.domain.status import Status
from vision_desk.domain.typed_dates import long_date

UID_DOMAIN = "vision-desk.invalid"  # a name no host has: the UIDs are the desk's own


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    uid: str
    day: dt.date
    summary: str
    description: str
    kind: str  # "deadline" or "review"
    ref: str


def calendar_entries(
    agreement: Agreement,
    rows: Sequence[BoardRow],
    reviews: Mapping[str, dt.date | None],
    as_of: dt.date,
) -> list[CalendarEntry]:
    """Deadlines (the latest day a clause's deadline allows, once known) and next
    reviews (``reviews``: by reference; None, never assessed: due on ``as_of``),
    by day, deadlines first on a day, then in document order."""
    entries: list[tuple[dt.date, int, int, CalendarEntry]] = []
    for position, row in enumerate(rows):
        clause = row.clause
        due = row.due
        if due is not None:
            done = row.status in (Status.COMPLETED, Status.OVERTAKEN)
            state = f"Status on {long_date(as_of)}: {row.status.label}." + (
                "" if done else " Not yet done."
            )
            entries.append((due.latest, 0, position, CalendarEntry(
                f"{agreement.id}.{clause.ref}.deadline@{UID_DOMAIN}",
                due.latest,
                f"Deadline {clause.ref}: {clause.title}",
                f"{agreement.display_title}. {clause.ref} is due {due.label}. {state}",
                "deadline",
                clause.ref,
            )))  # fmt: skip
        if clause.ref in reviews:
            day = reviews[clause.ref] or as_of
            entries.append((day, 1, position, CalendarEntry(
                f"{agreement.id}.{clause.ref}.review@{UID_DOMAIN}",
                day,
                f"Review {clause.ref}: {clause.title}",
                f"{agreement.display_title}. {clause.ref} is due for review"
                + (" (never assessed)." if reviews[clause.ref] is None else "."),
                "review",
                clause.ref,
            )))  # fmt: skip
    return [entry for *_, entry in sorted(entries, key=lambda found: found[:3])]
