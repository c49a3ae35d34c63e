"""Reading the history back: a clause's last change, and each clause's status as
the history had it at a moment (what a refusal names, and what a past board shows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vision_desk.domain.review import ChangeKind
from vision_desk.domain.status import STATUS_BY_VALUE, Status
from vision_desk.storage.models import ChangeRow, ClauseRow


@dataclass(frozen=True, slots=True)
class LastChange:
    """A line of the history, as far as a refusal names it: what, by whom, when."""

    kind: ChangeKind
    author: str
    at: dt.datetime
    after: str | None


@dataclass(frozen=True, slots=True)
class StatusLine:
    """One line of a clause's history that moved its status (``party``: one party's
    part of it)."""

    clause_id: int
    party: str | None
    after: Status
    at: dt.datetime
    by: str


def last_change(
    session: Session, clause_id: int, note_id: int | None = None, other_than: str | None = None
) -> LastChange | None:
    """The clause's last status change, or with ``note_id`` the note's last change (the
    history holds the note's id, never its words, as what a note change was before or
    became); with ``other_than``, the last made by anyone else."""
    query = select(ChangeRow.kind, ChangeRow.author, ChangeRow.at, ChangeRow.after).where(
        ChangeRow.clause_id == clause_id
    )
    if note_id is None:
        query = query.where(ChangeRow.kind == ChangeKind.STATUS.value)
    else:
        named = str(note_id)
        query = query.where(
            ChangeRow.kind != ChangeKind.STATUS.value,
            (ChangeRow.before == named) | (ChangeRow.after == named),
        )
    if other_than is not None:
        query = query.where(ChangeRow.author != other_than)
    found = session.execute(query.order_by(ChangeRow.id.desc()).limit(1)).first()
    return None if found is None else LastChange(ChangeKind(found[0]), *found[1:])


def status_lines_before(session: Session, agreement_id: str, end: dt.datetime) -> list[StatusLine]:
    """Every change of a clause's status or of one party's part (``party``) before
    ``end``, oldest first: what the board as it stood is replayed from."""
    rows = session.execute(
        select(
            ChangeRow.clause_id, ChangeRow.party, ChangeRow.after, ChangeRow.at, ChangeRow.author
        )
        .join(ClauseRow, ClauseRow.id == ChangeRow.clause_id)
        .where(
            ClauseRow.agreement_id == agreement_id,
            ChangeRow.kind.in_((ChangeKind.STATUS.value, ChangeKind.PARTY_STATUS.value)),
            ChangeRow.at < end,
        )
        .order_by(ChangeRow.id)
    )
    return [
        StatusLine(clause_id, party, STATUS_BY_VALUE[after], at, by)
        for clause_id, party, after, at, by in rows
        if after is not None
    ]
