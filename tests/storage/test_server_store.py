"""A team desk's store on PostgreSQL: made by the same migrations as the officer's
file, sealed by the database the same way, refused when newer or not a desk."""

from __future__ import annotations

import datetime as dt
import socket

import psycopg
import pytest
from sqlalchemy import create_engine, text

from vision_desk.errors import StoreError
from vision_desk.storage import migrate
from vision_desk.storage.server_store import (
    ServerStore,
    create_desk,
    shown,
    upgrade_desk,
)
from vision_desk.storage.server_store import (
    server_url as parse_server_url,
)


def plain(url: str) -> str:
    """The database's address as psycopg's own (no SQLAlchemy driver name)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def test_init_makes_the_schema_the_migrations_define(server_database: str) -> None:
    store = create_desk(server_database)
    try:
        with store.engine.connect() as connection:
            assert migrate.stored_revision(connection) == migrate.HEAD_REVISION
            tables = set(
                connection.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                ).scalars()
            )
            triggers = set(
                connection.execute(
                    text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
                ).scalars()
            )
    finally:
        store.close()
    assert {"agreements", "clauses", "changes", "notes", "rounds", "round_records"} <= tables
    assert {
        "changes_no_update",
        "changes_no_delete",
        "changes_no_truncate",
        "rounds_closed_no_update",
        "round_records_only_at_closing",
        "round_assessments_closed_no_delete",
    } <= triggers


def test_init_refuses_a_database_that_holds_a_desk(server_database: str) -> None:
    create_desk(server_database).close()
    with pytest.raises(StoreError, match="holds a desk already"):
        create_desk(server_database)


def test_an_empty_database_is_not_opened_as_a_desk(server_database: str) -> None:
    with pytest.raises(StoreError, match="server init"):
        ServerStore.open(server_database)


def test_a_newer_desk_is_refused_and_left_untouched(server_database: str) -> None:
    create_desk(server_database).close()
    with psycopg.connect(plain(server_database), autocommit=True) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="newer version of Vision Desk"):
        ServerStore.open(server_database)
    with pytest.raises(StoreError, match="newer version of Vision Desk"):
        upgrade_desk(server_database)
    with psycopg.connect(plain(server_database)) as connection:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert row == ("9999",)


def test_migrate_brings_an_older_desk_to_the_newest_schema(server_database: str) -> None:
    engine = create_engine(server_database)
    try:
        with engine.begin() as connection:
            from alembic import command

            command.upgrade(migrate.alembic_config(connection), "0002")
    finally:
        engine.dispose()
    with pytest.raises(StoreError, match="server migrate"):
        ServerStore.open(server_database)
    assert upgrade_desk(server_database) == ("0002", migrate.HEAD_REVISION)
    assert upgrade_desk(server_database) == (migrate.HEAD_REVISION, migrate.HEAD_REVISION)
    ServerStore.open(server_database).close()


@pytest.mark.parametrize(
    ("statement", "refusal"),
    [
        ("UPDATE changes SET author = 'someone else'", "append-only"),
        ("DELETE FROM changes", "append-only"),
        ("TRUNCATE changes", "append-only"),
        ("UPDATE rounds SET title = 'rewritten'", "a closed round cannot change"),
        ("DELETE FROM rounds", "rounds are never deleted"),
        ("DELETE FROM round_records", "the record of a closed round cannot change"),
        ("UPDATE round_records SET status = 'completed'", "cannot change"),
    ],
)
def test_the_database_itself_refuses_to_rewrite_the_sealed_past(
    server_database: str, statement: str, refusal: str
) -> None:
    from vision_desk import app

    app.init_server(server_database)
    opened = app.open_server_desk(server_database)
    try:
        from vision_desk.services.rounds import Rounds

        desk = opened.desk
        desk.set_status("SV-C1", "initiated", note="Met in Islamabad")
        rounds = Rounds(desk)
        rounds.open("January review", dt.date(2021, 1, 10))
        desk.set_status("SV-C2", "advanced")
        rounds.close()
    finally:
        opened.close()
    with (
        psycopg.connect(plain(server_database)) as connection,
        pytest.raises(psycopg.Error, match=refusal),
    ):
        connection.execute(statement)


def test_an_address_that_is_not_postgresql_is_refused_in_one_sentence() -> None:
    with pytest.raises(StoreError, match="not a PostgreSQL address"):
        parse_server_url("sqlite:///desk.sqlite3")
    with pytest.raises(StoreError, match="not a server address"):
        parse_server_url("db.ministry.example")
    assert str(parse_server_url("postgresql://h/desk").drivername) == "postgresql+psycopg"


def test_a_password_in_the_address_is_never_shown() -> None:
    assert "s3cret" not in shown("postgresql://officer:s3cret@db.example/desk")


def test_a_server_that_does_not_answer_is_said_so() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(StoreError, match="cannot be reached"):
        ServerStore.open(f"postgresql://nobody@127.0.0.1:{port}/desk")


def test_a_snapshot_reads_one_moment_while_another_officer_commits(
    server_database: str,
) -> None:
    create_desk(server_database).close()
    store = ServerStore.open(server_database)
    count = "SELECT count(*) FROM settings"
    try:
        with (
            store.snapshot() as connection,
            psycopg.connect(plain(server_database), autocommit=True) as other,
        ):
            before = connection.execute(count).fetchone()[0]
            other.execute("INSERT INTO settings (key, value) VALUES ('meanwhile', 'x')")
            # A count and the page it counts, read by one key, agree.
            assert connection.execute(count).fetchone()[0] == before
            assert (
                connection.execute("SELECT value FROM settings WHERE key = 'meanwhile'").fetchone()
                is None
            )
        with store.snapshot() as connection:
            assert connection.execute(count).fetchone()[0] == before + 1
    finally:
        store.close()


def test_a_snapshot_cannot_write_and_leaves_its_connection_as_it_found_it(
    server_database: str,
) -> None:
    create_desk(server_database).close()
    store = ServerStore.open(server_database)
    try:
        with store.snapshot() as connection:
            snapshot_process = connection.execute("SELECT pg_backend_pid()").fetchone()[0]
            assert connection.execute("SHOW transaction_isolation").fetchone()[0] == (
                "repeatable read"
            )
        with pytest.raises(StoreError), store.snapshot() as connection:
            connection.execute("INSERT INTO settings (key, value) VALUES ('written', 'x')")
        # The same pooled connection, back to the server's defaults for the rest.
        with store.write() as session:
            assert session.execute(text("SELECT pg_backend_pid()")).scalar() == snapshot_process
            assert session.execute(text("SHOW transaction_isolation")).scalar() == (
                "read committed"
            )
            assert session.execute(text("SHOW transaction_read_only")).scalar() == "off"
            session.execute(text("INSERT INTO settings (key, value) VALUES ('written', 'x')"))
        with store.read() as session:
            assert (
                session.execute(
                    text("SELECT count(*) FROM settings WHERE key = 'written'")
                ).scalar()
                == 1
            )
    finally:
        store.close()
