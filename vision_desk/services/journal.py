"""Undo and redo over the journal kept in the store, so they reach across restarts.

Each officer action leaves one journal entry saying how to put things back. Undo
and redo are themselves recorded in the history (marked ``via``), so the history
stays a true account of what happened, in order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from vision_desk.domain.review import ChangeKind, PartyAssessment
from vision_desk.domain.status import Status
from vision_desk.errors import NothingToUndoError
from vision_desk.services import journal_rounds
from vision_desk.services import journal_versions as versions
from vision_desk.storage import review as review_store
from vision_desk.storage.review import DISCARDED, DONE, UNDONE, WITHDRAWN, Operation
from vision_desk.storage.store import Transaction

# Kept here too: the desk's actions build their entries with them.
round_payload = journal_rounds.round_payload
parts_payload = journal_rounds.parts_payload

SET_STATUS = "set_status"
ADD_NOTE = "add_note"
EDIT_NOTE = "edit_note"

# How far back undo reaches: plenty for a review session, bounded for the store.
UNDO_DEPTH = 200


@dataclass(frozen=True, slots=True)
class Replayed:
    clause_id: int
    description: str
    status_changed: bool
    notes_changed: bool


class Direction(Enum):
    """Which way through the journal; its value is what the history records as ``via``."""

    UNDO = "undo"
    REDO = "redo"

    @property
    def past(self) -> str:
        """How the officer is told it was done: "Undone", "Redone"."""
        return f"{self.value.capitalize()}ne"


@dataclass(frozen=True, slots=True)
class _Way:
    """What undo and redo do differently; the steps they take are the same."""

    next_entry: Callable[[Transaction, str | None], Operation | None]
    nothing: str
    status: str  # the entry's status to put back: as it was, or as it became
    wording: str  # the kept wording to bring back
    kept_as: str  # where the wording it replaces is kept, for the way back
    assessment: str  # the round's assessment to put back
    leaves: str  # the entry's state afterwards


_WAYS = {
    Direction.UNDO: _Way(
        next_entry=review_store.last_done,  # the newest action still done
        nothing="Nothing to undo.",
        status="before",
        wording="revision",
        kept_as="redo_revision",
        assessment="assessment_before",
        leaves=UNDONE,
    ),
    Direction.REDO: _Way(
        next_entry=review_store.next_undone,  # the action undone last: the earliest undone
        nothing="Nothing to redo.",
        status="after",
        wording="redo_revision",
        kept_as="revision",
        assessment="assessment_after",
        leaves=DONE,
    ),
}


def replay(
    session: Transaction,
    direction: Direction,
    now: dt.datetime,
    author: str,
    own_only: bool = False,
) -> Replayed:
    """Take back the last action (undo), or bring back the last one taken back (redo).
    With ``own_only`` (a team desk) only the officer's own actions. Never over what
    another officer changed since (``journal_versions``): that is refused
    (``ConflictError``), nothing changed and the entry left where it was."""
    way = _WAYS[direction]
    operation = way.next_entry(session, author if own_only else None)
    if operation is None:
        raise NothingToUndoError(way.nothing)
    payload = dict(operation.payload)
    note_id = payload.get("note_id")
    owner = author if own_only else None
    _lock(session, operation.clause_id, payload)
    verb = direction.value.capitalize()
    if operation.kind == SET_STATUS:
        left = Status(payload["after" if direction is Direction.UNDO else "before"])
        versions.refuse_if_status_moved(session, operation.clause_id, left, payload, verb, owner)
    if note_id is not None:
        # An added note is live while its entry is done, withdrawn once undone; an
        # edited one is live either way.
        withdrawn = direction is Direction.REDO and operation.kind != EDIT_NOTE
        versions.refuse_if_note_moved(
            session, operation.clause_id, note_id, withdrawn, payload, verb, owner
        )
    journal_rounds.refuse_if_round_moved(
        session, payload, operation.clause_id, direction is Direction.UNDO, verb
    )
    started = versions.of(session, operation.clause_id, operation.kind == SET_STATUS, note_id)
    status_changed = notes_changed = False
    if operation.kind == SET_STATUS:
        status = Status(payload[way.status])
        parts = journal_rounds.parts_from_payload(payload.get(f"parts_{way.status}"))
        status_changed = _put_status(
            session, operation, status, parts, now, author, direction.value
        )
    if operation.kind in (SET_STATUS, ADD_NOTE) and note_id is not None:
        notes_changed = _put_note(session, operation.clause_id, note_id, direction, now, author)
    elif operation.kind == EDIT_NOTE:
        payload[way.kept_as] = _swap_text(
            session, operation, payload[way.wording], now, author, direction.value
        )
        notes_changed = True
    journal_rounds.replay_round(session, payload, operation.clause_id, way.assessment)
    left_at = versions.of(session, operation.clause_id, operation.kind == SET_STATUS, note_id)
    versions.carry(session, operation.clause_id, note_id, started, left_at, owner, operation.id)
    review_store.mark_operation(session, operation.id, way.leaves, payload | left_at)
    return Replayed(operation.clause_id, _describe(operation), status_changed, notes_changed)


def record(
    session: Transaction,
    kind: str,
    clause_id: int,
    payload: dict[str, Any],
    started: versions.Versions,
    now: dt.datetime,
    author: str,
    owner: str | None,
) -> None:
    """Journal an action, with the versions it left for its undo to be made on; the
    entries of ``owner`` (all, on a file) that waited on the versions it ``started``
    from wait on those now (``journal_versions``)."""
    note_id = payload.get("note_id")
    left = versions.of(session, clause_id, kind == SET_STATUS, note_id)
    versions.carry(session, clause_id, note_id, started, left, owner)
    review_store.record_operation(session, kind, clause_id, payload | left, now, author)


def _lock(session: Transaction, clause_id: int, payload: dict[str, Any]) -> None:
    """The locks the action itself held, taken in its order before anything the entry
    touches is read: what is checked is what is committed, and stays so until the
    step is written. An entry that put an assessment in a round waits, as the action
    did, for that round being opened or closed."""
    if payload.get("round_id") is not None:
        agreement_id, _ = review_store.clause_place(session, clause_id)
        review_store.lock_rounds(session, agreement_id, exclusive=False)
    review_store.lock_clause(session, clause_id)


def discard_redo(session: Transaction, now: dt.datetime, author: str | None = None) -> bool:
    """A new action ends the redo chain. Notes that only redo could have brought back
    are scrubbed now, so withdrawn words do not linger in the file. Returns whether
    any were scrubbed."""
    scrubbed = False
    for operation in review_store.discard_undone(session, author):
        note_id = operation.payload.get("note_id")
        if operation.kind in (SET_STATUS, ADD_NOTE) and note_id is not None:
            record = review_store.note_record(session, note_id)
            if record is not None and record.removed == WITHDRAWN:
                review_store.scrub_note(session, note_id, now)
                scrubbed = True
    # The action about to be recorded is one of the UNDO_DEPTH that stay undoable.
    review_store.trim_journal(session, UNDO_DEPTH - 1, author)
    return scrubbed


def forget_note(session: Transaction, note_id: int) -> None:
    """A deleted note is gone for good: no undo or redo may touch it again."""
    for operation in review_store.open_operations(session):
        if operation.payload.get("note_id") != note_id:
            continue
        if operation.kind == SET_STATUS:
            payload = {**operation.payload, "note_id": None}
            review_store.mark_operation(session, operation.id, operation.state, payload)
        else:
            review_store.mark_operation(session, operation.id, DISCARDED)


def _put_status(
    session: Transaction,
    operation: Operation,
    status: Status,
    parts: tuple[PartyAssessment, ...],
    now: dt.datetime,
    author: str,
    via: str,
) -> bool:
    """Put the clause's status and parts back; the history says which moved."""
    current = review_store.state(session, operation.clause_id)
    if current.status is status and current.parts == parts:
        return False
    review_store.put_state(session, operation.clause_id, status, now, author, parts)
    was = {part.party: part.status for part in current.parts}
    becomes = {part.party: part.status for part in parts}
    for party in sorted(was.keys() | becomes.keys()):
        # A part that comes or goes was, or becomes, the clause's whole status.
        before = was.get(party, current.status if not was else Status.NOT_ASSESSED)
        after = becomes.get(party, status if not becomes else Status.NOT_ASSESSED)
        if before is not after:
            review_store.append_change(
                session,
                operation.clause_id,
                ChangeKind.PARTY_STATUS,
                before,
                after,
                now,
                author,
                via,
                party,
            )
    if current.status is not status:
        review_store.append_change(
            session,
            operation.clause_id,
            ChangeKind.STATUS,
            current.status,
            status,
            now,
            author,
            via,
        )
    return True


