"""The versions undo and redo are made on: never a step back or forth over what
another officer changed since.

Each journal entry keeps, for the rows it touches (its clause's status, its note),
the version at which its next step (undo; redo once undone) finds them as that step
needs them: the version the officer's own last step on the row left. Every step an
officer takes on a row (an action, an undo, a redo) carries their entries waiting on
the version it started from on to the version it leaves, so the officer's own steps,
in any order the journal allows, keep each other in step. A change by anyone else
moves the row on without carrying them: from then on the entry's step is refused, in
one sentence naming the row and who changed it, and the entry stays where it was.
"""

from __future__ import annotations

from typing import Any

from vision_desk.domain.review import ChangeKind
from vision_desk.domain.status import Status
from vision_desk.domain.typed_dates import display_moment
from vision_desk.errors import ConflictError
from vision_desk.storage import history_read
from vision_desk.storage import review as review_store
from vision_desk.storage.review import WITHDRAWN
from vision_desk.storage.store import Transaction

# The payload's keys for the versions an entry waits on.
STATUS = "status_version"
NOTE = "note_version"

Versions = dict[str, int]


def of(session: Transaction, clause_id: int, status: bool, note_id: int | None) -> Versions:
    """The versions of the rows a step touches, as they are now: the clause's status
    (with ``status``), the note ``note_id`` (when there is one and it exists)."""
    found: Versions = {}
    if status:
        session.flush()  # a first status is a new row: read back with its version
        found[STATUS] = review_store.state(session, clause_id).version
    record = None if note_id is None else review_store.note_record(session, note_id)
    if record is not None:
        found[NOTE] = record.version
    return found


def carry(
    session: Transaction,
    clause_id: int,
    note_id: int | None,
    started: Versions,
    left: Versions,
    owner: str | None,
    skip: int | None = None,
) -> None:
    """A step on the clause went from the versions ``started`` to ``left``: the open
    entries of ``owner`` (all, on a file) that waited on where it started now wait on
    where it left off. One whose row someone else moved on in between waits on an
    older version, which no later step starts from: it stays refused."""
    moved = {key: left[key] for key in left if key in started and started[key] != left[key]}
    if not moved:
        return
    for operation in review_store.open_operations(session, clause_id, owner):
        if operation.id == skip:
            continue
        payload = dict(operation.payload)
        for key, version in moved.items():
            same_row = key == STATUS or payload.get("note_id") == note_id
            if same_row and payload.get(key) == started[key]:
                payload[key] = version
        if payload != operation.payload:
            review_store.mark_operation(session, operation.id, operation.state, payload)


def refuse_if_status_moved(
    session: Transaction,
    clause_id: int,
    left: Status,
    waits: dict[str, Any],
    verb: str,
    owner: str | None,
) -> None:
    """Refuse (``verb``: "Undo", "Redo") unless the clause's status is still ``left``
    at the version the entry waits on (an entry journaled before versions were kept
    waits on none: its status alone is checked)."""
    current = review_store.state(session, clause_id)
    if current.status is left and current.version == waits.get(STATUS, current.version):
        return
    _, ref = review_store.clause_place(session, clause_id)
    moved = _mover(session, clause_id, None, owner)
    what = f"{ref} is now {current.status.label}"
    if moved is not None and moved.after is not None:
        what = f"{ref} was set to {Status(moved.after).label} by {_by(moved)}"
    raise ConflictError(f"{verb} would write over a later change: {what}; nothing was changed.")


def refuse_if_note_moved(
    session: Transaction,
    clause_id: int,
    note_id: int,
    withdrawn: bool,
    waits: dict[str, Any],
    verb: str,
    owner: str | None,
) -> None:
    """Refuse unless the note is still live (or ``withdrawn``, as undo left an added
    one) at the version the entry waits on."""
    record = review_store.note_record(session, note_id)
    if record is not None and record.removed == (WITHDRAWN if withdrawn else None):
        version = waits.get(NOTE)
        if version is not None and record.version == version:
            return
        # An entry journaled before versions were kept: on a file nothing comes
        # between one officer's steps; on a server, the note's last change must be
        # the officer's own.
        last = history_read.last_change(session, clause_id, note_id)
        if version is None and (owner is None or last is None or last.author == owner):
            return
    _, ref = review_store.clause_place(session, clause_id)
    moved = _mover(session, clause_id, note_id, owner)
    how = "changed by someone else"
    if moved is not None:
        how = f"{_NOTE_CHANGES[moved.kind]} by {_by(moved)}"
    raise ConflictError(
        f"{verb} would write over a later change: note {note_id} on {ref} was {how}; "
        "nothing was changed."
    )


_NOTE_CHANGES = {
    ChangeKind.NOTE_ADDED: "added",
    ChangeKind.NOTE_EDITED: "edited",
    ChangeKind.NOTE_WITHDRAWN: "withdrawn",
    ChangeKind.NOTE_RESTORED: "brought back",
    ChangeKind.NOTE_DELETED: "deleted",
}


def _mover(
    session: Transaction, clause_id: int, note_id: int | None, owner: str | None
) -> history_read.LastChange | None:
    """Whose change a refusal names: on a server the last by another officer (the
    officer's own since, such as an undo on top of theirs, is not the reason)."""
    theirs = history_read.last_change(session, clause_id, note_id, other_than=owner)
    return theirs or history_read.last_change(session, clause_id, note_id)


def _by(change: history_read.LastChange) -> str:
    return f"{change.author} at {display_moment(change.at)} UTC"
