"""Evidence, confidence overrides and stated positions in the store (revision 0009).

Every row here is append-only: the functions add and read, never change. A file's
bytes are kept once, under their SHA-256, and checked against it when read back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from vision_desk.domain.disputes import PartyPosition
from vision_desk.domain.evidence import (
    Attachment,
    Confidence,
    ConfidenceOverride,
    EvidenceItem,
    EvidenceKind,
)
from vision_desk.domain.status import STATUS_BY_VALUE, Status
from vision_desk.errors import UserError
from vision_desk.storage.evidence_models import (
    ConfidenceOverrideRow,
    EvidenceFileRow,
    EvidenceItemRow,
    EvidenceLinkRow,
    PartyPositionRow,
)
from vision_desk.storage.models import ClauseRow


class DamagedAttachmentError(UserError):
    """A file's bytes in the store no longer match the hash they were kept under."""


def put_file(session: Session, content: bytes) -> str:
    """Keep ``content`` (once, however often it is attached); its SHA-256."""
    sha256 = hashlib.sha256(content).hexdigest()
    if session.get(EvidenceFileRow, sha256) is None:
        session.add(EvidenceFileRow(sha256=sha256, size=len(content), content=content))
        session.flush()
    return sha256


def file_content(session: Session, sha256: str) -> bytes:
    """The kept bytes, checked against their hash: a file changed in the store is
    reported, never handed out."""
    row = session.get(EvidenceFileRow, sha256)
    if row is None:
        raise DamagedAttachmentError(f"The file {sha256[:12]}… is missing from the store.")
    content = bytes(row.content)
    if hashlib.sha256(content).hexdigest() != sha256 or len(content) != row.size:
        raise DamagedAttachmentError(
            f"The file kept under {sha256[:12]}… no longer matches its SHA-256: it was "
            "changed in the store after it was attached; restore a backup to get it back."
        )
    return content


def damaged_files(session: Session) -> list[str]:
    """The hashes of kept files whose bytes no longer match (the store's check).
    One file in memory at a time, however many the store keeps."""
    damaged = []
    hashes = session.scalars(select(EvidenceFileRow.sha256).order_by(EvidenceFileRow.sha256))
    for sha256 in list(hashes):
        size, content = session.execute(
            select(EvidenceFileRow.size, EvidenceFileRow.content).where(
                EvidenceFileRow.sha256 == sha256
            )
        ).one()
        data = bytes(content)
        if hashlib.sha256(data).hexdigest() != sha256 or len(data) != size:
            damaged.append(str(sha256))
        del content, data
    return damaged


def changed_items(session: Session) -> list[int]:
    """The items whose words no longer give the digest they were recorded with:
    changed in the store after they were recorded (a closed round that cited one
    sealed the digest of what it said then)."""
    changed = []
    for row in session.execute(_with_sizes().order_by(EvidenceItemRow.id)):
        if _item(row, ()).digest != row.digest:
            changed.append(row.id)
    return changed


def add_item(session: Session, agreement_id: str, item: EvidenceItem) -> int:
    attachment = item.attachment
    row = EvidenceItemRow(
        agreement_id=agreement_id,
        kind=item.kind.value,
        title=item.title,
        source=item.source,
        date=item.date,
        locator=item.locator,
        reliability=item.reliability,
        credibility=item.credibility,
        recorded_at=item.recorded_at,
        recorded_by=item.recorded_by,
        file_sha256=None if attachment is None else attachment.sha256,
        file_name=None if attachment is None else attachment.name,
        file_type=None if attachment is None else attachment.media_type,
        digest=item.digest,
    )
    session.add(row)
    session.flush()
    return row.id


def link(session: Session, evidence_id: int, clause_id: int, at: dt.datetime, by: str) -> bool:
    """Cite the item for the clause; False when it already was."""
    if session.get(EvidenceLinkRow, (evidence_id, clause_id)) is not None:
        return False
    session.add(
        EvidenceLinkRow(evidence_id=evidence_id, clause_id=clause_id, linked_at=at, linked_by=by)
    )
    session.flush()
    return True