def _put_note(
    session: Transaction,
    clause_id: int,
    note_id: int,
    direction: Direction,
    now: dt.datetime,
    author: str,
) -> bool:
    """Withdraw the note an action added (undo), or bring it back (redo). Withdrawn,
    its words stay in the store only while redo may still need them."""
    kind: ChangeKind
    before: str | None
    after: str | None
    if direction is Direction.UNDO:
        review_store.set_note_removed(session, note_id, WITHDRAWN, now)
        kind, before, after = ChangeKind.NOTE_WITHDRAWN, str(note_id), None
    else:
        review_store.set_note_removed(session, note_id, None, None)
        kind, before, after = ChangeKind.NOTE_RESTORED, None, str(note_id)
    review_store.append_change(
        session, clause_id, kind, before, after, now, author, direction.value
    )
    return True


def _swap_text(
    session: Transaction,
    operation: Operation,
    revision_id: int,
    now: dt.datetime,
    author: str,
    via: str,
) -> int:
    """Bring back the wording kept in ``revision_id``; the current wording becomes a
    revision in turn, whose id is returned for the way back."""
    note_id = operation.payload["note_id"]
    text = review_store.revision_text(session, revision_id)
    kept = review_store.replace_note_text(session, note_id, text, now, author)
    review_store.append_change(
        session,
        operation.clause_id,
        ChangeKind.NOTE_EDITED,
        str(note_id),
        str(note_id),
        now,
        author,
        via,
    )
    return kept


def _describe(operation: Operation) -> str:
    payload = operation.payload
    if operation.kind == SET_STATUS:
        before, after = Status(payload["before"]).label, Status(payload["after"]).label
        extra = " and its note" if payload.get("note_id") is not None else ""
        was, became = payload.get("parts_before") or {}, payload.get("parts_after") or {}
        moved = sorted(
            party for party in was.keys() | became.keys() if was.get(party) != became.get(party)
        )
        if moved:
            # A party's part: say whose, and what the clause's status did.
            party = moved[0]
            then = Status(was.get(party, payload["before"] if not was else "not_assessed")).label
            now = Status(
                became.get(party, payload["after"] if not became else "not_assessed")
            ).label
            overall = "" if before == after else f" (overall {before} → {after})"
            return f"{party}'s status {then} → {now}{overall}{extra}"
        return f"status {before} → {after}{extra}"
    if operation.kind == ADD_NOTE:
        return f"note {payload['note_id']} added"
    return f"edit of note {payload['note_id']}"
