"""The evidence, confidence and disputes a memo or a brief reports: as they stand
now (a provisional memo), or as a closed round had them (its record's digests, the
overrides and stated positions recorded before it closed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from vision_desk.domain.disputes import Dispute, disputes, latest_positions
from vision_desk.domain.evidence import ClauseConfidence, EvidenceItem, clause_confidence
from vision_desk.domain.review import BoardRow
from vision_desk.domain.rounds import RoundRecord
from vision_desk.domain.status import Status
from vision_desk.services.desk import Desk
from vision_desk.storage import evidence as evidence_store


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """Each clause's cited items and confidence, and the board's disputes."""

    items: dict[str, tuple[EvidenceItem, ...]]
    confidence: dict[str, ClauseConfidence]
    disputes: tuple[Dispute, ...]


def evidence_view(
    desk: Desk,
    agreement_id: str,
    rows: Sequence[BoardRow],
    closed_at: dt.datetime | None = None,
    records: dict[str, RoundRecord] | None = None,
) -> EvidenceView:
    """For a closed round (``closed_at`` and its ``records``): the items whose
    digests its record sealed, and what was recorded before it closed."""
    stored = desk.stored(agreement_id)
    with desk.store.read() as session:
        everything = evidence_store.items(session, agreement_id)
        overrides = evidence_store.overrides(session, None, until=closed_at)
        positions = evidence_store.positions(session, agreement_id)
    if closed_at is not None:
        positions = [p for p in positions if p.recorded_at <= closed_at]
    items: dict[str, list[EvidenceItem]] = {}
    for item in everything:
        for ref in item.refs:
            if records is not None:
                record = records.get(ref)
                if record is None or item.digest not in record.evidence:
                    continue
                # One item per digest the record sealed: the same words recorded
                # again after closing are not a second item of that round.
                if any(kept.digest == item.digest for kept in items.get(ref, ())):
                    continue
            items.setdefault(ref, []).append(item)
    confidence: dict[str, ClauseConfidence] = {}
    for row in rows:
        ref = row.clause.ref
        cited = tuple(items.get(ref, ()))
        override = overrides.get(stored.clause_ids[ref])
        if cited or override is not None or row.status is not Status.NOT_ASSESSED:
            confidence[ref] = clause_confidence(cited, override)
    return EvidenceView(
        {ref: tuple(found) for ref, found in items.items()},
        confidence,
        disputes(rows, latest_positions(positions)),
    )
