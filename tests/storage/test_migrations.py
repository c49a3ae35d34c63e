"""Migrations: one head, a fresh file reaches it, models and migrations agree, the
way down and back up works, and a revision that fails half-way changes nothing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, inspect

from vision_desk.storage import migrate
from vision_desk.storage.engine import make_engine
from vision_desk.storage.models import Base
from vision_desk.storage.store import Store

TABLES = {
    "agreements",
    "clauses",
    "clause_states",
    "notes",
    "note_revisions",
    "changes",
    "operations",
    "settings",
    "rounds",
    "round_assessments",
    "round_records",
    "clause_schedules",
    "round_signoffs",
    "event_records",
    "evidence_files",
    "evidence_items",
    "evidence_links",
    "confidence_overrides",
    "party_positions",
}
# Sorted by name, as the test reads them.
_EVIDENCE_TABLES = ("confidence_overrides", "evidence_files", "evidence_items", "evidence_links")
TRIGGERS = sorted(
    [
        "changes_no_delete",
        "changes_no_update",
        "event_records_no_delete",
        "event_records_no_update",
        "round_assessments_closed_no_delete",
        "round_assessments_closed_no_insert",
        "round_assessments_closed_no_update",
        "round_records_no_delete",
        "round_records_no_update",
        "round_records_only_at_closing",
        "round_signoffs_checked",
        "round_signoffs_no_delete",
        "round_signoffs_no_update",
        "rounds_closed_no_update",
        "rounds_no_delete",
        "rounds_opened_first",
        "evidence_links_own_agreement",
        *(
            f"{table}_no_{action}"
            for table in (*_EVIDENCE_TABLES, "party_positions")
            for action in ("delete", "update")
        ),
    ]
)

BROKEN_REVISION = '''\
"""a revision that fails half-way"""

import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute("INSERT INTO half_done (id) VALUES (1)")
    op.add_column("settings", sa.Column("extra", sa.Text(), nullable=True))
    op.execute("PRAGMA user_version = {version}")
    raise RuntimeError("this migration fails half-way")


def downgrade() -> None:
    op.drop_table("half_done")
'''


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = Store.open(tmp_path / "store.sqlite3")
    yield opened
    opened.close()


def _tables(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}
    finally:
        connection.close()


def test_the_fast_path_knows_the_newest_revision() -> None:
    # Store.open skips Alembic when the store is at HEAD_REVISION; a new migration
    # that forgot to move it would never be applied.
    assert migrate.head_revision() == migrate.HEAD_REVISION


def test_there_is_exactly_one_head() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert len(script.get_heads()) == 1
    assert script.get_current_head() == migrate.head_revision()


def test_every_revision_is_known_and_chained_from_base() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    revisions = list(script.walk_revisions())
    assert {revision.revision for revision in revisions} == migrate.known_revisions()
    assert [r for r in revisions if r.down_revision is None] == [revisions[-1]]


def test_a_fresh_database_upgrades_to_head(store: Store) -> None:
    with store.engine.connect() as connection:
        assert migrate.current_revision(connection) == migrate.head_revision()
        assert connection.exec_driver_sql("PRAGMA user_version").scalar() == (
            migrate.SCHEMA_VERSION
        )
        assert set(inspect(connection).get_table_names()) >= TABLES
    assert not migrate.needs_upgrade(store.engine)


def test_models_and_migrations_agree(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        # The comparison does see differences: against no models at all, every
        # migrated table shows up as one to drop.
        against_nothing = compare_metadata(context, MetaData())
    dropped = {diff[1].name for diff in against_nothing if diff[0] == "remove_table"}
    assert dropped == TABLES


def test_downgrade_to_base_then_upgrade_again(store: Store) -> None:
    with store.engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "base")
    with store.engine.connect() as connection:
        assert migrate.current_revision(connection) is None
        assert connection.exec_driver_sql("PRAGMA user_version").scalar() == 0
        assert not TABLES & set(inspect(connection).get_table_names())
        triggers = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        ).all()
        assert triggers == []

    migrate.upgrade(store.engine)

    with store.engine.connect() as connection:
        assert migrate.current_revision(connection) == migrate.head_revision()
        assert connection.exec_driver_sql("PRAGMA user_version").scalar() == (
            migrate.SCHEMA_VERSION
        )
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        triggers = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).all()
        assert [name for (name,) in triggers] == TRIGGERS


def test_a_failing_migration_leaves_the_file_exactly_as_before(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    store = Store.open(path)
    with store.write() as session:
        session.connection().exec_driver_sql(
            "INSERT INTO settings (key, value) VALUES ('kept', 'yes')"
        )
    store.close()
    before = path.read_bytes()

    location = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, location, ignore=shutil.ignore_patterns("__pycache__"))
    (location / "versions" / "9001_broken.py").write_text(
        BROKEN_REVISION.format(head=migrate.head_revision(), version=migrate.SCHEMA_VERSION + 1)
    )
    assert migrate.head_revision(location) == "9001"

    engine = make_engine(path)
    try:
        with pytest.raises(RuntimeError, match="fails half-way"):
            migrate.upgrade(engine, location=location)
    finally:
        engine.dispose()

    assert path.read_bytes() == before
    assert "half_done" not in _tables(path)
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone() == (migrate.SCHEMA_VERSION,)
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (migrate.head_revision(),)
        ]
        columns = [row[1] for row in connection.execute("PRAGMA table_info(settings)")]
        assert columns == ["key", "value"]
        assert connection.execute("SELECT value FROM settings WHERE key = 'kept'").fetchall() == [
            ("yes",)
        ]
    finally:
        connection.close()
    assert path.read_bytes() == before


def test_an_old_store_is_upgraded_when_opened(tmp_path: Path) -> None:
    """A store left at base (no tables yet, as an interrupted first start would
    leave it) is brought to head by Store.open."""
    path = tmp_path / "store.sqlite3"
    store = Store.open(path)
    with store.engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "base")
    store.close()

    store = Store.open(path)
    try:
        with store.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
    finally:
        store.close()
    assert _tables(path) >= TABLES


def test_store_open_with_a_failing_migration_leaves_the_file_and_lets_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through Store.open: the error is not swallowed, the file is as before, and
    no connection is left holding it (no -wal or -shm stays behind)."""
    path = tmp_path / "store.sqlite3"
    Store.open(path).close()
    before = path.read_bytes()
    location = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, location, ignore=shutil.ignore_patterns("__pycache__"))
    (location / "versions" / "9001_broken.py").write_text(
        BROKEN_REVISION.format(head=migrate.head_revision(), version=migrate.SCHEMA_VERSION + 1)
    )
    real_upgrade = migrate.upgrade
    known = migrate.known_revisions(location)
    assert "9001" in known
    monkeypatch.setattr(migrate, "head_revision", lambda: "9001")
    monkeypatch.setattr(migrate, "HEAD_REVISION", "9001")
    monkeypatch.setattr(migrate, "known_revisions", lambda: known)
    monkeypatch.setattr(migrate, "upgrade", lambda engine: real_upgrade(engine, location))

    with pytest.raises(RuntimeError, match="fails half-way"):
        Store.open(path)

    assert path.read_bytes() == before
    for suffix in ("-wal", "-shm"):
        assert not path.with_name(path.name + suffix).exists(), suffix
    assert "half_done" not in _tables(path)
