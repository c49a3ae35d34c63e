"""Agreements as they are written

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

Version 2 of the agreement format kept whole: an agreement's own parties and the
events its deadlines are counted from (JSON, fixed once imported, as its sources
are); a clause's own numbering, its texts in other languages (JSON) and a
deadline counted from an event (the event and the offset, beside the label the
dated deadline already has). Every column is NULL where the file says nothing,
so the agreements already in a store are exactly as they were.

The dates the officer records for those events go in ``event_records``, append-
only (``vision_desk.storage.event_seals``): a correction is a new record, the
latest counts.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from vision_desk.storage import event_seals
from vision_desk.storage.migrations.dialect import on_server
from vision_desk.storage.models import UtcDateTime

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
SCHEMA_VERSION = 7


def new_columns() -> dict[str, tuple[sa.Column[object], ...]]:
    """Made afresh at each call: a column joins the table it is added to, and the
    same revision may run more than once in a process (down, then up again)."""
    return {
        "agreements": (
            sa.Column("party_registry", sa.Text(), nullable=True),
            sa.Column("events", sa.Text(), nullable=True),
        ),
        # The newest event record a round had seen when it closed.
        "rounds": (sa.Column("events_seen", sa.Integer(), nullable=True),),
        "clauses": (
            sa.Column("numbering", sa.Text(), nullable=True),
            sa.Column("texts", sa.Text(), nullable=True),
            sa.Column("due_after", sa.String(length=64), nullable=True),
            sa.Column("due_amount", sa.Integer(), nullable=True),
            sa.Column("due_unit", sa.String(length=8), nullable=True),
        ),
    }


def upgrade() -> None:
    # Nullable columns without a default: SQLite adds them in place (no copy of
    # the table, which other tables refer to), and every row already there reads
    # as a version-1 agreement or clause.
    for table, columns in new_columns().items():
        for column in columns:
            op.add_column(table, column)
    op.create_table(
        "event_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", UtcDateTime(), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_event_records_version_from_one")),
        sa.CheckConstraint("event_id <> 'signature'", name=op.f("ck_event_records_not_signature")),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_event_records_agreement_id_agreements"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_records")),
        sa.UniqueConstraint(
            "agreement_id", "event_id", "version", name=op.f("uq_event_records_agreement_id")
        ),
    )
    if on_server():
        for statement in (*event_seals.SERVER, event_seals.GRANTS):
            op.execute(statement)
        return
    for statement in event_seals.SQLITE:
        op.execute(statement)
    op.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def downgrade() -> None:
    for statement in event_seals.SERVER_DROP if on_server() else ():
        op.execute(statement)
    for trigger in () if on_server() else event_seals.SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER {trigger}")
    op.drop_table("event_records")
    # In place on both databases (SQLite 3.35 and newer): no copy of a table that
    # others refer to.
    for table, columns in new_columns().items():
        for column in reversed(columns):
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column.name}")
    if not on_server():
        op.execute("PRAGMA user_version = 6")