def items(
    session: Session, agreement_id: str, clause_ids: Sequence[int] | None = None
) -> list[EvidenceItem]:
    """The agreement's items (those cited for ``clause_ids``, when given), oldest
    first, each with the references of every clause it supports."""
    chosen = EvidenceItemRow.agreement_id == agreement_id
    if clause_ids is not None:
        chosen &= EvidenceItemRow.id.in_(
            select(EvidenceLinkRow.evidence_id).where(
                EvidenceLinkRow.clause_id.in_(list(clause_ids))
            )
        )
    rows = session.execute(_with_sizes().where(chosen).order_by(EvidenceItemRow.id)).all()
    # The citations of the same items, chosen the same way: a clause's 200 items
    # are not 200 parameters of a second query.
    refs = _refs_where(session, chosen) if rows else {}
    return [_item(row, refs.get(row[0], ())) for row in rows]


def item(session: Session, evidence_id: int) -> EvidenceItem | None:
    chosen = EvidenceItemRow.id == evidence_id
    found = session.execute(_with_sizes().where(chosen)).first()
    if found is None:
        return None
    return _item(found, _refs_where(session, chosen).get(evidence_id, ()))


# The columns ``_item`` reads, in its order.
_ITEM_COLUMNS = (
    EvidenceItemRow.id,
    EvidenceItemRow.kind,
    EvidenceItemRow.title,
    EvidenceItemRow.source,
    EvidenceItemRow.date,
    EvidenceItemRow.locator,
    EvidenceItemRow.reliability,
    EvidenceItemRow.credibility,
    EvidenceItemRow.recorded_at,
    EvidenceItemRow.recorded_by,
    EvidenceItemRow.file_sha256,
    EvidenceItemRow.file_name,
    EvidenceItemRow.file_type,
    EvidenceFileRow.size,
    EvidenceItemRow.digest,
)


def _with_sizes() -> Select[Any]:
    """Items as plain columns with their file's size, in one query: 200 items are
    200 rows read, not 200 ORM objects built (a clause's evidence shows in a frame)."""
    query = cast("Select[Any]", select(*_ITEM_COLUMNS))  # read by place, not by type
    return query.outerjoin(EvidenceFileRow, EvidenceFileRow.sha256 == EvidenceItemRow.file_sha256)


def item_agreement(session: Session, evidence_id: int) -> str | None:
    row = session.get(EvidenceItemRow, evidence_id)
    return None if row is None else row.agreement_id


def cited_digests(session: Session, agreement_id: str) -> dict[int, list[str]]:
    """For each clause with evidence, the digests of the items cited for it, sorted:
    what a closing round records (and the server reads again)."""
    rows = session.execute(
        select(EvidenceLinkRow.clause_id, EvidenceItemRow.digest)
        .join(EvidenceItemRow, EvidenceItemRow.id == EvidenceLinkRow.evidence_id)
        .where(EvidenceItemRow.agreement_id == agreement_id)
    )
    cited: dict[int, list[str]] = {}
    for clause_id, digest in rows:
        cited.setdefault(clause_id, []).append(digest)
    return {clause_id: sorted(digests) for clause_id, digests in cited.items()}


def evidence_counts(session: Session, agreement_id: str) -> dict[int, int]:
    """How many items are cited for each clause that has any."""
    rows = session.execute(
        select(EvidenceLinkRow.clause_id, func.count())
        .join(ClauseRow, ClauseRow.id == EvidenceLinkRow.clause_id)
        .where(ClauseRow.agreement_id == agreement_id)
        .group_by(EvidenceLinkRow.clause_id)
    )
    return {clause_id: count for clause_id, count in rows}


def digests_json(digests: Iterable[str]) -> str | None:
    """The record's form of a clause's cited digests (NULL: none)."""
    listed = sorted(digests)
    return json.dumps(listed, separators=(",", ":")) if listed else None


