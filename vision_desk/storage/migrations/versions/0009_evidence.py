"""Evidence behind every assessment

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04

Items of evidence graded on the Admiralty scale, the files kept with them (their
bytes, by their SHA-256), the items cited for each clause, the officer's
overrides of an assessment's confidence, and the parties' stated positions: five
new tables, all append-only (``vision_desk.storage.evidence_seals``). A closed
round's record names the digests of the items cited for each clause
(``round_records.evidence``), which its hash covers (form 3, docs/rounds.md); NULL
for every round closed before, whose hashes stay as they were.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from vision_desk.storage import evidence_seals
from vision_desk.storage.migrations.dialect import on_server
from vision_desk.storage.models import UtcDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
SCHEMA_VERSION = 9


def _who_when(who: str, when: str) -> tuple[sa.Column[object], ...]:
    return (
        sa.Column(when, UtcDateTime(), nullable=False),
        sa.Column(who, sa.Text(), nullable=False),
    )


def upgrade() -> None:
    op.add_column("round_records", sa.Column("evidence", sa.Text(), nullable=True))
    op.create_table(
        "evidence_files",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_evidence_files")),
    )
    op.create_table(
        "evidence_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("locator", sa.Text(), nullable=False),
        sa.Column("reliability", sa.String(length=1), nullable=False),
        sa.Column("credibility", sa.Integer(), nullable=False),
        *_who_when("recorded_by", "recorded_at"),
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        sa.Column("file_name", sa.Text(), nullable=True),
        sa.Column("file_type", sa.String(length=32), nullable=True),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "kind IN ('report', 'meeting_record', 'letter', 'press_article', 'official_statement')",
            name=op.f("ck_evidence_items_kind_known"),
        ),
        sa.CheckConstraint(
            "reliability IN ('A', 'B', 'C', 'D', 'E', 'F')",
            name=op.f("ck_evidence_items_reliability_known"),
        ),
        sa.CheckConstraint(
            "credibility BETWEEN 1 AND 6", name=op.f("ck_evidence_items_credibility_known")
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_evidence_items_agreement_id_agreements"),
        ),
        sa.ForeignKeyConstraint(
            ["file_sha256"],
            ["evidence_files.sha256"],
            name=op.f("fk_evidence_items_file_sha256_evidence_files"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_items")),
    )
    op.create_index(
        op.f("ix_evidence_items_agreement_id"), "evidence_items", ["agreement_id"], unique=False
    )
    op.create_table(
        "evidence_links",
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("clause_id", sa.Integer(), nullable=False),
        *_who_when("linked_by", "linked_at"),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence_items.id"],
            name=op.f("fk_evidence_links_evidence_id_evidence_items"),
        ),
        sa.ForeignKeyConstraint(
            ["clause_id"], ["clauses.id"], name=op.f("fk_evidence_links_clause_id_clauses")
        ),
        sa.PrimaryKeyConstraint("evidence_id", "clause_id", name=op.f("pk_evidence_links")),
    )
    op.create_index("ix_evidence_links_clause_id", "evidence_links", ["clause_id"], unique=False)
    op.create_table(
        "confidence_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clause_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=8), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        *_who_when("set_by", "set_at"),
        sa.CheckConstraint(
            "level IS NULL OR level IN ('high', 'medium', 'low')",
            name=op.f("ck_confidence_overrides_level_known"),
        ),
        sa.ForeignKeyConstraint(
            ["clause_id"], ["clauses.id"], name=op.f("fk_confidence_overrides_clause_id_clauses")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_confidence_overrides")),
    )
    op.create_index(
        op.f("ix_confidence_overrides_clause_id"),
        "confidence_overrides",
        ["clause_id"],
        unique=False,
    )
    op.create_table(
        "party_positions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clause_id", sa.Integer(), nullable=False),
        sa.Column("party", sa.String(length=64), nullable=False),
        sa.Column("claimed", sa.String(length=16), nullable=False),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("said_on", sa.Date(), nullable=False),
        *_who_when("recorded_by", "recorded_at"),
        sa.ForeignKeyConstraint(
            ["clause_id"], ["clauses.id"], name=op.f("fk_party_positions_clause_id_clauses")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_positions")),
    )
    op.create_index(
        op.f("ix_party_positions_clause_id"), "party_positions", ["clause_id"], unique=False
    )
    if on_server():
        for statement in (
            *evidence_seals.SERVER,
            evidence_seals.GRANTS,
            evidence_seals.RECORD_MATCHES,
        ):
            op.execute(statement)
        return
    for statement in evidence_seals.SQLITE:
        op.execute(statement)
    op.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def downgrade() -> None:
    if on_server():
        op.execute(evidence_seals.RECORD_MATCHES_BEFORE)
    else:
        for trigger in evidence_seals.SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {trigger}")
    # The server's triggers and checks go with their tables.
    for table in ("party_positions", "confidence_overrides", "evidence_links", "evidence_items"):
        op.drop_table(table)
    op.drop_table("evidence_files")
    if on_server():
        op.execute("DROP FUNCTION vision_desk_cited_in_own_agreement()")
    op.execute("ALTER TABLE round_records DROP COLUMN evidence")
    if not on_server():
        op.execute("PRAGMA user_version = 8")
