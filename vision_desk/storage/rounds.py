"""Review rounds in the store: opening, assessments, the sealed record, cadences."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from vision_desk.domain.review import PartyAssessment
from vision_desk.domain.rounds import Round, RoundRecord
from vision_desk.domain.status import STATUS_BY_VALUE, Status
from vision_desk.storage.evidence import digests_json
from vision_desk.storage.models import (
    ClauseScheduleRow,
    NoteRow,
    RoundAssessmentRow,
    RoundRecordRow,
    RoundRow,
)
from vision_desk.storage.parts_codec import parts_from_json, parts_json


@dataclass(frozen=True, slots=True)
class Assessment:
    """A status set in an open round (the latest per clause)."""

    clause_id: int
    status: Status
    note_id: int | None
    assessed_at: dt.datetime
    assessed_by: str
    parts: tuple[PartyAssessment, ...] = ()  # assessed per party: each party's status


def _round(row: RoundRow) -> Round:
    return Round(
        id=row.id,
        agreement_id=row.agreement_id,
        title=row.title,
        as_of=row.as_of,
        opened_at=row.opened_at,
        opened_by=row.opened_by,
        closed_at=row.closed_at,
        closed_by=row.closed_by,
        content_hash=row.content_hash,
        events_seen=row.events_seen,
    )


def open_round(
    session: Session, agreement_id: str, title: str, as_of: dt.date, at: dt.datetime, by: str
) -> Round:
    row = RoundRow(agreement_id=agreement_id, title=title, as_of=as_of, opened_at=at, opened_by=by)
    session.add(row)
    session.flush()
    return _round(row)


def get(session: Session, round_id: int) -> Round | None:
    row = session.get(RoundRow, round_id)
    return None if row is None else _round(row)


def open_for(session: Session, agreement_id: str) -> Round | None:
    row = session.scalars(
        select(RoundRow).where(RoundRow.agreement_id == agreement_id, RoundRow.closed_at.is_(None))
    ).first()
    return None if row is None else _round(row)


def all_rounds(session: Session, agreement_id: str | None = None) -> list[Round]:
    query = select(RoundRow).order_by(RoundRow.id)
    if agreement_id is not None:
        query = query.where(RoundRow.agreement_id == agreement_id)
    return [_round(row) for row in session.scalars(query)]


def closed_rounds(session: Session, agreement_id: str) -> list[Round]:
    """Closed rounds in the order they were held. With at most one open at a time,
    that is the order of their ids; closing times could disagree if the computer's
    clock was ever set back, and must not reorder the reviews."""
    rows = session.scalars(
        select(RoundRow)
        .where(RoundRow.agreement_id == agreement_id, RoundRow.closed_at.is_not(None))
        .order_by(RoundRow.id)
    )
    return [_round(row) for row in rows]


# -- assessments while open -------------------------------------------------------


def assessments(session: Session, round_id: int) -> dict[int, Assessment]:
    rows = session.scalars(
        select(RoundAssessmentRow).where(RoundAssessmentRow.round_id == round_id)
    )
    return {row.clause_id: _assessment(row) for row in rows}


def assessment(session: Session, round_id: int, clause_id: int) -> Assessment | None:
    row = _assessment_row(session, round_id, clause_id)
    return None if row is None else _assessment(row)


def _assessment(row: RoundAssessmentRow) -> Assessment:
    return Assessment(
        row.clause_id,
        STATUS_BY_VALUE[row.status],
        row.note_id,
        row.assessed_at,
        row.assessed_by,
        parts_from_json(row.parts),
    )


def put_assessment(
    session: Session, round_id: int, assessment: Assessment | None, clause_id: int
) -> None:
    """Make the clause's assessment in the round ``assessment`` (None: not assessed)."""
    row = _assessment_row(session, round_id, clause_id)
    if assessment is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = RoundAssessmentRow(round_id=round_id, clause_id=clause_id)
        session.add(row)
    row.status = assessment.status.value
    row.note_id = assessment.note_id
    row.assessed_at = assessment.assessed_at
    row.assessed_by = assessment.assessed_by
    row.parts = parts_json(assessment.parts)


def _assessment_row(session: Session, round_id: int, clause_id: int) -> RoundAssessmentRow | None:
    return session.scalars(
        select(RoundAssessmentRow).where(
            RoundAssessmentRow.round_id == round_id, RoundAssessmentRow.clause_id == clause_id
        )
    ).first()


