"""What a review memo says, fixed at one moment: the snapshot the memo is made from.

The memo is drawn from this and nothing else (never from a live session), so the
same snapshot and options always give the same document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from vision_desk.domain.agreement import Agreement
from vision_desk.domain.disputes import Dispute
from vision_desk.domain.evidence import ClauseConfidence, EvidenceItem
from vision_desk.domain.review import BoardRow, Note, PartyAssessment
from vision_desk.domain.round_comparison import ComparedClause
from vision_desk.domain.rules import Summary
from vision_desk.domain.signoff import SignOff

DEFAULT_CLASSIFICATION = "OFFICIAL-SENSITIVE"


@dataclass(frozen=True, slots=True)
class MemoOptions:
    """What the officer chooses in the export dialog or on the command line."""

    date: dt.date
    classification: str = DEFAULT_CLASSIFICATION
    to: str = ""
    sender: str = ""
    subject: str = ""


@dataclass(frozen=True, slots=True)
class RoundInfo:
    """The review round the memo speaks for; ``content_hash`` is set once closed."""

    id: int
    title: str
    as_of: dt.date
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    content_hash: str | None
    sign_off: SignOff | None = None  # its steps: submitted, reviewed, approved
    one_officer: bool = False  # an officer's own store: one officer in every role


@dataclass(frozen=True, slots=True)
class RoundChanges:
    """What changed since the previous closed round: the same comparison the desk
    shows and exports, clause by clause (``rows``, every clause in document order)."""

    previous_title: str
    previous_as_of: dt.date
    rows: tuple[ComparedClause, ...] = ()

    @property
    def changed(self) -> tuple[ComparedClause, ...]:
        return tuple(row for row in self.rows if row.changed)


@dataclass(frozen=True, slots=True)
class MemoClause:
    """One clause as the memo reports it: its row as of the memo's date, the
    rationale recorded with its status in the round, and its notes."""

    row: BoardRow
    notes: tuple[Note, ...] = ()
    rationale: Note | None = None
    carried_over: bool = False
    # Assessed per party: each party's status with the text of its latest note
    # (empty: the clause's status speaks for every party it binds).
    parts: tuple[PartyAssessment, ...] = ()
    # The evidence cited for the assessment (as the round recorded it, for a round's
    # memo), and the confidence it gives (None: not reported).
    evidence: tuple[EvidenceItem, ...] = ()
    confidence: ClauseConfidence | None = None


@dataclass(frozen=True, slots=True)
class MemoSnapshot:
    agreement: Agreement
    as_of: dt.date
    summary: Summary
    clauses: tuple[MemoClause, ...]
    options: MemoOptions
    round: RoundInfo | None = None  # None: no closed round, the memo is provisional
    changes: RoundChanges | None = None
    generator: str = field(default="Vision Desk")
    # The parties' stated positions that differ from ours by a level or more.
    disputes: tuple[Dispute, ...] = ()

    @property
    def provisional(self) -> bool:
        return self.round is None or self.round.content_hash is None


@dataclass(frozen=True, slots=True)
class BriefSnapshot:
    """The one-page pre-meeting brief: where the agreement stands and what to raise.

    ``changes``: what changed since the last closed round (``since``: its title),
    each clause as it was then and is now; None when no round has closed.
    ``upcoming``: the next deadlines not yet passed, soonest first (all of them:
    the page says "and N more" for those it has no room for)."""

    agreement: Agreement
    as_of: dt.date
    summary: Summary
    overdue: tuple[BoardRow, ...]
    changes: tuple[ComparedClause, ...] | None
    since: str | None
    disputes: tuple[Dispute, ...]
    upcoming: tuple[BoardRow, ...]
    classification: str = DEFAULT_CLASSIFICATION
    generator: str = field(default="Vision Desk")
