"""One running desk per store: a second start brings the first window forward.

A ``QLockFile`` beside the store says a desk has it; Qt treats the lock as stale
once its process is gone, so a desk killed with ``kill -9`` leaves nothing to
clean by hand. A ``QLocalServer`` named after the store lets a second start ask
the first to come forward, then exit.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCryptographicHash, QLockFile, QObject

from vision_desk.errors import UserError
from vision_desk.paths import DataPaths

if TYPE_CHECKING:
    # QtNetwork loads when the desk starts listening, after its first paint.
    from PySide6.QtNetwork import QLocalServer, QLocalSocket
    from PySide6.QtWidgets import QWidget

RAISE = b"raise\n"
# Errors of a write that mean the disk (or the account's share of it) is full;
# EFBIG is what a file-size limit gives, the tests' stand-in for a full disk.
_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
# Less free space than this, and a lock Qt could not write is put down to it.
_NEARLY_FULL = 64 * 1024


class SingleInstance(QObject):
    def __init__(self, data_paths: DataPaths) -> None:
        super().__init__()
        where = QByteArray(str(data_paths.database.resolve()).encode())
        hashed = QCryptographicHash.hash(where, QCryptographicHash.Algorithm.Sha256)
        digest = bytes(hashed.toHex().data()).decode()[:16]
        self.name = f"vision-desk-{digest}"
        self.folder = data_paths.config
        self.lock = QLockFile(str(self.folder / "desk.lock"))
        self.server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True when this process may open the desk on the store; False when another
        desk has it (and was asked to come forward). Raises ``UserError`` when the
        lock cannot be written at all (a full disk, a folder not writable)."""
        if self._try_lock():
            return True
        # Held: most likely by a live desk. (A dead owner's lock counts as stale and
        # tryLock takes it over; this is for the rare lock Qt cannot judge.)
        if self._ask_first_to_come_forward():
            return False
        return bool(self.lock.removeStaleLockFile() and self._try_lock())

    def _try_lock(self) -> bool:
        """``tryLock``, with the lock file private and a failure to write it told
        apart from a lock another desk holds."""
        # Qt creates the file with the process's umask (0644, as a rule): the desk
        # takes its lock before the store is opened, which is what sets 077.
        previous = os.umask(0o077) if os.name == "posix" else None
        try:
            taken = self.lock.tryLock(200)
        finally:
            if previous is not None:
                os.umask(previous)
        if not taken and self.lock.error() != QLockFile.LockError.LockFailedError:
            raise _cannot_write(self.folder)
        return taken

    def listen(self, bring_forward: Callable[[], None]) -> None:
        """Answer later starts by bringing this desk's window forward."""
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(self.name)  # a socket left by a killed desk
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.listen(self.name)

        def on_connection() -> None:
            assert self.server is not None
            while self.server.hasPendingConnections():
                connection = self.server.nextPendingConnection()
                connection.readyRead.connect(
                    lambda c=connection: self._on_message(c, bring_forward)
                )

        self.server.newConnection.connect(on_connection)

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
        self.lock.unlock()

    def _on_message(self, connection: QLocalSocket, bring_forward: Callable[[], None]) -> None:
        if bytes(connection.readAll().data()).startswith(RAISE.strip()):
            bring_forward()
        connection.disconnectFromServer()

    def _ask_first_to_come_forward(self) -> bool:
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(1000):
            return False
        socket.write(RAISE)
        socket.flush()
        socket.waitForBytesWritten(1000)
        socket.disconnectFromServer()
        return True


def _cannot_write(folder: Path) -> UserError:
    """Why the lock could not be written, in one sentence. Qt says only "unknown
    error" for a full disk, so a small write of our own finds the reason."""
    failure = _write_probe(folder)
    try:
        nearly_full = shutil.disk_usage(folder).free < _NEARLY_FULL
    except OSError:
        nearly_full = False
    if nearly_full or (failure is not None and failure.errno in _FULL):
        return UserError(
            f"The disk holding {folder} is full, so Vision Desk cannot start; "
            "free some space and try again."
        )
    reason = (
        failure.strerror if failure is not None and failure.strerror else "it cannot be written"
    )
    return UserError(
        f"Vision Desk cannot start: its lock file cannot be written in {folder} ({reason})."
    )


def _write_probe(folder: Path) -> OSError | None:
    try:
        with tempfile.TemporaryFile(dir=folder) as probe:
            probe.write(b"\0" * 4096)
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as error:
        return error
    return None


def bring_forward(window: QWidget) -> None:
    """What a later start asks of this desk: its window (or the question it is
    asking) shown and raised."""
    import logging

    logging.getLogger("vision_desk").info("a second start brought the desk forward")
    window.showNormal()
    window.raise_()
    window.activateWindow()
