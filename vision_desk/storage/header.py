"""What the store's file says about itself, read without SQLite or SQLAlchemy.

Before SQLite touches a file we read its header ourselves, so that a file that is
not ours, or one written by a newer Vision Desk, is refused with its bytes
unchanged (opening it for writing would already switch its journal mode). The
desk's quick first view reads here too, before SQLAlchemy is even imported.
"""

from __future__ import annotations

from pathlib import Path

from vision_desk.errors import StoreError

# The schema version stamped into PRAGMA user_version by the newest revision; the
# header check refuses files with a higher one before SQLite opens them.
SCHEMA_VERSION = 9
# The newest revision's id. A store already there opens without loading Alembic,
# which costs a quarter of a second at every start (a test keeps this in step).
HEAD_REVISION = "0009"

# "VDK1": PRAGMA application_id marks the file as a Vision Desk store.
APPLICATION_ID = 0x56444B31
SQLITE_MAGIC = b"SQLite format 3\x00"


def check_header(path: Path, schema_version: int) -> bool:
    """Refuse files that are not ours or are newer. Returns False for a new file."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise StoreError(f"The store {path} cannot be read: {error.strerror or error}.") from None
    if not header:
        return False
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise StoreError(
            f"{path} is not a Vision Desk database (it is not an SQLite file). "
            "It was left untouched; choose another data folder or move the file away."
        )
    application_id = int.from_bytes(header[68:72], "big")
    user_version = int.from_bytes(header[60:64], "big")
    if application_id != APPLICATION_ID:
        raise StoreError(
            f"{path} is an SQLite file but not a Vision Desk database. "
            "It was left untouched; choose another data folder or move the file away."
        )
    if user_version > schema_version:
        raise StoreError(
            f"{path} was written by a newer version of Vision Desk (schema {user_version}; "
            f"this version knows up to {schema_version}). It was left untouched; "
            "please use the newer Vision Desk."
        )
    return True


def user_version(path: Path) -> int | None:
    """The schema version in the file's header; None when unreadable or not ours."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError:
        return None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return None
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        return None
    return int.from_bytes(header[60:64], "big")


def wal_has_content(database: Path) -> bool:
    """A WAL with content at start means the last session did not close cleanly."""
    wal = database.with_name(database.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except FileNotFoundError:
        return False
