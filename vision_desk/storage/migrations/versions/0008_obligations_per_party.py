"""Obligations per party

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

A clause that binds several parties may be assessed party by party: its state,
a round's assessment of it and a closed round's record of it keep each party's
status (``parts``, JSON), the overall status beside them as before. A note may
be about one party's part, and the history names the party whose part moved. A
round whose record has parts is hashed in a form that covers them (form 2,
docs/rounds.md); every round closed before has none, and verifies with form 1 as
it always has.

Every column is NULL where there is nothing per party, so every status, note and
round already in a store reads exactly as it did.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from vision_desk.storage import party_seals
from vision_desk.storage.migrations.dialect import on_server

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
SCHEMA_VERSION = 8


def new_columns() -> dict[str, tuple[sa.Column[object], ...]]:
    """Made afresh at each call (a column joins the table it is added to)."""
    return {
        "clause_states": (sa.Column("parts", sa.Text(), nullable=True),),
        "notes": (sa.Column("party", sa.String(length=64), nullable=True),),
        "changes": (sa.Column("party", sa.String(length=64), nullable=True),),
        "round_assessments": (sa.Column("parts", sa.Text(), nullable=True),),
        "round_records": (sa.Column("parts", sa.Text(), nullable=True),),
    }


def upgrade() -> None:
    # Nullable, no default: SQLite adds each in place, without copying a table
    # that others refer to or that triggers seal.
    for table, columns in new_columns().items():
        for column in columns:
            op.add_column(table, column)
    if on_server():
        for statement in (*party_seals.SERVER, party_seals.GRANTS):
            op.execute(statement)
        return
    op.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def downgrade() -> None:
    for statement in party_seals.SERVER_DROP if on_server() else ():
        op.execute(statement)
    for table, columns in new_columns().items():
        for column in reversed(columns):
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column.name}")
    if not on_server():
        op.execute("PRAGMA user_version = 7")
