"""Moving the store's files: a damaged store set aside (never deleted), a copy kept
beside it, a checked backup put in its place. Every move is a rename made durable
(the file, then its folder, synced), so that a crash leaves one store or the other,
never half of one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from pathlib import Path

from vision_desk.errors import StoreError
from vision_desk.storage import partial_files


def _aside_name(database: Path, now: dt.datetime, label: str) -> Path:
    """A free name for a set-aside store: never one an earlier damaged copy has."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%d-%H%M%S")
    aside = database.with_name(f"{database.stem}-{label}-{stamp}{database.suffix}")
    number = 2
    while aside.exists() or aside.with_name(aside.name + "-wal").exists():
        aside = database.with_name(f"{database.stem}-{label}-{stamp}-{number}{database.suffix}")
        number += 1
    return aside


def set_aside(database: Path, now: dt.datetime, label: str = "damaged") -> Path:
    """Move the store and its ``-wal`` out of the way under a name holding ``label``;
    never deletes them. Returns the new path of the main file."""
    aside = _aside_name(database, now, label)
    database.replace(aside)
    for suffix in ("-wal", "-shm"):
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            if suffix == "-shm":
                companion.unlink()  # the shared-memory index is rebuilt; it holds no data
            else:
                companion.replace(aside.with_name(aside.name + suffix))
    sync_folder(database.parent)
    return aside


def put_back(aside: Path, database: Path) -> None:
    """Undo ``set_aside`` when nothing could take the store's place: a missing store
    would be made afresh, empty, at the next start."""
    if database.exists():
        return
    with contextlib.suppress(OSError):
        aside.replace(database)
        wal = aside.with_name(aside.name + "-wal")
        if wal.exists():
            wal.replace(database.with_name(database.name + "-wal"))


def keep_copy(database: Path, now: dt.datetime, label: str = "damaged") -> Path:
    """Copy the store and its ``-wal`` under a name holding ``label``, leaving both
    in place (for a journal SQLite will discard). Returns the copy of the main file."""
    aside = _aside_name(database, now, label)
    try:
        shutil.copyfile(database, aside)
        wal = database.with_name(database.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, aside.with_name(aside.name + "-wal"))
    except OSError as error:
        raise StoreError(
            f"A copy of the store could not be kept as {aside}: {error.strerror}."
        ) from None
    return aside


def restoring_path(database: Path) -> Path:
    """Where a file is made ready to take the store's place: beside it, so that
    putting it in place is one rename."""
    return database.with_name(database.name + ".restoring")


def move_into_place(prepared: Path, database: Path) -> None:
    """Rename ``prepared`` (made by ``restoring_path``, self-contained: no ``-wal``)
    over ``database``. The store's ``-wal`` and ``-shm`` go first: they belong to
    the file being replaced, whose changes the caller has already kept."""
    try:
        _swap_in(prepared, database)
    except OSError as error:
        raise StoreError(f"The backup could not be put in place: {error.strerror}.") from None


def _swap_in(prepared: Path, database: Path) -> None:
    # Durable before it is the store; the old store's -wal and -shm would be read
    # as the new one's, so they go first; the rename itself is made durable too.
    with prepared.open("rb+") as handle:
        os.fsync(handle.fileno())
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    prepared.replace(database)
    sync_folder(database.parent)


def put_in_place(backup: Path, database: Path) -> None:
    """Copy ``backup`` over ``database`` (through a temporary file and a rename).

    The store must be closed in this process: the copy is claimed while written
    (``partial_files``), and closing that claim once the copy is the store would
    drop any record lock SQLite held on it here."""
    partial = restoring_path(database)
    try:
        with partial_files.claimed(partial):
            shutil.copyfile(backup, partial)
            if os.name == "posix":
                partial.chmod(0o600)
            _swap_in(partial, database)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise StoreError(f"The backup could not be put in place: {error.strerror}.") from None


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; elsewhere the rename is enough)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
