"""Signs that a store is damaged which SQLite would not report as damage.

A store whose first block was zeroed looks to SQLite like "not a database", the
same as a stranger's file, which is refused untouched; and a store truncated to
nothing looks like a new, empty database, which SQLite would happily start
afresh. In our store's place, with backups of it beside, both are a lost store.
The quick check reads every page, off the hot path (before a command runs, or
in the background on the desk). Plain ``sqlite3``: nothing here needs SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from vision_desk.errors import DamagedStoreError, StoreError
from vision_desk.storage.backup import list_backups, sqlite_uri
from vision_desk.storage.header import SCHEMA_VERSION, check_header

_HEADER_SIZE = 100
# How many SQLite virtual-machine steps pass between two looks at ``stop``.
_STEPS_BETWEEN_LOOKS = 10_000


def zeroed_header(path: Path) -> bool:
    """Whether the file's 100-byte header is all zeros: an SQLite file whose first
    block was lost, never a file of another kind."""
    try:
        with path.open("rb") as handle:
            header = handle.read(_HEADER_SIZE)
    except OSError:
        return False
    return len(header) == _HEADER_SIZE and not any(header)


def emptied(path: Path, backups: Path | None) -> bool:
    """A store of zero bytes where backups of it exist: its contents were lost (a
    first start stopped before the store was written leaves no backup)."""
    try:
        if path.stat().st_size:
            return False
    except OSError:
        return False
    return backups is not None and bool(list_backups(backups))


def check_store_header(path: Path) -> bool:
    """``header.check_header``, except that a zeroed header is damage to our store
    (``DamagedStoreError``), not a stranger's file to leave alone."""
    try:
        return check_header(path, SCHEMA_VERSION)
    except StoreError:
        if zeroed_header(path):
            raise DamagedStoreError(f"The store {path} is damaged: its header is zeroed.") from None
        raise


def quick_check(database: Path, stop: Callable[[], bool] | None = None) -> list[str]:
    """What ``PRAGMA quick_check`` finds in the store as it stands (its ``-wal``
    included), read-only; empty when sound. ``quick_check`` reads every page and
    checks the b-trees, but not that each index agrees with its table.

    A check that cannot run (the file is busy or gone) or is stopped by ``stop``
    finds nothing: it only ever reports damage it has seen."""
    try:
        connection = sqlite3.connect(sqlite_uri(database, mode="ro"), uri=True)
    except sqlite3.Error:
        return []
    try:
        if stop is not None:
            # A non-zero answer aborts the statement ("interrupted").
            connection.set_progress_handler(lambda: int(stop()), _STEPS_BETWEEN_LOOKS)
        rows = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
    except sqlite3.Error as error:
        if stop is not None and stop():
            return []
        code = getattr(error, "sqlite_errorname", "") or ""
        damage = code in {"SQLITE_CORRUPT", "SQLITE_NOTADB"} or "malformed" in str(error).lower()
        return [str(error)] if damage else []
    finally:
        connection.close()
    return [] if rows == ["ok"] else rows
