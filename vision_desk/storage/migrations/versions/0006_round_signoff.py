"""Round sign-off

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04

A closed round is submitted; a reviewer marks it reviewed and a director approves
it, each step naming the content hash it signed. The steps are written once, in
order, and nothing follows an approval (``vision_desk.storage.signoff_seals``).

A round is inserted open, never already closed. On a team desk's server, every
time, status and kind an officer may write is checked to be one the program can
read, and the desk's functions resolve names in pg_catalog alone
(``vision_desk.storage.server_checks``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from vision_desk.storage import server_checks, signoff_seals
from vision_desk.storage.migrations.dialect import on_server
from vision_desk.storage.models import UtcDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
SCHEMA_VERSION = 6


def upgrade() -> None:
    op.create_table(
        "round_signoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("signed_at", UtcDateTime(), nullable=False),
        sa.Column("signed_by", sa.Text(), nullable=False),
        sa.Column("checked_by_server", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(
            "step IN ('reviewed', 'approved')", name=op.f("ck_round_signoffs_known_step")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_round_signoffs_round_id_rounds")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_signoffs")),
        sa.UniqueConstraint("round_id", "step", name=op.f("uq_round_signoffs_round_id")),
    )
    if on_server():
        for statement in (
            *signoff_seals.SERVER,
            signoff_seals.GRANTS,
            *server_checks.HARDEN,
            *server_checks.CHECKS,
            server_checks.ROUNDS_OPEN_FIRST,
            server_checks.STAMP,
            server_checks.RECORD_MATCHES,
            server_checks.ROUNDS_CLOSING_CHECKED,
        ):
            op.execute(statement)
        return
    for statement in (*signoff_seals.SQLITE, server_checks.ROUNDS_OPEN_FIRST_SQLITE):
        op.execute(statement)
    op.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def downgrade() -> None:
    op.execute("DROP TRIGGER rounds_opened_first" + (" ON rounds" if on_server() else ""))
    if on_server():
        for statement in (
            "DROP TRIGGER rounds_closing_checked ON rounds",
            "DROP FUNCTION vision_desk_check_record()",
            "DROP FUNCTION vision_desk_stamp()",
            *server_checks.CHECKS_DROP,
            *server_checks.HARDEN_DROP,
            *signoff_seals.SERVER_DROP,
        ):
            op.execute(statement)
    for trigger in () if on_server() else signoff_seals.SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER {trigger}")
    op.drop_table("round_signoffs")
    if not on_server():
        op.execute("PRAGMA user_version = 5")
