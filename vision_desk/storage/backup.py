"""Verified backups with SQLite's backup API.

A backup is written to a temporary file, opened and integrity-checked, made
private, and only then renamed into place: a backup that exists is a good one.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from vision_desk.errors import StoreError

BACKUP_PREFIX = "vision-desk-"
BACKUP_SUFFIX = ".sqlite3"


def make_backup(database: Path, folder: Path, reason: str, now: dt.datetime) -> Path:
    """Copy ``database`` into ``folder`` as a verified backup; returns its path."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"The backup folder {folder} cannot be created: {error.strerror}."
        ) from None
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{BACKUP_PREFIX}{stamp}-{reason}{BACKUP_SUFFIX}"
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
