"""Files being written: claimed by their writer, removed once abandoned.

A backup is written to a ``.part`` file as large as the store, then renamed into
place. A writer killed half-way leaves it behind. Its writer holds an OS lock on
it for as long as it writes, and the kernel lets go of a killed process's lock;
so a ``.part`` nobody holds is abandoned, whatever its age, and one that is held
is being written, however old.

``flock`` and not a record lock (``fcntl``): SQLite writes the same file through
its own descriptor, and closing that would drop every record lock this process
holds on the file; a ``flock`` belongs to the descriptor that took it. Without
``fcntl`` (Windows) there is no claim, and a ``.part`` counts as abandoned once it
is older than any backup takes to write.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

if os.name == "posix":
    import fcntl

# Where no lock tells, a ``.part`` this old belongs to a writer that was killed.
ABANDONED_AFTER_SECONDS = 3600.0
COMPANIONS = ("-wal", "-shm", "-journal")


@contextmanager
def claimed(path: Path) -> Iterator[None]:
    """Create ``path`` (empty, private) and hold it as being written until the
    block ends; the block writes it and renames it into place.

    Any SQLite connection to the file must be closed before the block ends:
    closing the claim's descriptor drops the record locks SQLite holds on that
    file in this process (POSIX ties them to the process, not the descriptor)."""
    if os.name != "posix":
        yield
        return
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        # Waits only while a clean-up that found the name holds it, a moment.
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        if _still_named(descriptor, path):
            break
        # That clean-up removed the file between our open and our lock: start again.
        os.close(descriptor)
    try:
        yield
    finally:
        os.close(descriptor)


def remove_if_abandoned(path: Path) -> bool:
    """Remove ``path`` and what SQLite left beside it when no live process is
    writing it; True when it was removed."""
    if os.name != "posix":
        return _remove_if_old(path)
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CLOEXEC)
    except OSError:
        return False  # gone already, or not ours to open
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # its writer holds it
        if not _still_named(descriptor, path):
            return False  # renamed or replaced since we opened it
        # Removed while we hold it: a writer that opened the name just before waits
        # for our lock, then sees the file is gone and starts afresh.
        remove(path)
        return True
    finally:
        os.close(descriptor)


def remove_orphan_companions(path: Path) -> None:
    """A ``-journal`` (or ``-wal``) whose main file is gone belongs to nothing."""
    for suffix in COMPANIONS:
        if path.name.endswith(suffix):
            owner = path.with_name(path.name.removesuffix(suffix))
            if not owner.exists():
                with contextlib.suppress(OSError):
                    path.unlink()
            return


def _still_named(descriptor: int, path: Path) -> bool:
    try:
        named = path.stat()
    except FileNotFoundError:
        return False
    held = os.fstat(descriptor)
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


def _remove_if_old(path: Path) -> bool:
    with contextlib.suppress(OSError):
        if time.time() - path.stat().st_mtime > ABANDONED_AFTER_SECONDS:
            remove(path)
            return True
    return False


def remove(path: Path) -> None:
    """Remove ``path`` and what SQLite left beside it, as far as it can."""
    with contextlib.suppress(OSError):
        path.unlink()
    for suffix in COMPANIONS:
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink()
