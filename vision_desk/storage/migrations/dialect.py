"""Which database a revision is running on: the embedded SQLite file, or a
team desk's PostgreSQL server. The tables are the same; the seals, the schema
version in the file's header and a few index options are each database's own."""

from __future__ import annotations

from alembic import op


def on_server() -> bool:
    return op.get_bind().dialect.name == "postgresql"
