"""Schema migrations, applied at start from inside the package (no ini file).

The whole upgrade, however many revisions, runs in one SQLite transaction, so a
revision that fails half-way leaves the file exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# The schema version stamped into PRAGMA user_version by the newest revision; the
# header check refuses files with a higher one before SQLite opens them.
SCHEMA_VERSION = 1


def alembic_config(connection: Connection | None = None, location: Path = MIGRATIONS) -> Config:
    config = Config()
    config.set_main_option("script_location", str(location))
    config.attributes["connection"] = connection
    return config


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def known_revisions(location: Path = MIGRATIONS) -> set[str]:
    script = ScriptDirectory.from_config(alembic_config(location=location))
    return {revision.revision for revision in script.walk_revisions()}


def head_revision(location: Path = MIGRATIONS) -> str:
    head = ScriptDirectory.from_config(alembic_config(location=location)).get_current_head()
    assert head is not None, "the package ships at least one migration"
    return head


def needs_upgrade(engine: Engine, location: Path = MIGRATIONS) -> bool:
    with engine.connect() as connection:
        return current_revision(connection) != head_revision(location)


def upgrade(engine: Engine, location: Path = MIGRATIONS) -> None:
    """Bring the store to the newest schema, in one transaction."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection, location), "head")
