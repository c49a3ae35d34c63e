"""Opening the store: the connection settings are really on, the file is marked as
ours and private, and files that are not ours or are newer are refused untouched."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from vision_desk.errors import StoreError
from vision_desk.storage import migrate
from vision_desk.storage.engine import APPLICATION_ID
from vision_desk.storage.store import Store


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def store(path: Path):  # type: ignore[no-untyped-def]
    opened = Store.open(path)
    yield opened
    opened.close()


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _pragma(store: Store, name: str) -> object:
    with store.engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def _closed_store(path: Path) -> None:
    Store.open(path).close()
    assert not any(sidecar.exists() for sidecar in _sidecars(path))


def _assert_refused(path: Path, match: str) -> None:
    before = path.read_bytes()
    with pytest.raises(StoreError, match=match) as raised:
        Store.open(path)
    assert str(path) in raised.value.message
    assert path.read_bytes() == before
    assert [sidecar for sidecar in _sidecars(path) if sidecar.exists()] == []


# -- settings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [
        ("journal_mode", "wal"),
        ("synchronous", 2),  # FULL
        ("foreign_keys", 1),
        ("secure_delete", 1),
        ("busy_timeout", 5000),
    ],
)
def test_connection_settings_are_on(store: Store, pragma: str, expected: object) -> None:
    assert _pragma(store, pragma) == expected


def test_settings_hold_inside_the_store_transactions(store: Store) -> None:
    with store.write() as session:
        connection = session.connection()
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    with store.read() as session:
        connection = session.connection()
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(IntegrityError), store.write() as session:
        session.connection().exec_driver_sql(
            "INSERT INTO clause_states (clause_id, status, changed_at, changed_by) "
            "VALUES (424242, 'completed', '2021-01-01T00:00:00.000000+00:00', 'x')"
        )


def test_the_file_is_marked_as_ours_and_versioned(store: Store, path: Path) -> None:
    assert _pragma(store, "application_id") == APPLICATION_ID
    assert _pragma(store, "user_version") == migrate.SCHEMA_VERSION
    store.close()
    header = path.read_bytes()[:100]
    assert header.startswith(b"SQLite format 3\x00")
    assert int.from_bytes(header[68:72], "big") == APPLICATION_ID
    assert int.from_bytes(header[60:64], "big") == migrate.SCHEMA_VERSION


def test_the_header_on_disk_is_current_as_soon_as_a_migration_ends(
    store: Store, path: Path
) -> None:
    """The header check reads the main file only. If the program is killed right
    after a migration, a WAL still holding the new version would let an older
    Vision Desk past that check; so the migration is checkpointed into the file."""
    header = path.read_bytes()[:100]
    assert header.startswith(b"SQLite format 3\x00")
    assert int.from_bytes(header[68:72], "big") == APPLICATION_ID
    assert int.from_bytes(header[60:64], "big") == migrate.SCHEMA_VERSION


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_file_is_private(store: Store, path: Path) -> None:
    # Whatever the umask of the test process, the file is the officer's alone.
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with store.write() as session:
        session.connection().exec_driver_sql("INSERT INTO settings VALUES ('k', 'v')")
    for sidecar in _sidecars(path):
        if sidecar.exists():
            assert stat.S_IMODE(sidecar.stat().st_mode) & 0o077 == 0, sidecar


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_new_file_is_private_even_with_a_lax_umask(path: Path) -> None:
    previous = os.umask(0o022)
    try:
        Store.open(path).close()
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_store_reopens_with_its_data(path: Path) -> None:
    store = Store.open(path)
    with store.write() as session:
        session.connection().exec_driver_sql("INSERT INTO settings VALUES ('k', 'v')")
    store.close()
    store = Store.open(path)
    try:
        with store.read() as session:
            value = session.connection().exec_driver_sql("SELECT value FROM settings").scalar()
        assert value == "v"
    finally:
        store.close()


def test_a_failed_write_leaves_no_trace(store: Store) -> None:
    with pytest.raises(RuntimeError), store.write() as session:
        session.connection().exec_driver_sql("INSERT INTO settings VALUES ('k', 'v')")
        raise RuntimeError("the action fails after writing")
    with store.read() as session:
        assert session.connection().exec_driver_sql("SELECT count(*) FROM settings").scalar() == 0


def test_a_store_in_a_missing_folder_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot be created"):
        Store.open(tmp_path / "missing" / "store.sqlite3")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_in_place_of_the_file_is_a_store_error(path: Path) -> None:
    path.mkdir()
    with pytest.raises(StoreError, match="cannot be read"):
        Store.open(path)
    assert list(path.iterdir()) == []


# -- files that are not ours, or newer ----------------------------------------------


def test_a_newer_file_is_refused_untouched(path: Path) -> None:
    _closed_store(path)
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {migrate.SCHEMA_VERSION + 1}")
    raw.close()
    assert not any(sidecar.exists() for sidecar in _sidecars(path))
    _assert_refused(path, "newer version")


def test_a_file_with_an_unknown_revision_is_refused_untouched(path: Path) -> None:
    """Same schema number but a revision this version never shipped (a newer
    Vision Desk's): refused, and not 'migrated' backwards."""
    _closed_store(path)
    raw = sqlite3.connect(path)
    with raw:
        raw.execute("UPDATE alembic_version SET version_num = 'ffff-from-the-future'")
    raw.close()
    _assert_refused(path, "newer version")


def test_a_text_file_is_refused_untouched(path: Path) -> None:
    path.write_text("These are my notes on the agreement, not a database.\n" * 5)
    _assert_refused(path, "not a Vision Desk database")


def test_a_short_text_file_is_refused_untouched(path: Path) -> None:
    path.write_text("hello\n")
    _assert_refused(path, "not a Vision Desk database")


def test_another_programs_sqlite_file_is_refused_untouched(path: Path) -> None:
    raw = sqlite3.connect(path)
    with raw:
        raw.execute("PRAGMA application_id = 1234")
        raw.execute("CREATE TABLE bookmarks (url TEXT)")
        raw.execute("INSERT INTO bookmarks VALUES ('https://example.org')")
    raw.close()
    _assert_refused(path, "not a Vision Desk database")


def test_a_plain_sqlite_file_is_refused_untouched(path: Path) -> None:
    raw = sqlite3.connect(path)
    with raw:
        raw.execute("CREATE TABLE t (x)")
    raw.close()
    _assert_refused(path, "not a Vision Desk database")


# -- the history is append-only ---------------------------------------------------------


@pytest.fixture
def with_history(store: Store) -> Store:
    with store.write() as session:
        connection = session.connection()
        connection.exec_driver_sql(
            "INSERT INTO agreements (id, title, short_title, parties, place, date, source, "
            "summary, sources, imported_at, imported_by) "
            "VALUES ('a', 't', 't', '[]', 'p', '2020-01-01', 's', '', "
            "'[]', '2021-01-01T00:00:00.000000+00:00', 'me')"
        )
        connection.exec_driver_sql(
            "INSERT INTO clauses (id, agreement_id, position, ref, kind, strand, parties, title, "
            "text, quotes, see_also, provenance_source, provenance_locator) "
            "VALUES (1, 'a', 0, 'C1', 'commitment', 's', '[]', 't', 't', '[]', '[]', 's', 'l')"
        )
        connection.exec_driver_sql(
            "INSERT INTO changes (clause_id, at, author, kind, before, after) "
            "VALUES (1, '2021-01-01T00:00:00.000000+00:00', 'me', 'status', "
            "'not_assessed', 'completed')"
        )
    return store


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE changes SET after = 'not_started'",
        "UPDATE changes SET author = 'someone else' WHERE id = 1",
        "DELETE FROM changes",
        "DELETE FROM changes WHERE id = 1",
    ],
)
def test_the_history_is_append_only(with_history: Store, statement: str) -> None:
    with pytest.raises(IntegrityError, match="append-only"), with_history.write() as session:
        session.connection().exec_driver_sql(statement)
    with with_history.read() as session:
        rows = session.connection().exec_driver_sql("SELECT author, after FROM changes").all()
    assert [tuple(row) for row in rows] == [("me", "completed")]


# -- damaged files ------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["flip", "truncate"])
def test_a_damaged_file_is_a_store_error_and_left_as_it_is(path: Path, damage: str) -> None:
    store = Store.open(path)
    with store.write() as session:
        session.connection().exec_driver_sql("INSERT INTO settings VALUES ('k', 'v')")
    store.close()
    data = bytearray(path.read_bytes())
    page = 4096
    if damage == "flip":
        for offset in range(page + 100, 3 * page, 7):  # b-tree pages after the header
            data[offset] ^= 0xFF
    else:
        del data[page + 500 :]
    path.write_bytes(bytes(data))

    with pytest.raises(StoreError, match="damaged") as raised:
        Store.open(path)
    assert "SELECT" not in raised.value.message  # no SQL in the officer's message
    assert path.read_bytes() == bytes(data)
    assert [sidecar for sidecar in _sidecars(path) if sidecar.exists()] == []
