"""Schema migrations, applied at start from inside the package (no ini file).

The whole upgrade, however many revisions, runs in one SQLite transaction, so a
revision that fails half-way leaves the file exactly as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError

# Kept in the header module, which the quick first view reads without SQLAlchemy.
from vision_desk.storage.header import HEAD_REVISION as HEAD_REVISION
from vision_desk.storage.header import SCHEMA_VERSION as SCHEMA_VERSION

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def stored_revision(connection: Connection) -> str | None:
    """The revision the store says it is at, read without Alembic."""
    if connection.dialect.name == "postgresql":
        # A failed statement would spoil the server's transaction: ask first.
        found = connection.execute(text("SELECT to_regclass('alembic_version')")).scalar()
        if found is None:
            return None  # a database with no desk in it yet
    try:
        value = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except OperationalError as error:
        if "no such table" in str(error.orig):
            return None  # a new store
        raise
    return None if value is None else str(value)


def alembic_config(connection: Connection | None = None, location: Path = MIGRATIONS) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(location))
    config.attributes["connection"] = connection
    return config


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def known_revisions(location: Path = MIGRATIONS) -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(location=location))
    return {revision.revision for revision in script.walk_revisions()}


def head_revision(location: Path = MIGRATIONS) -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(location=location)).get_current_head()
    assert head is not None, "the package ships at least one migration"
    return head


def needs_upgrade(engine: Engine, location: Path = MIGRATIONS) -> bool:
    with engine.connect() as connection:
        return current_revision(connection) != head_revision(location)


def upgrade(engine: Engine, location: Path = MIGRATIONS) -> None:
    """Bring the store to the newest schema, in one transaction."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection, location), "head")
