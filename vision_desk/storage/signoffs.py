"""The steps of rounds' sign-off in the store: read them, take one, and ask the
server whether the connected login holds the role a step needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from vision_desk.domain.signoff import Signature, Step
from vision_desk.storage.models import RoundSignOffRow


def signatures(session: Session, round_ids: Iterable[int]) -> dict[int, list[Signature]]:
    """Each round's steps so far, by round id (rounds with none are left out)."""
    ids = list(round_ids)
    if not ids:
        return {}
    rows = session.scalars(
        select(RoundSignOffRow)
        .where(RoundSignOffRow.round_id.in_(ids))
        .order_by(RoundSignOffRow.id)
    )
    found: dict[int, list[Signature]] = {}
    for row in rows:
        found.setdefault(row.round_id, []).append(
            Signature(
                Step(row.step),
                row.signed_by,
                row.signed_at,
                row.content_hash,
                checked_by_server=row.checked_by_server,
            )
        )
    return found


def sign(
    session: Session, round_id: int, step: Step, content_hash: str, at: dt.datetime, by: str
) -> None:
    """Write the step; the database refuses one out of order, on another hash, after
    an approval, or (on a server) by the submitter or a login without the role."""
    session.add(
        RoundSignOffRow(
            round_id=round_id,
            step=step.value,
            content_hash=content_hash,
            signed_at=at,
            signed_by=by,
        )
    )
    session.flush()


# The group role a step needs on a team desk's server (``server_roles``).
_ROLE_FOR = {Step.REVIEWED: "reviewer", Step.APPROVED: "director"}


def holds_role_for(session: Session, step: Step) -> bool:
    """Whether the connected login may take ``step``: on a server, by membership of
    the desk's reviewer or director group (a superuser is a member of every role);
    an officer's own file has one officer, who holds every role."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    held = session.execute(
        text("SELECT pg_has_role(session_user, current_database() || :suffix, 'MEMBER')"),
        {"suffix": f"_{_ROLE_FOR[step]}"},
    ).scalar()
    return bool(held)