def last_assessed(session: Session, agreement_id: str) -> dict[int, dt.datetime]:
    """When each clause was last assessed in any round of the agreement, open or
    closed, by clause id. Assessments stay after closing (sealed), and one undone
    while its round was open is gone; setting "not assessed" is no assessment."""
    rows = session.execute(
        select(RoundAssessmentRow.clause_id, func.max(RoundAssessmentRow.assessed_at))
        .join(RoundRow, RoundRow.id == RoundAssessmentRow.round_id)
        .where(
            RoundRow.agreement_id == agreement_id,
            RoundAssessmentRow.status != Status.NOT_ASSESSED.value,
        )
        .group_by(RoundAssessmentRow.clause_id)
    )
    return {clause_id: at for clause_id, at in rows if at is not None}


def note_texts(session: Session, note_ids: list[int]) -> dict[int, str]:
    """The live words of these notes (a deleted note has none)."""
    if not note_ids:
        return {}
    rows = session.execute(
        select(NoteRow.id, NoteRow.text).where(NoteRow.id.in_(note_ids), NoteRow.removed.is_(None))
    )
    return {note_id: text for note_id, text in rows}


def sealing_reason(session: Session, note_id: int) -> tuple[Round, str] | None:
    """The first closed round whose sealed record keeps this note's words as a
    clause's reason, with that clause's reference; None when no record does.

    The record holds a copy of the words, taken at closing from the note its
    assessment named; a note deleted before closing left no words there."""
    found = session.execute(
        select(RoundRow, RoundRecordRow.ref)
        .join(RoundAssessmentRow, RoundAssessmentRow.round_id == RoundRow.id)
        .join(
            RoundRecordRow,
            (RoundRecordRow.round_id == RoundRow.id)
            & (RoundRecordRow.clause_id == RoundAssessmentRow.clause_id),
        )
        .where(
            RoundAssessmentRow.note_id == note_id,
            RoundRow.closed_at.is_not(None),
            RoundRecordRow.rationale.is_not(None),
        )
        .order_by(RoundRow.id)
    ).first()
    return None if found is None else (_round(found[0]), found[1])


# -- closing and the sealed record --------------------------------------------------


def close(
    session: Session,
    round_id: int,
    records: list[tuple[int, RoundRecord]],
    content_hash: str,
    at: dt.datetime,
    by: str,
    events_seen: int | None = None,
) -> None:
    """Write the record, then seal the round; the triggers refuse anything after."""
    # One bulk insert: a round of thousands of clauses closes in well under a second.
    session.execute(
        insert(RoundRecordRow),
        [
            {
                "round_id": round_id,
                "clause_id": clause_id,
                "ref": record.ref,
                "status": record.status.value,
                "carried_over": record.carried_over,
                "assessed_at": record.assessed_at,
                "assessed_by": record.assessed_by,
                "rationale": record.rationale,
                "parts": parts_json(record.parts),
                "evidence": digests_json(record.evidence),
            }
            for clause_id, record in records
        ],
    )
    row = session.get_one(RoundRow, round_id)
    row.closed_at, row.closed_by, row.content_hash = at, by, content_hash
    row.events_seen = events_seen
    session.flush()


def records(session: Session, round_id: int) -> list[RoundRecord]:
    rows = session.scalars(select(RoundRecordRow).where(RoundRecordRow.round_id == round_id))
    return [
        RoundRecord(
            ref=row.ref,
            status=STATUS_BY_VALUE[row.status],
            carried_over=row.carried_over,
            assessed_at=row.assessed_at,
            assessed_by=row.assessed_by,
            rationale=row.rationale,
            parts=parts_from_json(row.parts),
            evidence=tuple(json.loads(row.evidence)) if row.evidence else (),
        )
        for row in rows
    ]


def record_statuses(session: Session, round_id: int) -> dict[str, Status]:
    """Just each reference's recorded status: what a comparison needs, read as
    plain rows (two rounds of 5,000 clauses are compared well within 200 ms)."""
    rows = session.execute(
        select(RoundRecordRow.ref, RoundRecordRow.status).where(RoundRecordRow.round_id == round_id)
    )
    return {ref: STATUS_BY_VALUE[status] for ref, status in rows}


# -- review cadences ----------------------------------------------------------------


def cadences(session: Session, clause_ids: list[int]) -> dict[int, int]:
    if not clause_ids:
        return {}
    rows = session.execute(
        select(ClauseScheduleRow.clause_id, ClauseScheduleRow.cadence_days).where(
            ClauseScheduleRow.clause_id.in_(clause_ids)
        )
    )
    return {clause_id: days for clause_id, days in rows}


def set_cadence(session: Session, clause_id: int, days: int | None) -> None:
    row = session.get(ClauseScheduleRow, clause_id)
    if days is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(ClauseScheduleRow(clause_id=clause_id, cadence_days=days))
    else:
        row.cadence_days = days
