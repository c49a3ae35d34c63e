"""The keystroke reads' plain connection: one read transaction, back to the pool
after, the store's failures in the officer's words, our own mistakes left loud."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from vision_desk.errors import StoreError
from vision_desk.storage.store import Store


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = Store.open(tmp_path / "store.sqlite3")
    yield opened
    opened.close()


def test_a_snapshot_sees_what_was_committed_and_holds_one_view(store: Store) -> None:
    with store.write() as session:
        session.connection().exec_driver_sql("INSERT INTO settings VALUES ('a', '1')")
    with store.snapshot() as connection:
        assert connection.execute("SELECT value FROM settings WHERE key = 'a'").fetchone() == ("1",)
        assert connection.in_transaction  # both reads of a keystroke see one state
        with store.write() as session:  # a writer meanwhile (WAL): not seen here
            session.connection().exec_driver_sql("UPDATE settings SET value = '2'")
        assert connection.execute("SELECT value FROM settings").fetchone() == ("1",)
    with store.snapshot() as connection:
        assert connection.execute("SELECT value FROM settings").fetchone() == ("2",)


def test_snapshots_give_their_connections_back(store: Store) -> None:
    for _ in range(50):
        with store.snapshot() as connection:
            connection.execute("SELECT count(*) FROM clauses").fetchone()
    assert store.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_a_failure_of_the_store_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="could not be used"), store.snapshot() as connection:
        connection.execute("SELECT * FROM a_table_that_is_not_there")


def test_a_mistake_in_our_sql_stays_loud(store: Store) -> None:
    with pytest.raises(sqlite3.ProgrammingError), store.snapshot() as connection:
        connection.execute("SELECT ?", (1, 2))
