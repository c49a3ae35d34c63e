"""Verified backups with SQLite's backup API, their rotation, checks and restores.

A backup is written to a temporary file, opened and integrity-checked, made
private, and only then renamed into place: a backup that exists is a good one.
Nothing here deletes a database; setting a store aside and putting a backup in its
place are in ``store_files``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import struct
import time
from dataclasses import dataclass, field
from pathlib import Path

from vision_desk.errors import DamagedStoreError, StoreError
from vision_desk.storage import partial_files
from vision_desk.storage.store_files import sync_folder

BACKUP_PREFIX = "vision-desk-"
BACKUP_SUFFIX = ".sqlite3"
_NAME = re.compile(r"vision-desk-(\d{8}-\d{6}-\d{6})-([a-z-]+)\.sqlite3$")
_STAMP = "%Y%m%d-%H%M%S-%f"
_COMPANIONS = ("-wal", "-shm", "-journal")

# What rotation keeps: the newest few, then one a day, a week and a month.
KEEP_RECENT = 5
KEEP_DAILY = 7
KEEP_WEEKLY = 5
KEEP_MONTHLY = 12

# The WAL file's header (sqlite.org/fileformat.html, "WAL File Format").
_WAL_MAGIC = (0x377F0682, 0x377F0683)
_WAL_VERSION = 3007000


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    made_at: dt.datetime
    reason: str
    size: int


@dataclass(frozen=True, slots=True)
class FileState:
    """What a read-only look at an SQLite file finds."""

    application_id: int | None = None
    user_version: int | None = None
    # Damage: integrity_check's findings, or SQLite's "malformed" / "not a database".
    problems: list[str] = field(default_factory=list)
    # Any other reason the file could not be read (missing, no permission).
    unreadable: str | None = None


def sqlite_uri(path: Path, **options: str) -> str:
    """A ``file:`` URI for SQLite. ``as_uri`` escapes what SQLite would otherwise
    read as the start of the query (``?``), a fragment (``#``) or an escape (``%``)
    in a folder's name."""
    query = "&".join(f"{key}={value}" for key, value in options.items())
    return f"{path.absolute().as_uri()}?{query}"


def make_backup(database: Path, folder: Path, reason: str, now: dt.datetime) -> Path:
    """Copy ``database`` into ``folder`` as a verified backup; returns its path.

    Raises ``DamagedStoreError`` when the copy fails its check because the store
    itself is damaged, ``StoreError`` for any other failure."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"The backup folder {folder} cannot be created: {error.strerror}."
        ) from None
    target = (
        folder / f"{BACKUP_PREFIX}{now.astimezone(dt.UTC).strftime(_STAMP)}-{reason}{BACKUP_SUFFIX}"
    )
    partial = target.with_name(target.name + ".part")
    try:
        # Claimed while written: a start that finds it unclaimed knows its writer
        # was killed, and removes it (``remove_abandoned_parts``).
        with partial_files.claimed(partial):
            _copy_and_verify(database, partial)
            if os.name == "posix":
                partial.chmod(0o600)
            partial.replace(target)
            sync_folder(folder)
    except sqlite3.Error as error:
        _remove_partial(partial)
        if _is_damage(error) and examine(database).problems:
            raise _damaged(database) from None
        raise StoreError(f"The backup could not be written to {folder}: {error}.") from None
    except OSError as error:
        _remove_partial(partial)
        raise StoreError(
            f"The backup could not be written to {folder}: {error.strerror}."
        ) from None
    except BaseException:
        _remove_partial(partial)
        raise
    return target


def _copy_and_verify(database: Path, partial: Path) -> None:
    source = sqlite3.connect(sqlite_uri(database, mode="ro"), uri=True)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            # The copy carries the store's WAL mode in its header. A backup is one
            # self-contained file: in rollback mode, reading it (to verify or
            # restore it) leaves no -wal or -shm beside it.
            copy.execute("PRAGMA journal_mode = DELETE")
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            copy.close()
    finally:
        source.close()
    if verdict != "ok":
        raise _failed_check(database)


def _failed_check(database: Path) -> StoreError:
    """The error for a copy that failed its check: damage when the store itself fails
    it too (the copy is page for page the store), else a failed backup."""
    if examine(database).problems:
        return _damaged(database)
    return StoreError(f"The backup of {database} failed its integrity check; nothing was replaced.")


def _damaged(database: Path) -> DamagedStoreError:
    return DamagedStoreError(f"The store {database} is damaged; no backup was made of it.")


def _is_damage(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorname", "") or ""
    return code in {"SQLITE_CORRUPT", "SQLITE_NOTADB"} or "malformed" in str(error).lower()


def _remove_partial(partial: Path) -> None:
    partial.unlink(missing_ok=True)
    for suffix in _COMPANIONS:
        partial.with_name(partial.name + suffix).unlink(missing_ok=True)


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in ``folder``, newest first (unfinished ``.part`` files excluded)."""
    found: list[BackupInfo] = []
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if not match:
            continue
        made_at = dt.datetime.strptime(match.group(1), _STAMP).replace(tzinfo=dt.UTC)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            continue  # rotated out by another copy of the program just now
        found.append(BackupInfo(path, made_at, match.group(2), size))
    found.sort(key=lambda info: info.made_at, reverse=True)
    return found


def rotate(folder: Path, now: dt.datetime) -> list[Path]:
    """Delete the backups no rule keeps; returns what was deleted.

    Kept: the newest ``KEEP_RECENT``; then the newest of each of the last
    ``KEEP_DAILY`` days, ``KEEP_WEEKLY`` ISO weeks and ``KEEP_MONTHLY`` months
    that have a backup. Rotation runs after a routine backup only, never as part of
    a restore, so a restore can never push out the older good backups. The remains
    of a backup killed half-way (a ``.part`` file no one is writing) go too.
    """
    backups = list_backups(folder)
    keep = {info.path for info in backups[:KEEP_RECENT]}
    for limit, key in (
        (KEEP_DAILY, lambda moment: moment.date()),
        (KEEP_WEEKLY, lambda moment: moment.isocalendar()[:2]),
        (KEEP_MONTHLY, lambda moment: (moment.year, moment.month)),
    ):
        seen: list[object] = []
        for info in backups:  # newest first: the first of each period is its newest
            period = key(info.made_at)
            if period not in seen:
                seen.append(period)
                if len(seen) <= limit:
                    keep.add(info.path)
    removed = []
    for info in backups:
        if info.path not in keep:
            info.path.unlink(missing_ok=True)
            for suffix in _COMPANIONS:  # left by a reader of an older, WAL-mode backup
                info.path.with_name(info.path.name + suffix).unlink(missing_ok=True)
            removed.append(info.path)
    remove_abandoned_parts(folder)
    return removed


def remove_abandoned_parts(folder: Path) -> None:
    """Remove what backups killed half-way left in ``folder``: ``.part`` files no
    live process is writing, however young (see ``partial_files``), and the
    journals SQLite left beside them."""
    pattern = f"{BACKUP_PREFIX}*{BACKUP_SUFFIX}.part"
    for path in folder.glob(pattern):
        partial_files.remove_if_abandoned(path)
    for path in folder.glob(pattern + "-*"):
        partial_files.remove_orphan_companions(path)


def examine(database: Path, immutable: bool = False) -> FileState:
    """Open ``database`` read-only and run ``integrity_check``.

    With ``immutable`` only the file itself is read (a backup: nothing beside it
    belongs to it, and nothing is created beside it); without, SQLite reads its WAL
    too, as the store would be seen when opened now."""
    options = {"immutable": "1"} if immutable else {"mode": "ro"}
    try:
        connection = sqlite3.connect(sqlite_uri(database, **options), uri=True)
        try:
            application_id = int(connection.execute("PRAGMA application_id").fetchone()[0])
            user_version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            rows = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
        finally:
            connection.close()
    except sqlite3.Error as error:
        if _is_damage(error):
            return FileState(problems=[str(error)])
        return FileState(unreadable=str(error))
    return FileState(application_id, user_version, [] if rows == ["ok"] else rows)


def damage(database: Path, application_id: int) -> list[str]:
    """What makes the store unusable as it would be opened now: damage SQLite's
    ``integrity_check`` finds, or a file that is no longer ours (a ``-wal`` from
    another database read over it). Empty when sound. Read-only."""
    return damage_in(examine(database), application_id)


def damage_in(state: FileState, application_id: int) -> list[str]:
    """``damage`` from what ``examine`` found."""
    if state.problems:
        return state.problems
    if state.unreadable is None and state.application_id != application_id:
        return ["the store's journal (-wal) belongs to another database"]
    return []


def integrity_problems(database: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` and ``foreign_key_check`` find; empty when
    healthy. Opens the file read-only."""
    state = examine(database)
    if state.problems or state.unreadable:
        return state.problems or [str(state.unreadable)]
    return foreign_key_problems(database)


def foreign_key_problems(database: Path) -> list[str]:
    try:
        connection = sqlite3.connect(sqlite_uri(database, mode="ro"), uri=True)
        try:
            return [
                f"row {row[1]} of {row[0]} points at a missing {row[2]}"
                for row in connection.execute("PRAGMA foreign_key_check")
            ]
        finally:
            connection.close()
    except sqlite3.Error as error:
        return [str(error)]


def is_good_backup(path: Path, application_id: int, schema_version: int | None = None) -> bool:
    """A Vision Desk file that passes ``integrity_check`` (and, given
    ``schema_version``, that this version can open)."""
    state = examine(path, immutable=True)
    if state.problems or state.unreadable or state.application_id != application_id:
        return False
    return schema_version is None or (state.user_version or 0) <= schema_version


def unreadable_journal(database: Path) -> bool:
    """Whether the store's ``-wal`` holds something SQLite will not read: bytes with
    no valid WAL header, which SQLite silently ignores and then overwrites.

    A header being rewritten by a running copy can be read torn; a second look a
    moment later tells that apart from a journal that really is unreadable."""
    wal = database.with_name(database.name + "-wal")
    for attempt in range(2):
        try:
            with wal.open("rb") as handle:
                header = handle.read(32)
        except FileNotFoundError:
            return False
        except OSError:
            return True
        if not header or _valid_wal_header(header):
            return False
        if attempt == 0:
            time.sleep(0.05)
    return True


def _valid_wal_header(header: bytes) -> bool:
    if len(header) < 32:
        return False
    magic, version, page_size = struct.unpack(">III", header[:12])
    if magic not in _WAL_MAGIC or version != _WAL_VERSION:
        return False
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        return False
    order = ">" if magic & 1 else "<"
    first = second = 0
    for offset in range(0, 24, 8):
        one, two = struct.unpack(order + "II", header[offset : offset + 8])
        first = (first + one + second) & 0xFFFFFFFF
        second = (second + two + first) & 0xFFFFFFFF
    return (first, second) == struct.unpack(">II", header[24:32])
