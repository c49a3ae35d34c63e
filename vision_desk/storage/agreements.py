"""Agreements and their clauses in the store, in and out as domain objects."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, literal_column, select
from sqlalchemy.orm import Session

from vision_desk.domain.agreement import (
    Agreement,
    Clause,
    ClauseKind,
    Deadline,
    Precision,
    Provenance,
    Source,
)
from vision_desk.storage.models import AgreementRow, ClauseRow


@dataclass(frozen=True, slots=True)
class StoredAgreement:
    """An agreement with the store's ids of its clauses (which never leave services)."""

    agreement: Agreement
    clause_ids: dict[str, int]
    clause_refs: dict[int, str]


def agreement_ids(session: Session) -> list[str]:
    """Ids in the order the agreements were imported. SQLite's rowid grows with each
    insert and agreements are never deleted, so this holds even when the computer's
    clock was wrong or changed between imports (``imported_at`` comes from it)."""
    return list(session.scalars(select(AgreementRow.id).order_by(literal_column("rowid"))))


def has_agreement(session: Session, agreement_id: str) -> bool:
    return session.get(AgreementRow, agreement_id) is not None


def add_agreement(session: Session, agreement: Agreement, at: dt.datetime, by: str) -> None:
    session.add(
        AgreementRow(
            id=agreement.id,
            title=agreement.title,
            short_title=agreement.short_title,
            parties=json.dumps(list(agreement.parties)),
            place=agreement.place,
            date=agreement.date,
            source=agreement.source,
            summary=agreement.summary,
            sources=json.dumps([_source_record(source) for source in agreement.sources]),
            imported_at=at,
            imported_by=by,
        )
    )
    session.add_all(
        _clause_row(agreement.id, position, clause)
        for position, clause in enumerate(agreement.clauses)
    )


def load(session: Session, agreement_id: str) -> StoredAgreement | None:
    row = session.get(AgreementRow, agreement_id)
    if row is None:
        return None
    # Plain rows, not ORM objects: an agreement of thousands of clauses loads in a
    # fraction of the time, and clauses are read-only anyway.
    table = ClauseRow.__table__
    clause_rows = session.execute(
        select(table).where(table.c.agreement_id == agreement_id).order_by(table.c.position)
    )
    clauses: list[Clause] = []
    ids: dict[str, int] = {}
    for clause_row in clause_rows:
        clauses.append(_clause(clause_row))
        ids[clause_row.ref] = clause_row.id
    agreement = Agreement(
        id=row.id,
        title=row.title,
        short_title=row.short_title,
        parties=tuple(json.loads(row.parties)),
        place=row.place,
        date=row.date,
        source=row.source,
        summary=row.summary,
        sources=tuple(_source(record) for record in json.loads(row.sources)),
        clauses=tuple(clauses),
    )
    return StoredAgreement(agreement, ids, {clause_id: ref for ref, clause_id in ids.items()})


def _clause_row(agreement_id: str, position: int, clause: Clause) -> ClauseRow:
    due = clause.due
    return ClauseRow(
        agreement_id=agreement_id,
        position=position,
        ref=clause.ref,
        kind=clause.kind.value,
        strand=clause.strand,
        parties=json.dumps(list(clause.parties)),
        title=clause.title,
        text=clause.text,
        quotes=json.dumps(list(clause.quotes), ensure_ascii=False),
        see_also=json.dumps(list(clause.see_also)),
        provenance_source=clause.provenance.source,
        provenance_locator=clause.provenance.locator,
        due_label=due.label if due else None,
        due_earliest=due.earliest if due else None,
        due_latest=due.latest if due else None,
        due_precision=due.precision.value if due else None,
    )


_KINDS = {kind.value: kind for kind in ClauseKind}
_PRECISIONS = {precision.value: precision for precision in Precision}


def _clause(row: Row[Any]) -> Clause:
    due = None
    if row.due_label is not None and row.due_earliest and row.due_latest and row.due_precision:
        due = Deadline(
            row.due_label, row.due_earliest, row.due_latest, _PRECISIONS[row.due_precision]
        )
    return Clause(
        ref=row.ref,
        kind=_KINDS[row.kind],
        strand=row.strand,
        parties=_strings(row.parties),
        title=row.title,
        text=row.text,
        quotes=_strings(row.quotes),
        see_also=_strings(row.see_also),
        provenance=Provenance(row.provenance_source, row.provenance_locator),
        due=due,
    )


def _strings(encoded: str) -> tuple[str, ...]:
    return () if encoded == "[]" else tuple(json.loads(encoded))


def _source_record(source: Source) -> dict[str, str | None]:
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "date": source.date.isoformat() if source.date else None,
        "note": source.note,
    }


def _source(record: dict[str, str | None]) -> Source:
    date = record.get("date")
    return Source(
        id=str(record["id"]),
        title=str(record["title"]),
        publisher=record.get("publisher") or "",
        date=dt.date.fromisoformat(date) if date else None,
        note=record.get("note") or "",
    )
