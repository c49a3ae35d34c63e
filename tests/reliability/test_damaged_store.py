"""A damaged store: bytes flipped in a b-tree page, a truncated file, a stale
``-wal`` (from another database, or garbage). Detected at start or by
``vision-desk check``; the damaged copy kept (with its ``-wal``); the newest
backup that passes its checks restored; the officer told that backup's date and
time. With no good backup: one clear sentence and the damaged file kept
(reliability.md 3)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reliability_support import DATABASE_NAME, integrity

BEFORE = "Written before the backup."
AFTER = "Written after the backup."


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose store holds a note from before its one backup (made two
    hours ago, so no daily backup is due) and a note from after it."""
    from vision_desk import app
    from vision_desk.storage.backup import make_backup

    folder = tmp_path_factory.mktemp("damaged") / "data"
    opened = app.open_desk(str(folder), author="setup")
    opened.desk.add_note("SV-C1", BEFORE)
    opened.close()
    backups = folder / "backups"
    for path in backups.iterdir():
        path.unlink()
    made_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    make_backup(folder / DATABASE_NAME, backups, "manual", made_at)
    opened = app.open_desk(str(folder), author="setup")
    opened.desk.add_note("SV-C1", AFTER)
    opened.close()
    assert not (folder / (DATABASE_NAME + "-wal")).exists()
    return folder


@pytest.fixture
def store(template: Path, data_dir: Path) -> Path:
    shutil.copytree(template, data_dir)
    return data_dir / DATABASE_NAME


def backups_of(store: Path) -> list[Any]:
    from vision_desk.storage.backup import list_backups

    return list_backups(store.parent / "backups")


def told_when(info: Any) -> str:
    """How the officer is told when a backup was made (local time, the month in
    English whatever the computer's language, the day without a leading zero)."""
    made = info.made_at.astimezone()
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]  # fmt: skip
    return f"{made.day} {months[made.month - 1]} {made.year} at {made:%H:%M}"


def make_old(info: Any, age: dt.timedelta) -> Any:
    """Rename a backup as if it had been made ``age`` ago (its name holds its time)."""
    from vision_desk.storage.backup import list_backups

    stamp = (dt.datetime.now(dt.UTC) - age).strftime("%Y%m%d-%H%M%S-%f")
    older = info.path.with_name(f"vision-desk-{stamp}-{info.reason}.sqlite3")
    info.path.rename(older)
    return next(found for found in list_backups(older.parent) if found.path == older)


def _root_page(store: Path, name: str) -> tuple[int, int]:
    """Where the root page of a table or index starts in the file, and the page size."""
    connection = sqlite3.connect(store)
    try:
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)
        ).fetchone()
        (page_size,) = connection.execute("PRAGMA page_size").fetchone()
    finally:
        connection.close()
    return (root - 1) * page_size, page_size


def flip_bytes_in_table(store: Path, table: str) -> bytes:
    """Flip bytes across the b-tree page at the root of ``table`` (its header, cell
    pointers and cells), so that SQLite reports the file damaged."""
    start, page_size = _root_page(store, table)
    data = bytearray(store.read_bytes())
    for offset in range(start, start + page_size, 13):
        data[offset] ^= 0xA5
    store.write_bytes(bytes(data))
    assert integrity(store, wal=False) != ["ok"], "the flipped page should be damage SQLite sees"
    return bytes(data)


def misread_index(store: Path, index: str, key: bytes) -> bytes:
    """Change ``key`` inside the b-tree page of ``index`` (one leaf here), so that
    the index no longer agrees with its table: the file's structure stays sound
    (``quick_check`` passes, so a start does not see it), but a look-up through the
    index finds nothing, and ``integrity_check`` reports it."""
    start, page_size = _root_page(store, index)
    data = bytearray(store.read_bytes())
    found = data.find(key, start, start + page_size)
    assert found > 0, f"{key!r} is not in the page of {index}"
    data[found + len(key) - 1] ^= 0x01
    store.write_bytes(bytes(data))
    problems = integrity(store, wal=False)
    assert problems != ["ok"] and any("missing from index" in row for row in problems), problems
    return bytes(data)


