"""One running desk per store: a second start brings the first window forward.

A ``QLockFile`` beside the store says a desk has it; Qt treats the lock as stale
once its process is gone, so a desk killed with ``kill -9`` leaves nothing to
clean by hand. A ``QLocalServer`` named after the store lets a second start ask
the first to come forward, then exit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCryptographicHash, QLockFile, QObject

from vision_desk.paths import DataPaths

if TYPE_CHECKING:
    # QtNetwork loads when the desk starts listening, after its first paint.
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise\n"


class SingleInstance(QObject):
    def __init__(self, data_paths: DataPaths) -> None:
        super().__init__()
        where = QByteArray(str(data_paths.database.resolve()).encode())
        hashed = QCryptographicHash.hash(where, QCryptographicHash.Algorithm.Sha256)
        digest = bytes(hashed.toHex().data()).decode()[:16]
        self.name = f"vision-desk-{digest}"
        self.lock = QLockFile(str(data_paths.config / "desk.lock"))
        self.server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True when this process may open the desk on the store."""
        if self.lock.tryLock(200):
            return True
        # Held: most likely by a live desk. (A dead owner's lock counts as stale and
        # tryLock takes it over; this is for the rare lock Qt cannot judge.)
        if self._ask_first_to_come_forward():
            return False
        return bool(self.lock.removeStaleLockFile() and self.lock.tryLock(200))

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
