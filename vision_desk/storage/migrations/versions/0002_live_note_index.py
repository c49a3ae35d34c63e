"""An index for counting live notes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

The board counts each clause's live notes (``removed IS NULL``). With the index on
``clause_id`` alone SQLite read every note row, text included, to check
``removed``; with both columns in the index the count never touches the table.
"""

from collections.abc import Sequence

from alembic import op

from vision_desk.storage.migrations.dialect import on_server

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
SCHEMA_VERSION = 2


def upgrade() -> None:
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_index("ix_notes_clause_id")
        batch_op.create_index("ix_notes_clause_id_removed", ["clause_id", "removed"], unique=False)
    if not on_server():
        op.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def downgrade() -> None:
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_index("ix_notes_clause_id_removed")
        batch_op.create_index("ix_notes_clause_id", ["clause_id"], unique=False)
    if not on_server():
        op.execute("PRAGMA user_version = 1")
