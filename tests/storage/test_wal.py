"""Reading a write-ahead log ourselves (storage/wal.py): the frames we count as
replayed are exactly those SQLite replays, and only committed frames of the
log's current generation past a bad one count as lost; a log cut short by a
crash, or stale frames of an earlier generation, are not damage."""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from vision_desk.storage.wal import FRAME_HEADER_SIZE, HEADER_SIZE, parse_wal

PAGE_SIZE = 4096
FRAME_SIZE = FRAME_HEADER_SIZE + PAGE_SIZE
COMMITS = 300


@pytest.fixture
def logged(tmp_path: Path) -> tuple[Path, bytes]:
    """A database whose WAL holds ``COMMITS`` single-row commits (no checkpoint),
    and that WAL's bytes."""
    database = tmp_path / "logged.sqlite3"
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    connection.execute("CREATE TABLE t (x TEXT)")
    for number in range(COMMITS):
        connection.execute("INSERT INTO t VALUES (?)", (f"row {number} " + "y" * 200,))
    wal = database.with_name(database.name + "-wal").read_bytes()
    connection.close()  # checkpoints the main file; the WAL's bytes are kept above
    # The main file as it stood before any of the logged commits.
    database.unlink()
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.close()
    return database, wal


def replayed_by_sqlite(database: Path, wal: bytes, folder: Path) -> tuple[int, int]:
    """How many frames SQLite replays from ``wal`` over ``database``, and the rows it
    then sees (on a copy: the check itself writes)."""
    folder.mkdir()
    copy = folder / database.name
    shutil.copyfile(database, copy)
    copy.with_name(copy.name + "-wal").write_bytes(wal)
    connection = sqlite3.connect(copy)
    try:
        _busy, frames, _done = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        try:
            (rows,) = connection.execute("SELECT count(*) FROM t").fetchone()
        except sqlite3.OperationalError:
            rows = 0  # the table's creation itself was cut off
    finally:
        connection.close()
    return frames, rows


def test_a_sound_log_is_replayed_whole(logged: tuple[Path, bytes], tmp_path: Path) -> None:
    database, wal = logged
    reading = parse_wal(wal)
    assert reading is not None
    assert reading.replayed == reading.frames == (len(wal) - HEADER_SIZE) // FRAME_SIZE
    assert not reading.damaged
    assert replayed_by_sqlite(database, wal, tmp_path / "sqlite") == (reading.frames, COMMITS)


@pytest.mark.parametrize("where", [0.25, 0.5, 0.8])
def test_overwritten_bytes_cut_off_the_commits_after_them(
    where: float, logged: tuple[Path, bytes], tmp_path: Path
) -> None:
    database, wal = logged
    damaged = bytearray(wal)
    start = int(len(wal) * where)
    damaged[start : start + 8192] = random.Random(start).randbytes(8192)

    reading = parse_wal(bytes(damaged))

    assert reading is not None
    frames, rows = replayed_by_sqlite(database, bytes(damaged), tmp_path / "sqlite")
    assert reading.replayed == frames, "the same frames as SQLite itself"
    assert reading.damaged
    # Each commit here is one row; those destroyed with the damaged bytes are not
    # counted, so the count is a lower bound.
    assert COMMITS - rows - 3 <= reading.lost_commits <= COMMITS - rows


def test_one_flipped_bit_in_a_page_is_found_by_its_checksum(
    logged: tuple[Path, bytes], tmp_path: Path
) -> None:
    database, wal = logged
    damaged = bytearray(wal)
    damaged[HEADER_SIZE + 100 * FRAME_SIZE + FRAME_HEADER_SIZE + 1000] ^= 0x01

    reading = parse_wal(bytes(damaged))

    assert reading is not None
    assert reading.replayed == replayed_by_sqlite(database, bytes(damaged), tmp_path / "s")[0]
    assert reading.replayed <= 100 < reading.frames
    assert reading.damaged


def test_a_log_cut_short_by_a_crash_is_not_damage(logged: tuple[Path, bytes]) -> None:
    _database, wal = logged
    reading = parse_wal(wal[: len(wal) - FRAME_SIZE // 2])
    assert reading is not None
    assert reading.replayed == reading.frames
    assert not reading.damaged


def test_stale_frames_of_an_earlier_generation_are_not_damage(tmp_path: Path) -> None:
    """After a checkpoint, SQLite writes the log again from its start with new
    salts, leaving the earlier generation's frames behind the new ones."""
    database = tmp_path / "reused.sqlite3"
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    connection.execute("CREATE TABLE t (x TEXT)")
    for number in range(200):
        connection.execute("INSERT INTO t VALUES (?)", (f"first {number}",))
    connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
    for number in range(5):
        connection.execute("INSERT INTO t VALUES (?)", (f"second {number}",))
    wal = database.with_name(database.name + "-wal").read_bytes()
    connection.close()

    reading = parse_wal(wal)

    assert reading is not None
    assert reading.replayed == 5 < reading.frames
    assert not reading.damaged


@pytest.mark.parametrize("data", [b"", b"\0" * 32, b"not a log at all" * 10])
def test_a_file_without_a_valid_header_is_not_a_log(data: bytes) -> None:
    assert parse_wal(data) is None
