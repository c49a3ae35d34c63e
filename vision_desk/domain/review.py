"""What the officer records about a clause: its status, notes and their history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from vision_desk.domain.agreement import Clause, Deadline
from vision_desk.domain.deadlines import NO_EVENT_DATES, effective_due
from vision_desk.domain.rules import Flag, days_left, flags_for
from vision_desk.domain.status import Status, score_of


@dataclass(frozen=True, slots=True)
class PartyAssessment:
    """One party's part of a clause assessed per party: its status, and (where a
    report needs it) the text of the officer's latest note on that party's part."""

    party: str
    status: Status
    note: str = ""


@dataclass(frozen=True, slots=True)
class ClauseState:
    """A clause's current status, and who set it when (None: never set).

    ``parts``: for a clause assessed per party, each party's status, in the
    clause's order of parties; ``status`` is then the overall status derived from
    them (``party_status.split_status``). Empty: the status speaks for every party.
    """

    status: Status = Status.NOT_ASSESSED
    changed_at: dt.datetime | None = None
    changed_by: str | None = None
    # The row's version (0: never set): a change made on an older one is refused.
    version: int = 0
    parts: tuple[PartyAssessment, ...] = ()

    @property
    def per_party(self) -> bool:
        return bool(self.parts)


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One clause as it stands on a date: the row of every list, table and memo."""

    clause: Clause
    state: ClauseState
    as_of: dt.date
    note_count: int = 0
    # While a review round is open: assessed in it yet? (None: no round is open.)
    round_assessed: bool | None = None
    # The known dates of the agreement's events (``deadlines.event_dates``), for a
    # deadline counted from one; without them such a clause is waiting. Left out
    # of the row's hash, as a mapping has none; rows still compare by it.
    # One shared empty mapping, not a new dict for each of thousands of rows.
    event_dates: Mapping[str, dt.date] = field(default_factory=lambda: NO_EVENT_DATES, hash=False)

    @property
    def carried_over(self) -> bool:
        """Not yet assessed in the open round, showing the status it had before."""
        return self.round_assessed is False and self.state.status is not Status.NOT_ASSESSED

    @property
    def status(self) -> Status:
        return self.state.status

    @property
    def score(self) -> int | None:
        return score_of(self.state.status)

    @property
    def due(self) -> Deadline | None:
        """The deadline measured against: the clause's own, or the date its relative
        deadline gives once the event has happened (None while waiting)."""
        return effective_due(self.clause, self.event_dates, self.as_of)

    @property
    def flags(self) -> tuple[Flag, ...]:
        return flags_for(self.clause, self.state.status, self.as_of, self.event_dates)

    @property
    def days_left(self) -> int | None:
        return days_left(self.due, self.as_of)


@dataclass(frozen=True, slots=True)
class NoteRevision:
    """An earlier wording of a note, kept when it was edited."""

    text: str
    replaced_at: dt.datetime
    replaced_by: str


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    clause_ref: str
    author: str
    created_at: dt.datetime
    text: str
    edited_at: dt.datetime | None = None
    revisions: tuple[NoteRevision, ...] = ()
    # The party whose part of the clause the note is about (None: the whole clause).
    party: str | None = None


class ChangeKind(StrEnum):
    STATUS = "status"
    NOTE_ADDED = "note_added"
    NOTE_EDITED = "note_edited"
    NOTE_DELETED = "note_deleted"
    NOTE_WITHDRAWN = "note_withdrawn"  # an added note taken back by undo
    NOTE_RESTORED = "note_restored"  # ... and brought back by redo
    PARTY_STATUS = "party_status"  # one party's part of a clause assessed per party


@dataclass(frozen=True, slots=True)
class Change:
    """One line of a clause's append-only history.

    For a status, ``before`` and ``after`` are machine names. For notes they hold
    the note id only: note text never goes into history, so that deleting a note
    really removes its words.
    """

    id: int
    clause_ref: str
    at: dt.datetime
    author: str
    kind: ChangeKind
    before: str | None
    after: str | None
    via: str | None = None  # "undo" or "redo" when the change came from there
    party: str | None = None  # whose part, for a party's status

    def describe(self, labels: bool = False) -> str:
        """The change in a few words: statuses as machine names (the command line)
        or as labels (the desk); notes by id only, never their words."""
        if self.kind is ChangeKind.STATUS:
            if not labels:
                return f"status {self.before} → {self.after}"
            before = Status(self.before).label if self.before else "—"
            after = Status(self.after).label if self.after else "—"
            return f"Status: {before} → {after}"
        if self.kind is ChangeKind.PARTY_STATUS:
            if not labels:
                return f"{self.party} status {self.before} → {self.after}"
            before = Status(self.before).label if self.before else "—"
            after = Status(self.after).label if self.after else "—"
            return f"{self.party}: {before} → {after}"
        note = self.after or self.before
        return f"{'Note' if labels else 'note'} {note} {_NOTE_VERBS[self.kind]}"


_NOTE_VERBS = {
    ChangeKind.NOTE_ADDED: "added",
    ChangeKind.NOTE_EDITED: "edited",
    ChangeKind.NOTE_DELETED: "deleted",
    ChangeKind.NOTE_WITHDRAWN: "withdrawn",
    ChangeKind.NOTE_RESTORED: "restored",
}
