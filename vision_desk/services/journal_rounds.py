"""What undo and redo do to an open round's assessment: the journal keeps both
versions (before and after the action) and puts one back, never over an assessment
another officer made since. Also the parts per party, as the journal keeps them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from vision_desk.domain.review import PartyAssessment
from vision_desk.domain.status import Status
from vision_desk.errors import ConflictError
from vision_desk.storage import review as review_store
from vision_desk.storage import rounds as rounds_store
from vision_desk.storage.rounds import Assessment
from vision_desk.storage.store import Transaction


def round_payload(
    round_id: int, before: Assessment | None, after: Assessment | None
) -> dict[str, object]:
    """What undo and redo need to put a round's assessment back: both versions."""
    return {
        "round_id": round_id,
        "assessment_before": assessment_json(before),
        "assessment_after": assessment_json(after),
    }


def parts_payload(parts: Iterable[PartyAssessment]) -> dict[str, str] | None:
    """A clause's parts as the journal keeps them: party code to status (None:
    assessed as a whole)."""
    return {part.party: part.status.value for part in parts} or None


def parts_from_payload(saved: dict[str, str] | None) -> tuple[PartyAssessment, ...]:
    """The parts ``parts_payload`` kept (an entry made before parts were kept has none)."""
    return tuple(
        PartyAssessment(party, Status(status)) for party, status in sorted((saved or {}).items())
    )


def assessment_json(assessment: Assessment | None) -> dict[str, object] | None:
    if assessment is None:
        return None
    return {
        "status": assessment.status.value,
        "note_id": assessment.note_id,
        "at": assessment.assessed_at.isoformat(),
        "by": assessment.assessed_by,
        "parts": parts_payload(assessment.parts),
    }


def replay_round(session: Transaction, payload: dict[str, Any], clause_id: int, key: str) -> None:
    """Put the round's assessment as it was (undo) or became (redo), while the round
    is open; a closed round's record is sealed and undo leaves it as it was."""
    round_id = payload.get("round_id")
    if round_id is None:
        return
    round_ = rounds_store.get(session, round_id)
    if round_ is None or not round_.is_open:
        return
    saved = payload.get(key)
    assessment = None
    if saved is not None:
        assessment = Assessment(
            clause_id,
            Status(saved["status"]),
            saved["note_id"],
            dt.datetime.fromisoformat(saved["at"]),
            saved["by"],
            parts_from_payload(saved.get("parts")),
        )
    rounds_store.put_assessment(session, round_id, assessment, clause_id)


def refuse_if_round_moved(
    session: Transaction,
    payload: dict[str, Any],
    clause_id: int,
    undoing: bool,
    verb: str,
) -> None:
    """Refuse when the open round's assessment of the clause is no longer the one
    the entry left (another officer assessed it since, or confirmed it with a
    reason): putting the entry's back would wipe theirs out. Compared on what an
    assessment says (status, parts, who, when), not its reason's note, which a
    deletion may have taken away."""
    round_id = payload.get("round_id")
    if round_id is None:
        return
    round_ = rounds_store.get(session, round_id)
    if round_ is None or not round_.is_open:
        return
    left = payload.get("assessment_after" if undoing else "assessment_before")
    current = rounds_store.assessment(session, round_id, clause_id)
    now = assessment_json(current)
    if _said(now) == _said(left):
        return
    _, ref = review_store.clause_place(session, clause_id)
    who = "" if current is None else f" by {current.assessed_by}"
    raise ConflictError(
        f"{verb} would write over a later assessment of {ref} in the round '{round_.title}'"
        f"{who}; nothing was changed."
    )


def _said(saved: dict[str, Any] | None) -> tuple[object, ...] | None:
    if saved is None:
        return None
    return (saved["status"], saved.get("parts"), saved["at"], saved["by"])
