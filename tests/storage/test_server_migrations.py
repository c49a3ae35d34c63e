"""The same migrations on a team desk's server: a fresh desk reaches the head with
tables exactly as the models say, and every revision goes down and up again (the
seals and sign triggers removed and put back, by name)."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect, text

from vision_desk import app
from vision_desk.storage import migrate
from vision_desk.storage.models import Base
from vision_desk.storage.server_store import ServerStore

TABLES = {table.name for table in Base.metadata.sorted_tables}


def triggers(connection: Connection) -> list[str]:
    rows = connection.execute(
        text(
            "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY tgname"
        )
    )
    return [name for (name,) in rows]


def test_a_server_desk_is_at_head_with_the_models_tables(server_database: str) -> None:
    app.init_server(server_database)
    store = ServerStore.open(server_database)
    try:
        with store.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
            assert set(inspect(connection).get_table_names()) >= TABLES
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            assert "round_signoffs_checked" in triggers(connection)
    finally:
        store.close()


def test_a_server_desk_goes_down_to_base_and_up_again(server_database: str) -> None:
    app.init_server(server_database)
    store = ServerStore.open(server_database)
    try:
        with store.engine.connect() as connection:
            at_head = triggers(connection)
        with store.engine.begin() as connection:
            command.downgrade(migrate.alembic_config(connection), "base")
        with store.engine.connect() as connection:
            assert migrate.current_revision(connection) is None
            assert not TABLES & set(inspect(connection).get_table_names())
        migrate.upgrade(store.engine)
        with store.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
            assert triggers(connection) == at_head
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        store.close()
