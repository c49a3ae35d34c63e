"""Review rounds: what a closed round recorded, its content hash, and what changed.

A round speaks for an as-of date. While it is open the officer assesses clauses;
closing it records every clause's status (assessed in the round, or carried over
from before) and seals the record with a SHA-256 hash over a canonical form
(docs/rounds.md), so a memo can be checked against the store years later.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from vision_desk.domain.agreement import Clause, ClauseKind
from vision_desk.domain.deadlines import NO_EVENT_DATES, effective_due
from vision_desk.domain.review import BoardRow, PartyAssessment
from vision_desk.domain.round_comparison import ComparedClause
from vision_desk.domain.rules import is_overdue
from vision_desk.domain.status import Status

# The forms a round's content hash is taken over (docs/rounds.md). Form 2 adds
# each record's parts per party, and is used for a round that has any; a round
# without (every round closed before parts were kept) is hashed in form 1, so each
# hash already printed still verifies.
HASH_FORMAT = "vision-desk-round/1"
HASH_FORMAT_PARTS = "vision-desk-round/2"
# Form 3 adds, to every record, the digests of the evidence items cited for the
# clause (docs/evidence.md): used for a round with any evidence cited.
HASH_FORMAT_EVIDENCE = "vision-desk-round/3"


@dataclass(frozen=True, slots=True)
class Round:
    id: int
    agreement_id: str
    title: str
    as_of: dt.date
    opened_at: dt.datetime
    opened_by: str
    closed_at: dt.datetime | None = None
    closed_by: str | None = None
    content_hash: str | None = None
    # The newest event record it had seen when it closed (an id; None: closed before
    # the store kept records). Not in the hash: it says which dates were known.
    events_seen: int | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True, slots=True)
class RoundRecord:
    """One clause as a closed round recorded it."""

    ref: str
    status: Status
    carried_over: bool
    assessed_at: dt.datetime | None = None
    assessed_by: str | None = None
    rationale: str | None = None
    # Assessed per party: each party's status (no notes), by party code.
    parts: tuple[PartyAssessment, ...] = ()
    # The digests of the evidence items cited for the clause when it closed, sorted.
    evidence: tuple[str, ...] = ()


def canonical_form(round_: Round, records: Sequence[RoundRecord]) -> bytes:
    """The bytes the content hash is taken over (documented in docs/rounds.md).

    JSON with sorted keys, no spaces, UTF-8, records sorted by reference: the same
    assessments always give the same bytes, whatever order they were made in.

    ``json.dumps`` escapes only what JSON requires: ``\\"``, ``\\\\``, the short
    escapes ``\\b \\t \\n \\f \\r`` and ``\\u00xx`` (lower-case hex) for the
    other C0 controls. DEL, the C1 controls and U+2028/U+2029 are written raw, as
    RFC 8259 allows. That is the documented form of every hash already printed in a
    memo; escaping more would change them all, so it stays.
    """
    with_evidence = any(record.evidence for record in records)
    with_parts = with_evidence or any(record.parts for record in records)
    form = HASH_FORMAT_EVIDENCE if with_evidence else HASH_FORMAT_PARTS
    document = {
        "format": form if with_parts else HASH_FORMAT,
        "agreement": round_.agreement_id,
        "title": round_.title,
        "as_of": round_.as_of.isoformat(),
        "records": [
            _record_form(record, with_parts, with_evidence)
            for record in sorted(records, key=lambda record: record.ref)
        ],
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _record_form(record: RoundRecord, with_parts: bool, with_evidence: bool) -> dict[str, object]:
    """One record in the hashed form: form 2 adds ``parts`` to every record (party
    code to status, null for a clause assessed as a whole), so that no part can
    change, appear or go unseen."""
    form: dict[str, object] = {
        "ref": record.ref,
        "status": record.status.value,
        "carried_over": record.carried_over,
        "assessed_at": _utc(record.assessed_at),
        "assessed_by": record.assessed_by,
        "rationale": record.rationale,
    }
    if with_parts:
        form["parts"] = {part.party: part.status.value for part in record.parts} or None
    if with_evidence:
        form["evidence"] = sorted(record.evidence)
    return form


def content_hash(round_: Round, records: Sequence[RoundRecord]) -> str:
    import hashlib  # here: the desk's start-up needs the rest of this module, not this

    return hashlib.sha256(canonical_form(round_, records)).hexdigest()


def _utc(moment: dt.datetime | None) -> str | None:
    """The moment in UTC with microseconds. A time without an offset is UTC, the
    zone the store keeps every time in; ``astimezone`` alone would read it in this
    computer's zone, and the same record would hash differently in Kabul and London.
    (The store refuses such times, so no hash already printed has one.)"""
    if moment is None:
        return None
    if moment.utcoffset() is None:  # naive, in Python's words
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


# -- what changed between two closed rounds ---------------------------------------

# Better is higher. "Not assessed" and "overtaken" have no place on these ladders.
_RANK: dict[Status, int] = {
    Status.NOT_STARTED: 0,
    Status.INITIATED: 1,
    Status.ADVANCED: 2,
    Status.COMPLETED: 3,
    Status.BREACHED: 0,
    Status.STRAINED: 1,
    Status.UPHELD: 2,
}
_STILL_OPEN = frozenset({Status.NOT_STARTED, Status.INITIATED, Status.ADVANCED})


# The lists a comparison gives, in the order they are shown.
DIFF_LISTS = ("improved", "regressed", "unchanged", "newly_overdue", "newly_assessed", "stalled")


@dataclass(frozen=True, slots=True)
class RoundDiff:
    earlier: Round
    later: Round
    improved: tuple[str, ...]
    regressed: tuple[str, ...]
    unchanged: tuple[str, ...]
    newly_overdue: tuple[str, ...]
    newly_assessed: tuple[str, ...]
    stalled: tuple[str, ...]
    # Every clause, in document order, with both statuses and its categories.
    rows: tuple[ComparedClause, ...] = ()


def diff_rounds(
    clauses: Sequence[Clause],
    earlier: Round,
    earlier_statuses: Mapping[str, Status],
    later: Round,
    later_statuses: Mapping[str, Status],
    earlier_event_dates: Mapping[str, dt.date] = NO_EVENT_DATES,
    later_event_dates: Mapping[str, dt.date] = NO_EVENT_DATES,
) -> RoundDiff:
    """Compare two closed rounds clause by clause, in document order.

    - improved / regressed: higher / lower on the clause's own ladder;
    - unchanged: the same status in both (not assessed in both included);
    - newly assessed: not assessed before, assessed now;
    - newly overdue: overdue at the later round's as-of date and not at the earlier's;
    - stalled: a commitment still under way (not started, initiated, advanced) with
      the same status in both rounds: no movement over two closed rounds.
    A move to or from "overtaken" or back to "not assessed" is in none of the first
    three lists: it is neither better nor worse.

    A deadline counted from an event is measured as each round knew the event's
    date (``earlier_event_dates``, ``later_event_dates``; ``deadlines.event_dates``):
    waiting in a round that did not know it, never overdue there.
    """
    lists: dict[str, list[str]] = {
        name: []
        for name in (
            "improved",
            "regressed",
            "unchanged",
            "newly_overdue",
            "newly_assessed",
            "stalled",
        )
    }
    rows: list[ComparedClause] = []
    for clause in clauses:
        before = earlier_statuses.get(clause.ref, Status.NOT_ASSESSED)
        after = later_statuses.get(clause.ref, Status.NOT_ASSESSED)
        found: list[str] = []
        if before is after:
            found.append("unchanged")
            if clause.kind is not ClauseKind.PRINCIPLE and after in _STILL_OPEN:
                found.append("stalled")
        elif before is Status.NOT_ASSESSED:
            found.append("newly_assessed")
        elif before in _RANK and after in _RANK:
            found.append("improved" if _RANK[after] > _RANK[before] else "regressed")
        due_then = effective_due(clause, earlier_event_dates, earlier.as_of)
        due_now = effective_due(clause, later_event_dates, later.as_of)
        overdue_then = is_overdue(due_then, before, earlier.as_of)
        overdue_now = is_overdue(due_now, after, later.as_of)
        if overdue_now and not overdue_then:
            found.append("newly_overdue")
        for name in found:
            lists[name].append(clause.ref)
        categories = [name.replace("_", " ") for name in found]
        if before is not after and not {"newly assessed", "improved", "regressed"} & set(
            categories
        ):
            categories.insert(0, "other change")
        if len(categories) > 1 and "unchanged" in categories:
            categories.remove("unchanged")  # stalled, newly overdue: they say more
        rows.append(
            ComparedClause(
                clause.ref,
                clause.title,
                before,
                after,
                overdue_then,
                overdue_now,
                tuple(categories),
            )
        )
    return RoundDiff(
        earlier,
        later,
        **{name: tuple(refs) for name, refs in lists.items()},
        rows=tuple(rows),
    )


# -- the review schedule ---------------------------------------------------------

# How often each kind is looked at again, unless a clause has its own cadence.
DEFAULT_CADENCE_DAYS: dict[ClauseKind, int] = {
    ClauseKind.COMMITMENT: 30,
    ClauseKind.RELATED: 60,
    ClauseKind.PRINCIPLE: 90,
}


def next_review(
    clause: Clause, last_assessed: dt.date | None, cadence_days: int | None = None
) -> dt.date | None:
    """When the clause is next due for review: its cadence after it was last
    assessed; a clause never assessed is due at once (None means "now")."""
    if last_assessed is None:
        return None
    days = cadence_days if cadence_days is not None else DEFAULT_CADENCE_DAYS[clause.kind]
    return last_assessed + dt.timedelta(days=days)


def due_for_review(next_date: dt.date | None, today: dt.date) -> bool:
    return next_date is None or next_date <= today


def refs_due_for_review(
    rows: Sequence[BoardRow],
    cadences: Mapping[str, int],
    today: dt.date,
    assessed: Mapping[str, dt.datetime] | None = None,
) -> list[str]:
    """References due for review on ``today``, in the rows' order: never assessed,
    or last assessed longer ago than their cadence (their own, else their kind's).

    A clause was last assessed when its status last changed or, if later, when a
    round last assessed it (``assessed``, by reference): confirming an unchanged
    status in a round is a review too. A clause now "not assessed" is due at once.
    """
    due = []
    for row in rows:
        state = row.state
        last: dt.date | None = None
        if state.status is not Status.NOT_ASSESSED:
            moments = [state.changed_at, (assessed or {}).get(row.clause.ref)]
            known = [moment for moment in moments if moment is not None]
            last = max(known).date() if known else None
        if due_for_review(next_review(row.clause, last, cadences.get(row.clause.ref)), today):
            due.append(row.clause.ref)
    return due
