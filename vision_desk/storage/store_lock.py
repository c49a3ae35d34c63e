"""Who has the store open: every process that uses it holds it shared; a restore
needs it alone.

A restore replaces the store's file. A process that still has the old file open
(the desk, a command still running) would go on writing to it after the rename,
and every change it acknowledged from then on would be in no file at all. So each
process that opens the store holds a shared lock for as long as it has it open,
and a restore takes the lock exclusively, without waiting: refused at once while
anyone else has the store.

The lock is an OS record lock (``fcntl``) on a sidecar file beside the store,
never on the store itself, whose file a restore replaces. The desk's own
single-instance lock is a Qt ``QLockFile`` in ``ui/``, which the command line
cannot use; this one needs no Qt, and the kernel lets go of a killed process's
lock, so nothing is ever left to clean by hand.

Record locks rather than ``flock``: turning a shared lock into an exclusive one is
atomic with them, and a refused attempt keeps the shared lock, where ``flock``
lets go of it first. They belong to the process, and closing any descriptor of the
file drops them all; so a process opens the lock file once per store and counts
its holders (the desk's store, and a restore in the same process, share it).

On Windows there is no shared lock in ``msvcrt``, and none is needed there: a file
another process has open cannot be replaced or deleted (SQLite opens it without
``FILE_SHARE_DELETE``), so a restore under an open desk fails before anything
moves. The lock is a no-op on Windows.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from vision_desk.errors import StoreError

if os.name == "posix":
    import fcntl

LOCK_SUFFIX = ".lock"
# How long opening the store waits for a restore in another process to finish.
WAIT_FOR_RESTORE = 30.0
_POLL = 0.05


class StoreInUseError(StoreError):
    """Another process has the store open; it cannot be replaced now."""


@dataclass
class _Lock:
    descriptor: int
    holders: int = 0
    exclusive: bool = False


_locks: dict[str, _Lock] = {}
_guard = threading.RLock()


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + LOCK_SUFFIX)


class Hold:
    """This process's use of the store, until ``release``."""

    def __init__(self, key: str | None) -> None:
        self._key = key

    def release(self) -> None:
        key, self._key = self._key, None
        if key is not None:
            _let_go(key)


def share(database: Path, wait: float = WAIT_FOR_RESTORE) -> Hold:
    """Hold the store shared, for as long as this process has it open.

    Waits up to ``wait`` seconds while another process restores it; raises
    ``StoreError`` if that takes longer, or if the lock file cannot be made."""
    if os.name != "posix":
        return Hold(None)
    key = _key(database)
    with _guard:
        lock = _enter(key, database)
        if lock.holders > 1:
            return Hold(key)  # already held by this process, shared or alone
        try:
            _take(lock.descriptor, fcntl.LOCK_SH, database, wait)
        except BaseException:
            _let_go(key)
            raise
    return Hold(key)


@contextmanager
def alone(database: Path) -> Iterator[None]:
    """The store for this process alone, for the length of the block (a restore).

    Raises ``StoreInUseError`` at once, changing nothing, while another process has
    the store open; this process's own hold, if any, is kept either way."""
    if os.name != "posix":
        yield
        return
    key = _key(database)
    with _guard:
        lock = _enter(key, database)
        if lock.exclusive:  # already alone (a nested call): nothing to take or give back
            nested = True
        else:
            nested = False
            try:
                taken = _try(lock.descriptor, fcntl.LOCK_EX, database)
            except BaseException:
                _let_go(key)
                raise
            if not taken:
                _let_go(key)
                raise StoreInUseError(
                    f"Another process has the store {database} open; nothing was replaced."
                )
            lock.exclusive = True
    try:
        yield
    finally:
        with _guard:
            if not nested:
                lock.exclusive = False
                if lock.holders > 1:
                    # Back to shared for this process's other holders: a downgrade
                    # never waits, since no one else can hold the lock now.
                    fcntl.lockf(lock.descriptor, fcntl.LOCK_SH)
            _let_go(key)


def _key(database: Path) -> str:
    # One lock per file, whatever path names it (a symlinked data folder).
    return os.path.realpath(database)


def _enter(key: str, database: Path) -> _Lock:
    lock = _locks.get(key)
    if lock is None:
        path = lock_path(database)
        try:
            # Read and write access: a shared record lock needs the first, an
            # exclusive one the second. Never deleted: a process could otherwise
            # lock a file a moment after another had replaced it.
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError as error:
            raise StoreError(
                f"The store's lock file {path} cannot be opened: {error.strerror}."
            ) from None
        lock = _locks[key] = _Lock(descriptor)
    lock.holders += 1
    return lock


def _let_go(key: str) -> None:
    with _guard:
        lock = _locks[key]
        lock.holders -= 1
        if lock.holders == 0:
            del _locks[key]
            os.close(lock.descriptor)  # the kernel drops the lock with it


def _take(descriptor: int, kind: int, database: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while not _try(descriptor, kind, database):
        if time.monotonic() >= deadline:
            raise StoreError(
                f"The store {database} is being restored by another Vision Desk; "
                "try again in a moment."
            )
        time.sleep(_POLL)


def _try(descriptor: int, kind: int, database: Path) -> bool:
    """Take the lock without waiting; False when another process's lock is in the way."""
    try:
        fcntl.lockf(descriptor, kind | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in (errno.EAGAIN, errno.EACCES):
            return False
        # No locks on this file system (ENOLCK): SQLite could not lock the store
        # there either, so say so rather than run unguarded.
        raise StoreError(
            f"The store {database} cannot be locked on this disk: {error.strerror}."
        ) from None
    return True
