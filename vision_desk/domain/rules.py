"""Derived facts, never typed in: overdue, due soon, the index and the shares.

All of them are computed "as of" a date, so the same rules serve today's desk, a
past board and a review round's as-of date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import TypeVar

from vision_desk.domain.agreement import Clause, ClauseKind, Deadline
from vision_desk.domain.status import (
    CLOSED_STATUSES,
    COMMITMENT_SCALE,
    PRINCIPLE_SCALE,
    Status,
    score_of,
)

DUE_SOON_DAYS = 30


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
    if due is None or status in CLOSED_STATUSES or as_of > due.latest:
        return False
    return (due.latest - as_of).days <= horizon_days


def days_left(due: Deadline | None, as_of: dt.date) -> int | None:
    """Days until the latest date (negative once overdue), or None without a deadline."""
    return None if due is None else (due.latest - as_of).days


def flags_for(clause: Clause, status: Status, as_of: dt.date) -> tuple[Flag, ...]:
    flags: list[Flag] = []
    if is_overdue(clause.due, status, as_of):
        flags.append(Flag.OVERDUE)
    elif is_due_soon(clause.due, status, as_of):
        flags.append(Flag.DUE_SOON)
    return tuple(flags)


K = TypeVar("K", bound=Hashable)


def largest_remainder_percentages(counts: Mapping[K, int], decimals: int = 0) -> dict[K, Fraction]:
    """Shares of ``counts`` in percent, rounded so that they add up to exactly 100.

    Hamilton's method: every share is rounded down to the unit, and the units still
    missing go to the largest remainders (ties to the earlier key, so the result is
    deterministic). With no items at all, every share is 0.
    """
    total = sum(counts.values())
    unit = Fraction(1, 10**decimals)
    if total == 0:
        return {key: Fraction(0) for key in counts}
    exact = {key: Fraction(100 * count, total) for key, count in counts.items()}
    floored = {key: (value // unit) * unit for key, value in exact.items()}
    missing = int((100 - sum(floored.values())) / unit)
    order = sorted(counts, key=lambda key: exact[key] - floored[key], reverse=True)
    for key in order[:missing]:
        floored[key] += unit
    return floored


@dataclass(frozen=True, slots=True)
class Summary:
    """How the agreement stands: counts per level, shares, the index, the flags."""

    as_of: dt.date
    commitment_counts: dict[Status, int]
    commitment_shares: dict[Status, Fraction]
    principle_counts: dict[Status, int]
    implementation_index: Fraction | None
    overdue: tuple[str, ...]
    due_soon: tuple[str, ...]

    @property
    def index_percent(self) -> float | None:
        if self.implementation_index is None:
            return None
        return float(self.implementation_index * 100)


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
    kinds: frozenset[ClauseKind] | None = None,
) -> Summary:
    """Summarise the board. The index and shares count the document's commitments
    (``kinds``, by default commitments only: related undertakings sit outside it)."""
    counted_kinds = frozenset({ClauseKind.COMMITMENT}) if kinds is None else kinds
    commitment_counts = dict.fromkeys(COMMITMENT_SCALE, 0)
    principle_counts = dict.fromkeys(PRINCIPLE_SCALE, 0)
    overdue: list[str] = []
    due_soon: list[str] = []
    for clause, status in rows:
        if clause.kind is ClauseKind.PRINCIPLE:
            principle_counts[status] += 1
        elif clause.kind in counted_kinds:
            commitment_counts[status] += 1
        if is_overdue(clause.due, status, as_of):
            overdue.append(clause.ref)
        elif is_due_soon(clause.due, status, as_of):
            due_soon.append(clause.ref)
    return _summary(as_of, commitment_counts, principle_counts, tuple(overdue), tuple(due_soon))


def resummarise(
    summary: Summary,
    before: tuple[Clause, Status],
    after: tuple[Clause, Status],
    order: Mapping[str, int],
    kinds: frozenset[ClauseKind] | None = None,
) -> Summary:
    """``summary`` with one clause's status changed from ``before`` to ``after``:
    what ``summarise`` gives on the changed board, without walking every clause
    again (the status key's path). ``order`` is each reference's place in the
    document, which the overdue and due-soon lists keep."""
    counted_kinds = frozenset({ClauseKind.COMMITMENT}) if kinds is None else kinds
    commitment_counts = dict(summary.commitment_counts)
    principle_counts = dict(summary.principle_counts)
    for (clause, status), step in ((before, -1), (after, 1)):
        if clause.kind is ClauseKind.PRINCIPLE:
            principle_counts[status] += step
        elif clause.kind in counted_kinds:
            commitment_counts[status] += step
    clause, status = after
    as_of = summary.as_of
    overdue = is_overdue(clause.due, status, as_of)
    due_soon = not overdue and is_due_soon(clause.due, status, as_of)
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
    return Summary(
        as_of=as_of,
        commitment_counts=commitment_counts,
        commitment_shares=largest_remainder_percentages(commitment_counts),
        principle_counts=principle_counts,
        implementation_index=implementation_index(commitment_counts),
        overdue=overdue,
        due_soon=due_soon,
    )


def _placed(
    refs: tuple[str, ...], ref: str, member: bool, order: Mapping[str, int]
) -> tuple[str, ...]:
    """``refs`` (in document order) with ``ref`` in or out of it."""
    kept = [other for other in refs if other != ref]
    if member:
        kept.append(ref)
        kept.sort(key=order.__getitem__)
    return tuple(kept)
