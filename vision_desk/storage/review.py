"""Statuses, notes, history, the undo journal and settings in the store."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from vision_desk.domain.review import ChangeKind, ClauseState, PartyAssessment
from vision_desk.domain.status import Status
from vision_desk.storage import board_read
from vision_desk.storage.models import (
    ChangeRow,
    ClauseRow,
    ClauseStateRow,
    NoteRevisionRow,
    NoteRow,
    OperationRow,
    SettingRow,
)
from vision_desk.storage.parts_codec import parts_from_json, parts_json
from vision_desk.storage.session import driver_connection

DELETED = "deleted"
WITHDRAWN = "withdrawn"


# -- statuses -----------------------------------------------------------------------


def board_states(session: Session, agreement_id: str) -> dict[int, tuple[ClauseState, int]]:
    """Every assessed or annotated clause's state and live note count, in one query."""
    return board_read.board_states(driver_connection(session), agreement_id)


def state(session: Session, clause_id: int) -> ClauseState:
    row = session.get(ClauseStateRow, clause_id)
    if row is None:
        return ClauseState()
    # The session's identity map holds rows weakly: the row read before a change
    # is kept for the session (one transaction), or writing it and reading its new
    # version would each read it from the store again.
    session.info.setdefault("kept_rows", []).append(row)
    return ClauseState(
        Status(row.status), row.changed_at, row.changed_by, row.version, parts_from_json(row.parts)
    )


# The advisory locks' first keys: Vision Desk's clauses ("VD"), its rounds ("VR").
CLAUSE_LOCKS = 0x5644
ROUND_LOCKS = 0x5652


def lock_clause(session: Session, clause_id: int) -> None:
    """Hold the clause against other writers until the transaction ends, so that
    the state read next is the one the change replaces. SQLite's writer holds the
    whole file already (``BEGIN IMMEDIATE``); a server takes a lock on the clause
    that ends with the transaction (an advisory lock: it needs no right to change
    the clause itself, which no officer has)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:space, :clause)"),
            {"space": CLAUSE_LOCKS, "clause": clause_id},
        )


def lock_rounds(session: Session, agreement_id: str, exclusive: bool) -> None:
    """On a server: opening or closing a round (``exclusive``) waits for the changes
    being made in it, and they (shared) for it, so that no assessment lands in a
    round after its record was taken. SQLite's writer holds the whole file already."""
    if session.get_bind().dialect.name == "postgresql":
        lock = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        session.execute(
            text(f"SELECT {lock}(:space, hashtext(:agreement))"),
            {"space": ROUND_LOCKS, "agreement": agreement_id},
        )


def clause_place(session: Session, clause_id: int) -> tuple[str, str]:
    """The clause's agreement and reference: which rounds to lock, and how to name it."""
    agreement_id, ref = session.execute(
        select(ClauseRow.agreement_id, ClauseRow.ref).where(ClauseRow.id == clause_id)
    ).one()
    return str(agreement_id), str(ref)


def note_clause(session: Session, note_id: int) -> int | None:
    """The clause a note is on, read from the store itself (not a row the session
    already holds): what to lock before the note is read for a change."""
    found = session.execute(select(NoteRow.clause_id).where(NoteRow.id == note_id)).scalar()
    return None if found is None else int(found)


def put_state(
    session: Session,
    clause_id: int,
    status: Status,
    at: dt.datetime,
    by: str,
    parts: Iterable[PartyAssessment] = (),
) -> None:
    """Make the clause's state ``status``; with ``parts``, the parties' statuses it
    was derived from (none: the status speaks for every party)."""
    stored_parts = parts_json(parts)
    row = session.get(ClauseStateRow, clause_id)
    if row is None:
        session.add(
            ClauseStateRow(
                clause_id=clause_id,
                status=status.value,
                changed_at=at,
                changed_by=by,
                version=1,
                parts=stored_parts,
            )
        )
    else:
        row.status, row.changed_at, row.changed_by = status.value, at, by
        row.parts = stored_parts
        row.version += 1


# -- notes --------------------------------------------------------------------------


def add_note(
    session: Session,
    clause_id: int,
    text: str,
    at: dt.datetime,
    by: str,
    party: str | None = None,
) -> int:
    row = NoteRow(clause_id=clause_id, author=by, created_at=at, text=text, party=party)
    session.add(row)
    session.flush()
    return row.id


@dataclass(frozen=True, slots=True)
class NoteRecord:
    """A note row's facts, including whether (and how) it was removed."""

    id: int
    clause_id: int
    text: str
    removed: str | None
    version: int = 1
    edited_at: dt.datetime | None = None


def note_record(session: Session, note_id: int) -> NoteRecord | None:
    row = session.get(NoteRow, note_id)
    if row is None:
        return None
    return NoteRecord(row.id, row.clause_id, row.text, row.removed, row.version, row.edited_at)


def last_editor(session: Session, note_id: int) -> str | None:
    """Who last replaced the note's words (None: never edited)."""
    found = session.execute(
        select(NoteRevisionRow.replaced_by)
        .where(NoteRevisionRow.note_id == note_id)
        .order_by(NoteRevisionRow.id.desc())
        .limit(1)
    ).scalar()
    return None if found is None else str(found)


def replace_note_text(session: Session, note_id: int, text: str, at: dt.datetime, by: str) -> int:
    """Put ``text`` in the note, keeping the wording it replaces as a revision.
    Returns the id of that revision."""
    row = session.get_one(NoteRow, note_id)
    revision = NoteRevisionRow(note_id=note_id, text=row.text, replaced_at=at, replaced_by=by)
    session.add(revision)
    row.text, row.edited_at = text, at
    row.version += 1
    session.flush()
    return revision.id


