"""Relative deadlines worked out: "within 135 days of signature" becomes a date
once the date of the event it is counted from is known.

The calendar rule (docs/agreement-format.md, "The calendar rule"):

- days: the event's date plus N days. "Within 135 days of signature" and "135
  days after signature" are the same date: signature on 19 November 2020 gives
  3 April 2021, and that day itself is still on time, as for every deadline;
- weeks: N × 7 days;
- months: the same day of the month N months later or, when that month is
  shorter, its last day: 31 January + 1 month is 28 February (29 in a leap year),
  29 February 2020 + 12 months is 28 February 2021.

A date past 31 December 9999, which no calendar date here can hold, is taken as
that day: a deadline so far away is never overdue in practice.

Until its event has happened a relative deadline has no date: the clause is
"waiting on" the event, and never overdue nor due soon.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from vision_desk.domain.agreement import (
    SIGNATURE,
    Agreement,
    Clause,
    Deadline,
    Precision,
    RelativeDeadline,
    TimeUnit,
)
from vision_desk.domain.typed_dates import long_date
from vision_desk.errors import UserError

# No event dates at all: what the rules assume when given none. Read-only, so a
# default shared by every call cannot be changed by one of them.
NO_EVENT_DATES: Mapping[str, dt.date] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class EventRecord:
    """The officer's record that an event happened: its date, and a note saying
    how it is known ("the Red Cross confirmed the last release")."""

    event_id: str
    date: dt.date
    note: str = ""


def event_dates(agreement: Agreement, records: Iterable[EventRecord] = ()) -> dict[str, dt.date]:
    """The known dates of the agreement's events, by id: signature (the agreement's
    date) and every recorded event. What the rules' ``event_dates`` expects.

    A record for signature, or for an event the agreement does not declare, is a
    ``UserError``: signature is dated by the agreement, and an unknown event would
    date nothing.
    """
    dates = {SIGNATURE: agreement.date}
    for record in records:
        if record.event_id == SIGNATURE:
            raise UserError(
                f"Signature is dated by the agreement ({long_date(agreement.date)}); "
                "it is not recorded as an event."
            )
        if agreement.event(record.event_id) is None:
            raise UserError(f"'{record.event_id}' is no event of {agreement.display_title}.")
        dates[record.event_id] = record.date
    return dates


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the last day of that month when shorter."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    if year > dt.MAXYEAR:
        return dt.date.max
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(start.day, last))


def add_offset(start: dt.date, amount: int, unit: TimeUnit) -> dt.date:
    """``start`` moved on by ``amount`` units, by the calendar rule above."""
    if unit is TimeUnit.MONTHS:
        return add_months(start, amount)
    days = amount * 7 if unit is TimeUnit.WEEKS else amount
    try:
        return start + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max


def offset_text(amount: int, unit: TimeUnit) -> str:
    """ "135 days", "1 week", "14 months"."""
    word = unit.value if amount != 1 else unit.value[:-1]
    return f"{amount} {word}"


@dataclass(frozen=True, slots=True)
class ResolvedDeadline:
    """A relative deadline against what is known: dated, or waiting on its event.

    ``anchor_date`` and ``date`` are None while the event has not happened (as of
    the date asked about); the clause is then waiting, never overdue.
    """

    relative: RelativeDeadline
    anchor_label: str
    anchor_date: dt.date | None
    date: dt.date | None

    @property
    def waiting(self) -> bool:
        return self.date is None

    @property
    def deadline(self) -> Deadline | None:
        """The deadline the overdue and due-soon rules measure against: one day,
        worded as the document words it; None while waiting."""
        if self.date is None:
            return None
        return Deadline(self.relative.label, self.date, self.date, Precision.DAY)

    @property
    def rule(self) -> str:
        """How the date is worked out, to show beside it: "135 days after signature
        (19 November 2020)", or without the date while the event is awaited."""
        rule = f"{offset_text(self.relative.amount, self.relative.unit)} after {self.anchor_label}"
        if self.anchor_date is None:
            return rule
        return f"{rule} ({long_date(self.anchor_date)})"

    @property
    def text(self) -> str:
        """ "135 days after signature (19 November 2020): 3 April 2021", or
        "waiting on the release of prisoners"."""
        if self.date is None:
            return f"waiting on {self.anchor_label}"
        return f"{self.rule}: {long_date(self.date)}"


def resolve(
    relative: RelativeDeadline,
    anchor_label: str,
    event_dates: Mapping[str, dt.date],
    as_of: dt.date | None = None,
) -> ResolvedDeadline:
    """``relative`` worked out from ``event_dates``. With ``as_of``, an event dated
    after it had not happened yet on that day: the deadline waits, as it did then
    (a past board shows what was true on its date)."""
    anchor_date = event_dates.get(relative.anchor)
    if anchor_date is None or (as_of is not None and anchor_date > as_of):
        return ResolvedDeadline(relative, anchor_label, None, None)
    date = add_offset(anchor_date, relative.amount, relative.unit)
    return ResolvedDeadline(relative, anchor_label, anchor_date, date)


def resolve_clause(
    agreement: Agreement,
    clause: Clause,
    event_dates: Mapping[str, dt.date],
    as_of: dt.date | None = None,
) -> ResolvedDeadline | None:
    """The clause's relative deadline worked out, with its event's label from the
    agreement; None for a clause without one."""
    relative = clause.relative_due
    if relative is None:
        return None
    event = agreement.event(relative.anchor)
    label = event.label if event is not None else relative.anchor
    return resolve(relative, label, event_dates, as_of)


def effective_due(
    clause: Clause, event_dates: Mapping[str, dt.date], as_of: dt.date | None = None
) -> Deadline | None:
    """The deadline the clause is measured against: its own ``due``, or its
    relative deadline's date once the event has happened; None otherwise."""
    if clause.due is not None or clause.relative_due is None:
        return clause.due
    return resolve(clause.relative_due, clause.relative_due.anchor, event_dates, as_of).deadline
