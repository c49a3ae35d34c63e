"""Agreements and their clauses in the store, in and out as domain objects."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy.orm import Session

from vision_desk.domain.agreement import Agreement, Clause, Source
from vision_desk.storage import board_read
from vision_desk.storage.agreement_codec import (
    encode_events,
    encode_parties,
    encode_texts,
    relative_columns,
)
from vision_desk.storage.agreement_read import StoredAgreement
from vision_desk.storage.models import AgreementRow, ClauseRow
from vision_desk.storage.session import driver_connection

__all__ = ["StoredAgreement", "add_agreement", "agreement_ids", "has_agreement", "load"]


def agreement_ids(session: Session) -> list[str]:
    """Ids in the order the agreements were imported (see ``board_read``)."""
    return board_read.agreement_ids(driver_connection(session))


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
            party_registry=encode_parties(agreement.party_registry),
            events=encode_events(agreement),
        )
    )
    session.add_all(
        _clause_row(agreement.id, position, clause)
        for position, clause in enumerate(agreement.clauses)
    )


def load(session: Session, agreement_id: str) -> StoredAgreement | None:
    # Plain SQL, not ORM objects: an agreement of thousands of clauses loads in a
    # fraction of the time, and clauses are read-only anyway.
    return board_read.load_agreement(driver_connection(session), agreement_id)


def _clause_row(agreement_id: str, position: int, clause: Clause) -> ClauseRow:
    due = clause.due
    relative = clause.relative_due
    after, amount, unit = relative_columns(relative)
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
        # One label column for either kind of deadline (a clause has one or none).
        due_label=due.label if due else (relative.label if relative else None),
        due_earliest=due.earliest if due else None,
        due_latest=due.latest if due else None,
        due_precision=due.precision.value if due else None,
        numbering=clause.numbering or None,
        texts=encode_texts(clause.texts),
        due_after=after,
        due_amount=amount,
        due_unit=unit,
    )


def _source_record(source: Source) -> dict[str, str | None]:
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "date": source.date.isoformat() if source.date else None,
        "note": source.note,
    }
