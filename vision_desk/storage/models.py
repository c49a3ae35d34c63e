"""The mapped tables. Rows never leave ``storage/``: repositories return domain objects."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# SQLite cannot alter constraints in place; Alembic's batch mode recreates tables
# and needs every constraint to have a predictable name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes stored as ISO-8601 text that sorts in time order."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; times are kept in UTC")
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: str | None, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else dt.datetime.fromisoformat(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class AgreementRow(Base):
    __tablename__ = "agreements"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    short_title: Mapped[str] = mapped_column(Text)
    parties: Mapped[str] = mapped_column(Text)  # JSON list of ISO codes
    place: Mapped[str] = mapped_column(Text)
    date: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[str] = mapped_column(Text)  # JSON list of source records
    imported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    imported_by: Mapped[str] = mapped_column(Text)
    # Version 2 of the format (0007), JSON; NULL for an agreement that has none
    # (every version-1 file): the file's own parties, and the events deadlines
    # are counted from. Fixed once imported, as the rest of the row.
    party_registry: Mapped[str | None] = mapped_column(Text)
    events: Mapped[str | None] = mapped_column(Text)


class ClauseRow(Base):
    __tablename__ = "clauses"
    __table_args__ = (UniqueConstraint("agreement_id", "ref"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    strand: Mapped[str] = mapped_column(String(40))
    parties: Mapped[str] = mapped_column(Text)  # JSON list
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    quotes: Mapped[str] = mapped_column(Text)  # JSON list
    see_also: Mapped[str] = mapped_column(Text)  # JSON list
    provenance_source: Mapped[str] = mapped_column(Text)
    provenance_locator: Mapped[str] = mapped_column(Text)
    due_label: Mapped[str | None] = mapped_column(Text)
    due_earliest: Mapped[dt.date | None] = mapped_column(Date)
    due_latest: Mapped[dt.date | None] = mapped_column(Date)
    due_precision: Mapped[str | None] = mapped_column(String(16))
    # Version 2 (0007); NULL where the file gives none. The document's numbering;
    # the texts in other languages (JSON); a deadline counted from an event, its
    # label in ``due_label``: the event's id (or "signature"), and the offset.
    numbering: Mapped[str | None] = mapped_column(Text)
    texts: Mapped[str | None] = mapped_column(Text)
    due_after: Mapped[str | None] = mapped_column(String(64))
    due_amount: Mapped[int | None] = mapped_column(Integer)
    due_unit: Mapped[str | None] = mapped_column(String(8))


class ClauseStateRow(Base):
    """The current status of a clause; absent means never assessed."""

    __tablename__ = "clause_states"

    clause_id: Mapped[int] = mapped_column(ForeignKey("clauses.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    changed_by: Mapped[str] = mapped_column(Text)
    # One more at each change: a change made on an older one is refused (0005).
    version: Mapped[int] = mapped_column(Integer, server_default="1", default=1)
    # Assessed per party (0008): each party's status (``parts_codec``), ``status``
    # then derived from them; NULL: the status speaks for every party.
    parts: Mapped[str | None] = mapped_column(Text)


class NoteRow(Base):
    __tablename__ = "notes"
    # Counting a clause's live notes reads only this index, not 50,000 note texts.
    __table_args__ = (Index("ix_notes_clause_id_removed", "clause_id", "removed"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clause_id: Mapped[int] = mapped_column(ForeignKey("clauses.id"))
    author: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    text: Mapped[str] = mapped_column(Text)
    edited_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    # "deleted": gone for good, text scrubbed. "withdrawn": taken back by undo,
    # text kept only while redo can still bring it back.
    removed: Mapped[str | None] = mapped_column(String(16))
    removed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, server_default="1", default=1)
    # The party whose part of the clause the note is about (0008; NULL: the whole).
    party: Mapped[str | None] = mapped_column(String(64))


class NoteRevisionRow(Base):
    """An earlier wording of a note, kept when the note was edited."""

    __tablename__ = "note_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    replaced_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    replaced_by: Mapped[str] = mapped_column(Text)


class ChangeRow(Base):
    """The append-only history; SQLite triggers refuse updates and deletes."""

    __tablename__ = "changes"
    __table_args__ = (Index("ix_changes_clause_id_id", "clause_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clause_id: Mapped[int] = mapped_column(ForeignKey("clauses.id"))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    author: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    via: Mapped[str | None] = mapped_column(String(8))
    # For a "party_status" change: whose part moved (0008).
    party: Mapped[str | None] = mapped_column(String(64))


class OperationRow(Base):
    """The undo journal: one row per officer action, kept in the store so that undo
    reaches back across a restart."""

    __tablename__ = "operations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    author: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(24))
    clause_id: Mapped[int] = mapped_column(ForeignKey("clauses.id"))
    payload: Mapped[str] = mapped_column(Text)  # JSON: what to put back, never note text
    state: Mapped[str] = mapped_column(String(12), index=True)  # done | undone | discarded


class SettingRow(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class RoundRow(Base):
    """A review round. The database refuses to change a closed one, and keeps at
    most one open round per agreement (a partial unique index)."""

    __tablename__ = "rounds"
    __table_args__ = (
        Index(
            "uq_rounds_one_open",
            "agreement_id",
            unique=True,
            sqlite_where=text("closed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"))
    title: Mapped[str] = mapped_column(Text)
    as_of: Mapped[dt.date] = mapped_column(Date)
    opened_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    opened_by: Mapped[str] = mapped_column(Text)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    closed_by: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    # The newest event record's id when it closed: the dates it counted from.
    events_seen: Mapped[int | None] = mapped_column(Integer)


class RoundAssessmentRow(Base):
    """A status set while a round was open: the latest one per clause, with the
    note that gave its rationale."""

    __tablename__ = "round_assessments"
    __table_args__ = (UniqueConstraint("round_id", "clause_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    clause_id: Mapped[int] = mapped_column(ForeignKey("clauses.id"))
    status: Mapped[str] = mapped_column(String(16))
    note_id: Mapped[int | None] = mapped_column(ForeignKey("notes.id"))
    assessed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    assessed_by: Mapped[str] = mapped_column(Text)
    parts: Mapped[str | None] = mapped_column(Text)  # per party, as the state (0008)


class RoundRecordRow(Base):
    """What a closed round recorded for each clause; written once, at closing."""

    __tablename__ = "round_records"

    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), primary_key=True)
    clause_id: Mapped[int] = mapped_column(ForeignKey("clauses.id"), primary_key=True)
    ref: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    carried_over: Mapped[bool] = mapped_column(Boolean)
    assessed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    assessed_by: Mapped[str | None] = mapped_column(Text)
    rationale: Mapped[str | None] = mapped_column(Text)
    parts: Mapped[str | None] = mapped_column(Text)  # per party, as the state (0008)
    # The digests of the evidence items cited for the clause when the round closed
    # (0009; JSON list, sorted; NULL: none).
    evidence: Mapped[str | None] = mapped_column(Text)


class RoundSignOffRow(Base):
    """A step of a closed round's sign-off (reviewed, approved): who took it, when,
    and the content hash it signed. Written once; the database refuses the rest
    (``signoff_seals``)."""

    __tablename__ = "round_signoffs"
    __table_args__ = (
        UniqueConstraint("round_id", "step"),
        CheckConstraint("step IN ('reviewed', 'approved')", name="known_step"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    step: Mapped[str] = mapped_column(String(16))
    content_hash: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    signed_by: Mapped[str] = mapped_column(Text)
    # Set by a team desk's server when it checked the step (its roles, its clock);
    # false for a step taken on an officer's own store, where one officer holds
    # every role, and kept so when a store is pushed to a server.
    checked_by_server: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class ClauseScheduleRow(Base):
    """A clause's own review cadence, where it differs from its kind's."""

    __tablename__ = "clause_schedules"

    clause_id: Mapped[int] = mapped_column(ForeignKey("clauses.id"), primary_key=True)
    cadence_days: Mapped[int] = mapped_column(Integer)


class EventRecordRow(Base):
    """The officer's record that an event of an agreement happened on a date, and
    how it is known (0007). Append-only: a correction is a new record, the latest
    (highest ``version``) counts, and a record with no date takes the event back
    to "not yet" (``event_read``)."""

    __tablename__ = "event_records"
    __table_args__ = (
        UniqueConstraint("agreement_id", "event_id", "version"),
        CheckConstraint("version >= 1", name="version_from_one"),
        CheckConstraint("event_id <> 'signature'", name="not_signature"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"))
    event_id: Mapped[str] = mapped_column(String(64))
    date: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    recorded_by: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)


# The evidence tables (0009) live in their own module; imported here so that every
# table is in ``Base.metadata`` wherever the models are.
from vision_desk.storage import evidence_models as evidence_models  # noqa: E402