def misread_clause_index(store: Path) -> bytes:
    """Damage only the full check sees: bad pages are found at start, before a
    ``check`` runs (test_damage_at_start.py)."""
    return misread_index(store, "sqlite_autoindex_clauses_1", b"SV-R7")


def truncate(store: Path) -> bytes:
    data = store.read_bytes()[: store.stat().st_size // 2]
    store.write_bytes(data)
    return data


def set_aside_files(store: Path) -> list[Path]:
    return sorted(path for path in store.parent.iterdir() if "damaged" in path.name)


def notes_and_health(store: Path) -> tuple[list[str], bool]:
    """The notes on SV-C1 and whether the full check passes, read by the program's
    own services (in this process: quicker than two more commands)."""
    from vision_desk import app
    from vision_desk.services.safety import Safety

    opened = app.open_desk(str(store.parent), author="reader", routine_backup=False)
    try:
        assert opened.notices == []
        notes = [note.text for note in opened.desk.notes("SV-C1")]
        return notes, Safety(opened.desk).check().healthy
    finally:
        opened.close()


def assert_restored(store: Path) -> None:
    """The newest good backup is the store now: the note from before it, not the one
    after; and the store is healthy."""
    assert integrity(store) == ["ok"]
    assert notes_and_health(store) == ([BEFORE], True)


# -- found by `vision-desk check` -------------------------------------------------------


def test_check_finds_damage_restores_the_newest_good_backup_and_says_when(
    store: Path, run_cli: Callable[..., Any]
) -> None:
    (backup,) = backups_of(store)
    damaged = misread_clause_index(store)

    result = run_cli("check")

    assert result.code == 1, result.err
    assert result.err == ""
    report, told = result.out.splitlines()
    assert report.startswith("The store has problems: ")
    assert told.startswith("The store was damaged. It was set aside as vision-desk-damaged-")
    assert f"the backup made on {told_when(backup)} was restored" in told
    (aside,) = set_aside_files(store)
    assert aside.name in told
    assert aside.read_bytes() == damaged, "the damaged store is kept as it was"
    assert oct(aside.stat().st_mode & 0o777) == oct(0o600)
    assert backup.path.exists(), "the backup restored stays a backup"
    assert_restored(store)


def test_check_skips_a_damaged_backup_for_an_older_good_one(
    store: Path, run_cli: Callable[..., Any]
) -> None:
    (good,) = backups_of(store)
    good = make_old(good, dt.timedelta(hours=5))
    bad = (
        store.parent
        / "backups"
        / good.path.name.replace(
            good.path.name[12:34],
            (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).strftime("%Y%m%d-%H%M%S-%f"),
        )
    )
    shutil.copyfile(good.path, bad)
    flip_bytes_in_table(bad, "agreements")
    misread_clause_index(store)

    result = run_cli("check")

    assert result.code == 1
    assert f"the backup made on {told_when(good)} was restored" in result.out
    assert bad.exists(), "a bad backup is skipped, not deleted"
    assert_restored(store)


# -- found at start -----------------------------------------------------------------------


def test_the_daily_backup_at_start_finds_flipped_bytes(
    store: Path, run_cli: Callable[..., Any]
) -> None:
    (backup,) = backups_of(store)
    backup = make_old(backup, dt.timedelta(days=3))  # so today's backup is due
    damaged = flip_bytes_in_table(store, "notes")

    result = run_cli("clauses")

    assert result.code == 0, result.err
    (notice,) = result.err.splitlines()
    assert notice.startswith("vision-desk: The store was damaged.")
    assert f"the backup made on {told_when(backup)} was restored" in notice
    (aside,) = set_aside_files(store)
    assert aside.read_bytes() == damaged
    reasons = sorted(info.reason for info in backups_of(store))
    assert reasons == ["daily", "manual"], "the day's backup is of the restored store"
    assert_restored(store)


def test_a_truncated_store_is_found_at_start(store: Path, run_cli: Callable[..., Any]) -> None:
    (backup,) = backups_of(store)
    damaged = truncate(store)

    result = run_cli("clauses")

    assert result.code == 0, result.err
    (notice,) = result.err.splitlines()
    assert f"the backup made on {told_when(backup)} was restored" in notice
    (aside,) = set_aside_files(store)
    assert aside.read_bytes() == damaged
    assert_restored(store)


def other_programs_wal(folder: Path) -> bytes:
    """The -wal of another program's database, left by a crash of that program."""
    other = folder / "other.sqlite3"
    connection = sqlite3.connect(other)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    connection.execute("CREATE TABLE history (id INTEGER PRIMARY KEY, url TEXT)")
    for number in range(40):
        connection.execute("INSERT INTO history (url) VALUES (?)", (f"https://e.org/{number}",))
        connection.commit()
    wal = other.with_name(other.name + "-wal").read_bytes()
    connection.close()
    return wal


def test_a_wal_from_another_database_is_found_at_start(
    store: Path, run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    (backup,) = backups_of(store)
    main = store.read_bytes()
    stale = other_programs_wal(tmp_path)
    store.with_name(store.name + "-wal").write_bytes(stale)

    result = run_cli("clauses")

    assert result.code == 0, result.err
    (notice,) = result.err.splitlines()
    assert f"the backup made on {told_when(backup)} was restored" in notice
    aside, aside_wal = set_aside_files(store)
    assert aside_wal.name == aside.name + "-wal"
    assert aside.read_bytes() == main
    assert aside_wal.read_bytes() == stale, "the -wal is kept with the store"
    assert_restored(store)


def test_a_garbage_wal_keeps_the_intact_store_and_a_copy_of_both(
    store: Path, run_cli: Callable[..., Any]
) -> None:
    """SQLite ignores a -wal with no valid header (and overwrites it later). The store
    itself is intact and newer than any backup, so it stays; the officer is told
    that the last session's changes may be missing, and a copy is kept."""
    main = store.read_bytes()
    garbage = os.urandom(20_000)
    store.with_name(store.name + "-wal").write_bytes(garbage)

    result = run_cli("clauses")

    assert result.code == 0, result.err
    (notice,) = result.err.splitlines()
    assert "journal from the last session" in notice and "could not be read" in notice
    aside, aside_wal = set_aside_files(store)
    assert aside.name in notice
    assert aside.read_bytes() == main
    assert aside_wal.read_bytes() == garbage
    assert notes_and_health(store) == ([BEFORE, AFTER], True), "nothing held is lost"


# -- no good backup -------------------------------------------------------------------------


def test_with_no_good_backup_check_says_so_and_keeps_the_damaged_file(
    store: Path, run_cli: Callable[..., Any]
) -> None:
    (backup,) = backups_of(store)
    flip_bytes_in_table(backup.path, "agreements")  # the only backup is bad too
    damaged = misread_clause_index(store)

    result = run_cli("check")

    assert result.code == 1
    assert result.out.startswith("The store has problems: ")
    (line,) = result.err.splitlines()
    assert line.startswith("vision-desk: The store was damaged and there is no good backup")
    (aside,) = set_aside_files(store)
    assert str(aside) in line and "nothing was deleted" in line
    assert aside.read_bytes() == damaged
    assert backup.path.exists()


def test_with_no_backup_at_all_start_says_so_and_keeps_the_damaged_file(
    store: Path, run_cli: Callable[..., Any]
) -> None:
    (backup,) = backups_of(store)
    backup.path.unlink()
    damaged = truncate(store)

    result = run_cli("clauses")

    assert result.code == 1
    assert result.out == ""
    (line,) = result.err.splitlines()
    assert line.startswith("vision-desk: The store was damaged and there is no good backup")
    assert line.endswith("nothing was deleted.")
    (aside,) = set_aside_files(store)
    assert aside.read_bytes() == damaged


def test_when_the_backup_cannot_be_put_in_place_the_damaged_store_stays_where_it_was(
    store: Path, run_cli: Callable[..., Any]
) -> None:
    """A full disk while restoring: the damaged store goes back to its own name, so
    that the next start does not make an empty store in its place."""
    (backup,) = backups_of(store)
    damaged = flip_bytes_in_table(store, "notes")

    result = run_cli("check", file_size=64 * 1024)

    assert result.code == 1
    (line,) = result.err.splitlines()
    assert line.startswith(f"vision-desk: The store {store} is damaged, and the backup made on")
    assert told_when(backup) in line and "the store was left as it was" in line
    assert store.read_bytes() == damaged
    assert set_aside_files(store) == []
