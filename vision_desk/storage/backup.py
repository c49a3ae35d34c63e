"""Verified backups with SQLite's backup API, their rotation, checks and restores.

A backup is written to a temporary file, opened and integrity-checked, made
private, and only then renamed into place: a backup that exists is a good one.
Nothing here deletes a database: a damaged store is set aside, never removed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from vision_desk.errors import StoreError

BACKUP_PREFIX = "vision-desk-"
BACKUP_SUFFIX = ".sqlite3"
_NAME = re.compile(r"vision-desk-(\d{8}-\d{6}-\d{6})-([a-z-]+)\.sqlite3$")
_STAMP = "%Y%m%d-%H%M%S-%f"

# What rotation keeps: the newest few, then one a day, a week and a month.
KEEP_RECENT = 5
KEEP_DAILY = 7
KEEP_WEEKLY = 5
KEEP_MONTHLY = 12


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    made_at: dt.datetime
    reason: str
    size: int


def make_backup(database: Path, folder: Path, reason: str, now: dt.datetime) -> Path:
    """Copy ``database`` into ``folder`` as a verified backup; returns its path."""
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
        source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
                verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                copy.close()
        finally:
            source.close()
        if verdict != "ok":
            raise StoreError(
                f"The backup of {database} failed its integrity check; nothing was replaced."
            )
        if os.name == "posix":
            partial.chmod(0o600)
        partial.replace(target)
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise StoreError(f"The backup could not be written to {folder}: {error}.") from None
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise StoreError(
            f"The backup could not be written to {folder}: {error.strerror}."
        ) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


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
        found.append(BackupInfo(path, made_at, match.group(2), path.stat().st_size))
    found.sort(key=lambda info: info.made_at, reverse=True)
    return found


def rotate(folder: Path, now: dt.datetime) -> list[Path]:
    """Delete the backups no rule keeps; returns what was deleted.

    Kept: the newest ``KEEP_RECENT``; then the newest of each of the last
    ``KEEP_DAILY`` days, ``KEEP_WEEKLY`` ISO weeks and ``KEEP_MONTHLY`` months.
    Rotation runs after a routine backup only, never as part of a restore, so a
    restore can never push out the older good backups.
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
            removed.append(info.path)
    return removed


def integrity_problems(database: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` and ``foreign_key_check`` find; empty when
    healthy. Opens the file read-only."""
    try:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            problems = [] if rows == ["ok"] else rows
            problems += [
                f"row {row[1]} of {row[0]} points at a missing {row[2]}"
                for row in connection.execute("PRAGMA foreign_key_check")
            ]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return problems


def is_good_backup(path: Path, application_id: int) -> bool:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if connection.execute("PRAGMA application_id").fetchone()[0] != application_id:
                return False
            verdict: str = connection.execute("PRAGMA integrity_check").fetchone()[0]
            return verdict == "ok"
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return False


def set_aside(database: Path, now: dt.datetime, label: str = "damaged") -> Path:
    """Move the store and its ``-wal`` out of the way under a name holding ``label``;
    never deletes them. Returns the new path of the main file."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%d-%H%M%S")
    aside = database.with_name(f"{database.stem}-{label}-{stamp}{database.suffix}")
    database.replace(aside)
    for suffix in ("-wal", "-shm"):
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            if suffix == "-shm":
                companion.unlink()  # the shared-memory index is rebuilt; it holds no data
            else:
                companion.replace(aside.with_name(aside.name + suffix))
    return aside


def put_in_place(backup: Path, database: Path) -> None:
    """Copy ``backup`` over ``database`` (through a temporary file and a rename)."""
    partial = database.with_name(database.name + ".restoring")
    try:
        shutil.copyfile(backup, partial)
        if os.name == "posix":
            partial.chmod(0o600)
        for suffix in ("-wal", "-shm"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        partial.replace(database)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise StoreError(f"The backup could not be put in place: {error.strerror}.") from None