def revision_text(session: Session, revision_id: int) -> str:
    return session.get_one(NoteRevisionRow, revision_id).text


def set_note_removed(
    session: Session, note_id: int, removed: str | None, at: dt.datetime | None
) -> None:
    row = session.get_one(NoteRow, note_id)
    row.removed, row.removed_at = removed, at
    # Withdrawn or back, it is not the note an editor opened before: a save on the
    # version read then is refused, never made on words that came and went.
    row.version += 1


def scrub_note(session: Session, note_id: int, at: dt.datetime) -> None:
    """Delete a note's words for good: its text and every earlier wording.

    The row stays (history points at it) with empty text; with
    ``PRAGMA secure_delete`` SQLite overwrites the freed bytes in the file.
    """
    row = session.get_one(NoteRow, note_id)
    row.text, row.removed, row.removed_at = "", DELETED, at
    for revision in session.scalars(
        select(NoteRevisionRow).where(NoteRevisionRow.note_id == note_id)
    ):
        session.delete(revision)


# -- history ------------------------------------------------------------------------


def append_change(
    session: Session,
    clause_id: int,
    kind: ChangeKind,
    before: str | None,
    after: str | None,
    at: dt.datetime,
    by: str,
    via: str | None = None,
    party: str | None = None,
) -> None:
    session.add(
        ChangeRow(
            clause_id=clause_id,
            at=at,
            author=by,
            kind=kind.value,
            before=before,
            after=after,
            via=via,
            party=party,
        )
    )


# -- the undo journal ---------------------------------------------------------------

DONE, UNDONE, DISCARDED = "done", "undone", "discarded"


@dataclass(frozen=True, slots=True)
class Operation:
    id: int
    kind: str
    clause_id: int
    payload: dict[str, Any]
    state: str


def record_operation(
    session: Session, kind: str, clause_id: int, payload: dict[str, Any], at: dt.datetime, by: str
) -> None:
    session.add(
        OperationRow(
            at=at,
            author=by,
            kind=kind,
            clause_id=clause_id,
            payload=json.dumps(payload),
            state=DONE,
        )
    )


def last_done(session: Session, author: str | None = None) -> Operation | None:
    """The operation undo takes back: the newest still done (``author``'s only, on a
    team desk, where each officer undoes their own)."""
    query = select(OperationRow).where(OperationRow.state == DONE)
    if author is not None:
        query = query.where(OperationRow.author == author)
    # LIMIT 1: without it the ORM builds every done operation (hundreds, on a desk
    # worked for months) to hand back the first, and each undo paid for all of them.
    return _operation(session.scalars(query.order_by(OperationRow.id.desc()).limit(1)).first())


def next_undone(session: Session, author: str | None = None) -> Operation | None:
    """The operation redo brings back: the earliest one undone."""
    query = select(OperationRow).where(OperationRow.state == UNDONE)
    if author is not None:
        query = query.where(OperationRow.author == author)
    return _operation(session.scalars(query.order_by(OperationRow.id).limit(1)).first())


def mark_operation(
    session: Session, operation_id: int, state: str, payload: dict[str, Any] | None = None
) -> None:
    row = session.get_one(OperationRow, operation_id)
    row.state = state
    if payload is not None:
        row.payload = json.dumps(payload)


def discard_undone(session: Session, author: str | None = None) -> list[Operation]:
    """A new action ends the redo chain (``author``'s own, on a team desk); returns
    what it discarded."""
    undone = OperationRow.state == UNDONE
    mine = undone if author is None else (undone & (OperationRow.author == author))
    rows = session.scalars(select(OperationRow).where(mine)).all()
    discarded = [operation for operation in (_operation(row) for row in rows) if operation]
    if rows:  # usually none: nothing undone since the last action
        session.execute(update(OperationRow).where(mine).values(state=DISCARDED))
    return discarded


def open_operations(
    session: Session, clause_id: int | None = None, author: str | None = None
) -> list[Operation]:
    """Entries undo or redo may still reach (on ``clause_id``, ``author``'s only, when
    given)."""
    query = select(OperationRow).where(OperationRow.state.in_((DONE, UNDONE)))
    if clause_id is not None:
        query = query.where(OperationRow.clause_id == clause_id)
    if author is not None:
        query = query.where(OperationRow.author == author)
    rows = session.scalars(query.order_by(OperationRow.id))
    return [operation for operation in (_operation(row) for row in rows) if operation]


def trim_journal(session: Session, keep: int, author: str | None = None) -> None:
    """Only the last ``keep`` actions stay undoable (``author``'s, on a team desk:
    each officer's own, so that officers writing at once do not wait on each
    other's journal)."""
    done = OperationRow.state == DONE
    mine = done if author is None else (done & (OperationRow.author == author))
    # One statement, not a read of the ids then a write (it runs on every action):
    # everything at or below the first entry past the newest ``keep``.
    oldest_kept_out = (
        select(OperationRow.id)
        .where(mine)
        .order_by(OperationRow.id.desc())
        .offset(keep)
        .limit(1)
        .scalar_subquery()
    )
    session.execute(
        update(OperationRow)
        .where(mine, OperationRow.id <= oldest_kept_out)
        .values(state=DISCARDED)
        .execution_options(synchronize_session=False)
    )


def _operation(row: OperationRow | None) -> Operation | None:
    if row is None:
        return None
    return Operation(row.id, row.kind, row.clause_id, json.loads(row.payload), row.state)


# -- settings -----------------------------------------------------------------------


def setting(session: Session, key: str) -> str | None:
    row = session.get(SettingRow, key)
    return None if row is None else row.value


def put_setting(session: Session, key: str, value: str) -> None:
    row = session.get(SettingRow, key)
    if row is None:
        session.add(SettingRow(key=key, value=value))
    else:
        row.value = value
