"""Reading an agreement and its clauses straight through the driver's connection.

The desk's first board and every desk's start read the whole agreement here, in
plain SQL (a fraction of the ORM's time at 5,000 clauses), and this module never
imports SQLAlchemy, so the window can read before SQLAlchemy has loaded. Version 2's
fields are NULL for every clause that has none: a version-1 agreement is read as
quickly as it always was, and JSON is parsed only where there is some.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from vision_desk.domain.agreement import (
    Agreement,
    Clause,
    ClauseKind,
    Deadline,
    Precision,
    Provenance,
    Source,
)
from vision_desk.storage.agreement_codec import (
    decode_events,
    decode_parties,
    decode_texts,
    relative_deadline,
)
from vision_desk.storage.plain_sql import PlainConnection


@dataclass(frozen=True, slots=True)
class StoredAgreement:
    """An agreement with the store's ids of its clauses (which never leave services)."""

    agreement: Agreement
    clause_ids: dict[str, int]
    clause_refs: dict[int, str]


_AGREEMENT = (
    "SELECT id, title, short_title, parties, place, date, source, summary, sources, "
    "party_registry, events FROM agreements WHERE id = ?"
)
_CLAUSES = (
    "SELECT id, ref, kind, strand, parties, title, text, quotes, see_also, "
    "provenance_source, provenance_locator, due_label, due_earliest, due_latest, "
    "due_precision{} FROM clauses WHERE agreement_id = ? ORDER BY position"
)
# Version 1's clauses as they were always read: reading five more columns, NULL in
# each of 5,000 rows, costs SQLite alone a tenth more.
_CLAUSES_V1 = _CLAUSES.format("")
_CLAUSES_V2 = _CLAUSES.format(", numbering, texts, due_after, due_amount, due_unit")


def load_agreement(connection: PlainConnection, agreement_id: str) -> StoredAgreement | None:
    row = connection.execute(_AGREEMENT, (agreement_id,)).fetchone()
    if row is None:
        return None
    (id_, title, short_title, parties, place, date, source, summary, sources, registry, events) = (
        row
    )
    clauses: list[Clause] = []
    ids: dict[str, int] = {}
    # Lists of parties, quotes and cross-references repeat from clause to clause
    # (most are empty or the same two parties): each distinct one is decoded once.
    decoded: dict[str, tuple[str, ...]] = {"[]": ()}
    # ``events`` marks a version-2 agreement (``agreement_codec``), [] included.
    version_two = events is not None
    for clause_row in connection.execute(
        _CLAUSES_V2 if version_two else _CLAUSES_V1, (agreement_id,)
    ):
        clauses.append(_clause(clause_row, decoded))
        ids[clause_row[1]] = clause_row[0]
    agreement = Agreement(
        id=id_,
        title=title,
        short_title=short_title,
        parties=tuple(json.loads(parties)),
        place=place,
        date=dt.date.fromisoformat(str(date)),  # text in SQLite, a date from a server
        source=source,
        summary=summary,
        sources=tuple(_source(record) for record in json.loads(sources)),
        clauses=tuple(clauses),
        party_registry=decode_parties(registry),
        events=decode_events(events),
    )
    return StoredAgreement(agreement, ids, {clause_id: ref for ref, clause_id in ids.items()})


_KINDS = {kind.value: kind for kind in ClauseKind}
_PRECISIONS = {precision.value: precision for precision in Precision}


# A version-1 agreement's clauses have none of version 2's five columns.
_NO_VERSION_TWO: tuple[object, ...] = (None,) * 5


def _clause(row: tuple[object, ...], decoded: dict[str, tuple[str, ...]]) -> Clause:
    """A clause from its row: version 1's fifteen columns, and for a version-2
    agreement five more (``_CLAUSES_V2``), made in one go."""
    (
        _id,
        ref,
        kind,
        strand,
        parties,
        title,
        text,
        quotes,
        see_also,
        provenance_source,
        provenance_locator,
        due_label,
        due_earliest,
        due_latest,
        due_precision,
    ) = row[:15]
    numbering, texts, due_after, due_amount, due_unit = row[15:] or _NO_VERSION_TWO
    return Clause(
        ref=str(ref),
        kind=_KINDS[str(kind)],
        strand=str(strand),
        parties=_strings(parties, decoded),
        title=str(title),
        text=str(text),
        quotes=_strings(quotes, decoded),
        see_also=_strings(see_also, decoded),
        provenance=Provenance(str(provenance_source), str(provenance_locator)),
        # A deadline counted from an event keeps its label in due_label, no dates.
        due=None
        if due_after is not None
        else _deadline(due_label, due_earliest, due_latest, due_precision),
        numbering="" if numbering is None else str(numbering),
        texts=() if texts is None else decode_texts(str(texts)),
        relative_due=None
        if due_after is None
        else relative_deadline(due_label, due_after, due_amount, due_unit),
    )


def _deadline(
    label: object, earliest: object, latest: object, precision: object
) -> Deadline | None:
    if label is None or not (earliest and latest and precision):
        return None
    return Deadline(
        str(label),
        dt.date.fromisoformat(str(earliest)),
        dt.date.fromisoformat(str(latest)),
        _PRECISIONS[str(precision)],
    )


def _strings(encoded: object, decoded: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    key = str(encoded)
    found = decoded.get(key)
    if found is None:
        found = decoded[key] = tuple(json.loads(key))
    return found


def _source(record: dict[str, str | None]) -> Source:
    date = record.get("date")
    return Source(
        id=str(record["id"]),
        title=str(record["title"]),
        publisher=record.get("publisher") or "",
        date=dt.date.fromisoformat(date) if date else None,
        note=record.get("note") or "",
    )
