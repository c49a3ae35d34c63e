"""Derived facts, never typed in: overdue, due soon, the index and the shares.

All of them are computed "as of" a date, so the same rules serve today's desk, a
past board and a review round's as-of date.

A clause whose deadline is counted from an event ("within 135 days of signature")
is measured against the date that gives once the event has happened, by
``event_dates`` (the known date of each event by id, signature included: build it
with ``deadlines.event_dates``). Without it such a clause is waiting, never overdue
nor due soon; clauses with dated deadlines need none.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import TypeVar

from vision_desk.domain.agreement import Clause, ClauseKind, Deadline
from vision_desk.domain.deadlines import NO_EVENT_DATES, effective_due
from vision_desk.domain.status import (
    CLOSED_STATUSES,
    COMMITMENT_SCALE,
    PRINCIPLE_SCALE,
    Status,
    score_of,
)

DUE_SOON_DAYS = 30

# The clauses the implementation index and the shares count: the document's own
# commitments. Related undertakings are scored on the same 0–3 scale, so that
# they can be tracked and compared between rounds, but they were announced beside
# the document, not in it; counting them would let a press-conference promise move
# the measure of the agreement. Principles are judged, never scored.
COUNTED_KINDS = frozenset({ClauseKind.COMMITMENT})

# What the desk's summary, ``clauses --json`` and the memo say about it, in the
# same words everywhere (README, "The scales"): an auditor comparing the three
# must not wonder whether they count differently.
COUNTED_WORDS = (
    "The index and the shares count the agreement's commitments only; "
    "related undertakings are scored but not counted."
)


class Flag(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"


def is_overdue(due: Deadline | None, status: Status, as_of: dt.date) -> bool:
    """Overdue once the review date is past the latest date the wording allows.

    Precision lives in ``latest``: "in the first quarter of 2021" is not overdue
    until 1 April 2021, and a deadline on the as-of date itself is still on time.
    """
    return due is not None and status not in CLOSED_STATUSES and as_of > due.latest


def is_due_soon(
    due: Deadline | None, status: Status, as_of: dt.date, horizon_days: int = DUE_SOON_DAYS
) -> bool:
    """Not overdue, and the latest date at most ``horizon_days`` away (the as-of date
    itself included). Completed and overtaken clauses are never due soon, as they are
    never overdue: their clock has stopped."""
    if due is None or status in CLOSED_STATUSES or as_of > due.latest:
        return False
    return (due.latest - as_of).days <= horizon_days


def days_left(due: Deadline | None, as_of: dt.date) -> int | None:
    """Days until the latest date (negative once overdue), or None without a deadline."""
    return None if due is None else (due.latest - as_of).days


def flags_for(
    clause: Clause,
    status: Status,
    as_of: dt.date,
    event_dates: Mapping[str, dt.date] = NO_EVENT_DATES,
) -> tuple[Flag, ...]:
    due = effective_due(clause, event_dates, as_of)
    flags: list[Flag] = []
    if is_overdue(due, status, as_of):
        flags.append(Flag.OVERDUE)
    elif is_due_soon(due, status, as_of):
        flags.append(Flag.DUE_SOON)
    return tuple(flags)


K = TypeVar("K", bound=Hashable)


def largest_remainder_percentages(counts: Mapping[K, int], decimals: int = 0) -> dict[K, Fraction]:
    """Shares of ``counts`` in percent, rounded so that they add up to exactly 100.

    Hamilton's method: every share is rounded down to the unit, and the units still
    missing go one each to the largest remainders. Equal remainders go to the key
    that comes first in ``counts``, whatever its count or name: the summary's counts
    are in scale order, so a tie goes to the level listed first (README, "The
    scales"). Remainders are exact fractions, so a tie is a true tie, never float
    noise. With no items at all, every share is 0.
    """
    total = sum(counts.values())
    unit = Fraction(1, 10**decimals)
    if total == 0:
        return {key: Fraction(0) for key in counts}
    exact = {key: Fraction(100 * count, total) for key, count in counts.items()}
    floored = {key: (value // unit) * unit for key, value in exact.items()}
    missing = int((100 - sum(floored.values())) / unit)
    place = {key: position for position, key in enumerate(counts)}
    order = sorted(counts, key=lambda key: (-(exact[key] - floored[key]), place[key]))
    for key in order[:missing]:
        floored[key] += unit
    return floored


def even_handed_percentages(counts: Mapping[K, int], decimals: int = 0) -> dict[K, Fraction]:
    """Shares of ``counts`` in percent by largest remainder, where equal counts
    always get equal shares.

    Every share is rounded down to the unit; the units still missing go, largest
    remainder first, to groups of keys with the same count. Equal counts have equal
    remainders, and a tie among them is never broken: the whole group takes a unit
    each, or none of it does, and a group the units left cannot go round is passed
    over for the next remainder down. Equal remainders of unequal counts go to the
    group whose first key comes first in ``counts`` (for the summary, the level
    listed first). A count of 0 stays 0. The shares add up to exactly 100 whenever
    equal counts allow it; when they do not (one each at three levels: 33, 33, 33)
    they add up to a little less, never more.
    """
    # Worked in whole units (10**decimals of them per percent) with integers, not
    # Fractions: every share has the same denominator (the total), so a share's
    # remainder compares as an integer; a status key works this out several times.
    total = sum(counts.values())
    scale = 10**decimals
    if total == 0:
        return {key: Fraction(0) for key in counts}
    units: dict[K, int] = {}
    remainders: dict[K, int] = {}
    for key, count in counts.items():
        units[key], remainders[key] = divmod(100 * scale * count, total)
    missing = 100 * scale - sum(units.values())
    groups: dict[int, list[K]] = {}
    for key, count in counts.items():
        if remainders[key]:
            groups.setdefault(count, []).append(key)
    place = {key: position for position, key in enumerate(counts)}
    ranked = sorted(groups.values(), key=lambda keys: (-remainders[keys[0]], place[keys[0]]))
    for keys in ranked:
        if len(keys) <= missing:
            for key in keys:
                units[key] += 1
            missing -= len(keys)
    return {key: Fraction(value, scale) for key, value in units.items()}


def printed_shares(counts: Mapping[K, int]) -> tuple[dict[K, Fraction], int]:
    """The shares a report prints for ``counts``, and their number of decimals:
    whole percents by ``even_handed_percentages``, or one decimal when whole
    percents cannot keep equal counts equal and still add up to 100 (four levels of
    one clause each among eight print 12.5 %, not 13, 13, 12 and 12)."""
    whole = even_handed_percentages(counts)
    if sum(whole.values()) == 100 or sum(counts.values()) == 0:
        return whole, 0
    return even_handed_percentages(counts, decimals=1), 1


def percent_one_decimal(share: Fraction) -> Decimal:
    """``share`` (a fraction of 1) in percent with one decimal, halves rounded up.

    Worked on the exact fraction, never on a float: 1/16 is 6.25 %, printed 6.3 %,
    where Python's float formatting (round half to even, on a binary value) gives
    6.2; and 1/8 is 12.5 %, printed as it is, never 12 or 13. Only for shares of
    0 or more, which the index always is."""
    tenths = math.floor(share * 1000 + Fraction(1, 2))
    return Decimal(tenths).scaleb(-1)


@dataclass(frozen=True, slots=True)
class Summary:
    """How the agreement stands: counts per level, shares, the index, the flags."""

    as_of: dt.date
    commitment_counts: dict[Status, int]
    # In percent, as every report prints them (``printed_shares``): equal counts
    # equal, with ``share_decimals`` decimals (0, or 1 where whole percents cannot).
    commitment_shares: dict[Status, Fraction]
    principle_counts: dict[Status, int]
    implementation_index: Fraction | None
    overdue: tuple[str, ...]
    due_soon: tuple[str, ...]
    share_decimals: int = 0

    def share_text(self, status: Status) -> str:
        """A level's share as printed: "13%", or "12.5%" where decimals are needed."""
        share = self.commitment_shares[status]
        if self.share_decimals == 0:
            return f"{int(share)}%"
        return f"{float(share):.{self.share_decimals}f}%"

    @property
    def index_percent(self) -> Decimal | None:
        """The index as printed everywhere: a percentage with one decimal, rounded
        half up (``percent_one_decimal``); None when nothing is scored."""
        if self.implementation_index is None:
            return None
        return percent_one_decimal(self.implementation_index)

    @property
    def index_text(self) -> str:
        """The index as the desk and the memo print it: "12.5%", or "—" with no score."""
        index = self.index_percent
        return "—" if index is None else f"{index}%"


def implementation_index(counts: Mapping[Status, int]) -> Fraction | None:
    """Sum of scores over 3 × the number scored; None when nothing is scored yet.

    "Not assessed" and "overtaken" are not scores and are left out, never counted as 0.
    """
    total = 0
    scored = 0
    for status, count in counts.items():
        score = score_of(status)
        if score is not None:
            total += score * count
            scored += count
    return Fraction(total, 3 * scored) if scored else None


def summarise(
    rows: Iterable[tuple[Clause, Status]],
    as_of: dt.date,
    event_dates: Mapping[str, dt.date] = NO_EVENT_DATES,
) -> Summary:
    """Summarise the board. The index and shares count ``COUNTED_KINDS`` only; the
    overdue and due-soon lists hold every clause with a deadline, whatever its kind
    (a deadline counted from an event once ``event_dates`` dates that event)."""
    commitment_counts = dict.fromkeys(COMMITMENT_SCALE, 0)
    principle_counts = dict.fromkeys(PRINCIPLE_SCALE, 0)
    overdue: list[str] = []
    due_soon: list[str] = []
    for clause, status in rows:
        if clause.kind is ClauseKind.PRINCIPLE:
            principle_counts[status] += 1
        elif clause.kind in COUNTED_KINDS:
            commitment_counts[status] += 1
        due = effective_due(clause, event_dates, as_of)
        if is_overdue(due, status, as_of):
            overdue.append(clause.ref)
        elif is_due_soon(due, status, as_of):
            due_soon.append(clause.ref)
    return _summary(as_of, commitment_counts, principle_counts, tuple(overdue), tuple(due_soon))


def resummarise(
    summary: Summary,
    before: tuple[Clause, Status],
    after: tuple[Clause, Status],
    order: Mapping[str, int],
    event_dates: Mapping[str, dt.date] = NO_EVENT_DATES,
) -> Summary:
    """``summary`` with one clause's status changed from ``before`` to ``after``:
    what ``summarise`` gives on the changed board, without walking every clause
    again (the status key's path). ``order`` is each reference's place in the
    document, which the overdue and due-soon lists keep; ``event_dates`` must be
    the ones ``summary`` was made with."""
    commitment_counts = dict(summary.commitment_counts)
    principle_counts = dict(summary.principle_counts)
    for (clause, status), step in ((before, -1), (after, 1)):
        if clause.kind is ClauseKind.PRINCIPLE:
            principle_counts[status] += step
        elif clause.kind in COUNTED_KINDS:
            commitment_counts[status] += step
    clause, status = after
    as_of = summary.as_of
    due = effective_due(clause, event_dates, as_of)
    overdue = is_overdue(due, status, as_of)
    due_soon = not overdue and is_due_soon(due, status, as_of)
    return _summary(
        as_of,
        commitment_counts,
        principle_counts,
        _placed(summary.overdue, clause.ref, overdue, order),
        _placed(summary.due_soon, clause.ref, due_soon, order),
    )


def _summary(
    as_of: dt.date,
    commitment_counts: dict[Status, int],
    principle_counts: dict[Status, int],
    overdue: tuple[str, ...],
    due_soon: tuple[str, ...],
) -> Summary:
    """The summary of these counts and flags, with the shares and index they give."""
    shares, decimals = printed_shares(commitment_counts)
    return Summary(
        as_of=as_of,
        commitment_counts=commitment_counts,
        commitment_shares=shares,
        principle_counts=principle_counts,
        implementation_index=implementation_index(commitment_counts),
        overdue=overdue,
        due_soon=due_soon,
        share_decimals=decimals,
    )


def _placed(
    refs: tuple[str, ...], ref: str, member: bool, order: Mapping[str, int]
) -> tuple[str, ...]:
    """``refs`` (in document order) with ``ref`` in or out of it."""
    # Most status keys leave a clause where it was (overdue stays overdue): the
    # list, thousands long on a large board, is then kept as it is.
    if (ref in refs) is member:
        return refs
    if not member:
        return tuple(other for other in refs if other != ref)
    at = bisect.bisect(refs, order[ref], key=order.__getitem__)
    return (*refs[:at], ref, *refs[at:])
