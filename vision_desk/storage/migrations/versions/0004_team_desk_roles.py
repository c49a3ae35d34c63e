"""Team desk roles and signatures

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04

On a team desk's server: the officer, reviewer and director group roles with what
each may do, and triggers that sign every row with the connection's login
(``vision_desk.storage.server_roles``). The officer's own file has one officer and
no roles: there this revision only moves the schema version on.
"""

from collections.abc import Sequence

from alembic import op

from vision_desk.storage import server_roles
from vision_desk.storage.migrations.dialect import on_server

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
SCHEMA_VERSION = 4


def upgrade() -> None:
    if on_server():
        for statement in server_roles.INSTALL:
            op.execute(statement)
        return
    op.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def downgrade() -> None:
    if on_server():
        for statement in server_roles.UNINSTALL:
            op.execute(statement)
        return
    op.execute("PRAGMA user_version = 3")