def _refs_where(session: Session, chosen: Any) -> dict[int, tuple[str, ...]]:
    """The clauses each item ``chosen`` (a condition on the items) supports, in the
    agreement's order."""
    rows = session.execute(
        select(EvidenceLinkRow.evidence_id, ClauseRow.ref)
        .join(ClauseRow, ClauseRow.id == EvidenceLinkRow.clause_id)
        .join(EvidenceItemRow, EvidenceItemRow.id == EvidenceLinkRow.evidence_id)
        .where(chosen)
        .order_by(ClauseRow.position)
    )
    refs: dict[int, list[str]] = {}
    for evidence_id, ref in rows:
        refs.setdefault(evidence_id, []).append(ref)
    return {evidence_id: tuple(found) for evidence_id, found in refs.items()}


_KINDS = {kind.value: kind for kind in EvidenceKind}


def _item(row: Any, refs: tuple[str, ...]) -> EvidenceItem:
    """An item from a row of ``_with_sizes`` (``_ITEM_COLUMNS``), read by place."""
    (
        id_,
        kind,
        title,
        source,
        date,
        locator,
        reliability,
        credibility,
        recorded_at,
        recorded_by,
        sha256,
        file_name,
        file_type,
        size,
        _digest,
    ) = row
    attachment = (
        None if sha256 is None else Attachment(file_name or "", file_type or "", size or 0, sha256)
    )
    return EvidenceItem(
        id_,
        _KINDS[kind],
        title,
        source,
        date,
        locator,
        reliability,
        credibility,
        recorded_at,
        recorded_by,
        attachment,
        refs,
    )


# -- confidence overrides ------------------------------------------------------------------


def add_override(
    session: Session,
    clause_id: int,
    level: Confidence | None,
    reason: str,
    at: dt.datetime,
    by: str,
) -> None:
    session.add(
        ConfidenceOverrideRow(
            clause_id=clause_id,
            level=None if level is None else level.value,
            reason=reason,
            set_at=at,
            set_by=by,
        )
    )
    session.flush()


def overrides(
    session: Session, clause_ids: Sequence[int] | None, until: dt.datetime | None = None
) -> dict[int, ConfidenceOverride]:
    """Each clause's standing override (the latest, unless it took it back); of all
    clauses when ``clause_ids`` is None; as it stood at ``until`` when given."""
    query = select(ConfidenceOverrideRow).order_by(ConfidenceOverrideRow.id)
    if clause_ids is not None:
        query = query.where(ConfidenceOverrideRow.clause_id.in_(list(clause_ids)))
    if until is not None:
        query = query.where(ConfidenceOverrideRow.set_at <= until)
    rows = session.scalars(query)
    latest: dict[int, ConfidenceOverrideRow] = {row.clause_id: row for row in rows}
    return {
        clause_id: ConfidenceOverride(Confidence(row.level), row.reason, row.set_at, row.set_by)
        for clause_id, row in latest.items()
        if row.level is not None
    }


# -- stated positions ------------------------------------------------------------------------


def add_position(session: Session, clause_id: int, position: PartyPosition) -> int:
    row = PartyPositionRow(
        clause_id=clause_id,
        party=position.party,
        claimed=position.claimed.value,
        claim=position.claim,
        place=position.where,
        said_on=position.said_on,
        recorded_at=position.recorded_at,
        recorded_by=position.recorded_by,
    )
    session.add(row)
    session.flush()
    return row.id


def positions(session: Session, agreement_id: str) -> list[PartyPosition]:
    """Every stated position recorded on the agreement's clauses, oldest first."""
    rows = session.execute(
        select(PartyPositionRow, ClauseRow.ref)
        .join(ClauseRow, ClauseRow.id == PartyPositionRow.clause_id)
        .where(ClauseRow.agreement_id == agreement_id)
        .order_by(PartyPositionRow.id)
    )
    return [
        PartyPosition(
            row.id,
            ref,
            row.party,
            STATUS_BY_VALUE.get(row.claimed, Status.NOT_ASSESSED),
            row.claim,
            row.place,
            row.said_on,
            row.recorded_at,
            row.recorded_by,
        )
        for row, ref in rows
    ]
