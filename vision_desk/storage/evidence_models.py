"""The tables of evidence, confidence and stated positions (revision 0009)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from vision_desk.storage.models import Base, UtcDateTime


class EvidenceFileRow(Base):
    """A file kept with evidence: its bytes, by their SHA-256 (one copy however many
    items cite it). Written once; checked against its hash on every read."""

    __tablename__ = "evidence_files"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class EvidenceItemRow(Base):
    """An item of evidence as recorded; append-only (a correction is a new item)."""

    __tablename__ = "evidence_items"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('report', 'meeting_record', 'letter', 'press_article', 'official_statement')",
            name="kind_known",
        ),
        CheckConstraint("reliability IN ('A', 'B', 'C', 'D', 'E', 'F')", name="reliability_known"),
        CheckConstraint("credibility BETWEEN 1 AND 6", name="credibility_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    date: Mapped[dt.date] = mapped_column(Date)
    locator: Mapped[str] = mapped_column(Text)
    reliability: Mapped[str] = mapped_column(String(1))
    credibility: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    recorded_by: Mapped[str] = mapped_column(Text)
    file_sha256: Mapped[str | None] = mapped_column(ForeignKey("evidence_files.sha256"))
    file_name: Mapped[str | None] = mapped_column(Text)
    file_type: Mapped[str | None] = mapped_column(String(32))
    # SHA-256 over what the item says (``EvidenceItem.digest``), kept as written so
    # that a round's record of it can be compared by the server.
    digest: Mapped[str] = mapped_column(String(64))


class EvidenceLinkRow(Base):
    """An item cited for a clause's assessment; append-only."""

    __tablename__ = "evidence_links"
    # A clause's evidence is looked up by clause; the key starts with the item.
    __table_args__ = (Index("ix_evidence_links_clause_id", "clause_id"),)

    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence_items.id"), primary_key=True)
    clause_id: Mapped[int] = mapped_column(ForeignKey("clauses.id"), primary_key=True)
    linked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    linked_by: Mapped[str] = mapped_column(Text)


class ConfidenceOverrideRow(Base):
    """The officer's confidence in a clause's assessment over the rule's, with the
    reason; append-only, the latest counts (``level`` NULL: back to the rule)."""

    __tablename__ = "confidence_overrides"
    __table_args__ = (
        CheckConstraint("level IS NULL OR level IN ('high', 'medium', 'low')", name="level_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clause_id: Mapped[int] = mapped_column(ForeignKey("clauses.id"), index=True)
    level: Mapped[str | None] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(Text)
    set_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    set_by: Mapped[str] = mapped_column(Text)


class PartyPositionRow(Base):
    """A party's stated position on a clause; append-only, the latest counts."""

    __tablename__ = "party_positions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clause_id: Mapped[int] = mapped_column(ForeignKey("clauses.id"), index=True)
    party: Mapped[str] = mapped_column(String(64))
    claimed: Mapped[str] = mapped_column(String(16))
    claim: Mapped[str] = mapped_column(Text)
    place: Mapped[str] = mapped_column(Text)  # where it was said
    said_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    recorded_by: Mapped[str] = mapped_column(Text)
