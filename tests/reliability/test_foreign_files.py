"""A newer or foreign file in the store's place: refused through the command line
with one sentence, its bytes unchanged, and no -wal or -shm created beside it
(reliability.md 4). Store-level cases (an unknown revision, a short text file) are
in tests/storage/test_store_open.py."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from reliability_support import DATABASE_NAME, one_sentence

SIDECARS = ("-wal", "-shm", "-journal")


def text_file(path: Path) -> None:
    path.write_text("Minutes of the joint committee\n" * 200, encoding="utf-8")


def another_programs_file(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA application_id = 1179603251")  # someone else's mark
    connection.execute("CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, url TEXT)")
    connection.execute("INSERT INTO bookmarks (url) VALUES ('https://example.org')")
    connection.commit()
    connection.close()


def plain_sqlite_file(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()


def newer_vision_desk_file(path: Path) -> None:
    from vision_desk.storage.store import Store

    Store.open(path).close()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.execute("PRAGMA journal_mode = DELETE")  # leave no -wal behind
    connection.close()


@pytest.mark.parametrize(
    ("make", "mentions"),
    [
        (text_file, ("not a Vision Desk database", "not an SQLite file", "untouched")),
        (another_programs_file, ("not a Vision Desk database", "untouched")),
        (plain_sqlite_file, ("not a Vision Desk database", "untouched")),
        (newer_vision_desk_file, ("newer version of Vision Desk", "schema 99", "untouched")),
    ],
    ids=["text-renamed", "other-program", "plain-sqlite", "user-version-99"],
)
def test_a_file_that_is_not_ours_is_refused_untouched(
    make: Callable[[Path], None],
    mentions: tuple[str, ...],
    data_dir: Path,
    run_cli: Callable[..., Any],
) -> None:
    data_dir.mkdir(mode=0o700)
    database = data_dir / DATABASE_NAME
    make(database)
    for suffix in SIDECARS:
        assert not database.with_name(database.name + suffix).exists()
    before = database.read_bytes()
    status = database.stat()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda command: run_cli(command), ("clauses", "check")))
    for result in results:
        line = one_sentence(result, *mentions)
        assert str(database) in line

    assert database.read_bytes() == before
    assert database.stat().st_mtime_ns == status.st_mtime_ns
    for suffix in SIDECARS:
        assert not database.with_name(database.name + suffix).exists(), suffix
    # Nothing was set aside or backed up: the file is not ours to handle.
    assert sorted(path.name for path in data_dir.iterdir()) == [
        "backups",
        "config",
        "logs",
        DATABASE_NAME,
    ]
    assert list((data_dir / "backups").iterdir()) == []


def test_a_newer_schema_left_in_the_wal_is_refused_untouched(
    data_dir: Path, run_cli: Callable[..., Any]
) -> None:
    """A newer Vision Desk stopped after its migration committed but before the new
    version reached the main file: the main file's header says ours, the WAL says
    newer. Refused like a newer file, not taken for damage."""
    assert run_cli("clauses").code == 0
    database = data_dir / DATABASE_NAME
    writer = sqlite3.connect(database)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("PRAGMA user_version = 99")
    writer.commit()
    kept = tmp_copy(database)
    writer.close()  # a clean close would checkpoint: put the crash's files back
    restore_copy(database, kept)
    wal = database.with_name(database.name + "-wal")
    assert wal.stat().st_size > 0
    before = (database.read_bytes(), wal.read_bytes())

    one_sentence(run_cli("clauses"), "newer version of Vision Desk", "untouched")

    assert (database.read_bytes(), wal.read_bytes()) == before
    assert not [path for path in data_dir.iterdir() if "damaged" in path.name]


def tmp_copy(database: Path) -> dict[str, bytes]:
    return {
        suffix: database.with_name(database.name + suffix).read_bytes()
        for suffix in ("", "-wal")
        if database.with_name(database.name + suffix).exists()
    }


def restore_copy(database: Path, kept: dict[str, bytes]) -> None:
    for suffix, data in kept.items():
        database.with_name(database.name + suffix).write_bytes(data)
