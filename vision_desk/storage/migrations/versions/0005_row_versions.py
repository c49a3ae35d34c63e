"""Row versions

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04

A clause's status and a note carry a version, one more at each change. A change
made on a version that is no longer the row's is refused, not written over what
someone else saved meanwhile (a team desk's officers work at once).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from vision_desk.storage import server_roles
from vision_desk.storage.migrations.dialect import on_server

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
SCHEMA_VERSION = 5


def upgrade() -> None:
    for table in ("clause_states", "notes"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default="1")
            )
    if on_server():
        op.execute(server_roles.GRANT_VERSIONS)
        return
    op.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def downgrade() -> None:
    for table in ("notes", "clause_states"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
    if not on_server():
        op.execute("PRAGMA user_version = 4")
