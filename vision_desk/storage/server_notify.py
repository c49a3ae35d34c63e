"""A team desk's hint that something changed: PostgreSQL's LISTEN/NOTIFY.

Every write on a server desk notifies ``CHANNEL`` inside its own transaction
(``ServerStore.write``), so the server delivers the notification when the write
commits, and never when it rolls back. An open desk listens on a connection of its
own, in a thread, and looks for changes as soon as a notification arrives rather
than at its next poll.

It is only a hint. A notification carries nothing the desk believes (its payload is
empty, and any role that may connect may send one): it only makes the desk look,
and the look is the poll's own, reading everything after the last change the desk
has taken in. A lost notification, or a lost listening connection, therefore loses
nothing: the poll still comes, and the listener connects again and looks once more
(what committed while nobody listened was not heard).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    # Loaded when a desk listens, not by every start on the officer's file.
    import psycopg

CHANNEL = "vision_desk_changed"
NOTIFY = f"SELECT pg_notify('{CHANNEL}', '')"
LISTEN = f"LISTEN {CHANNEL}"
# How the listening connection is named to the server's administrator
# (``pg_stat_activity.application_name``).
LISTENER_NAME = "vision-desk listener"

# How long the listener waits for a notification before it checks whether it has
# been told to stop: the bound on how long it takes to stop (seconds).
WAIT_S = 0.2
# The pause before connecting again after the connection was lost or refused,
# doubled after each failure up to the longest: a server that is down is not
# asked twenty times a second by every open desk (seconds).
RECONNECT_FIRST_S = 0.5
RECONNECT_LONGEST_S = 30.0

PlainServerConnection: TypeAlias = "psycopg.Connection[Any]"


class ChangeListener:
    """Calls ``heard`` (from its own thread) each time a change commits on the desk,
    and once each time it starts listening. ``connect`` opens the listening
    connection; the listener closes it."""

    def __init__(
        self, connect: Callable[[], PlainServerConnection], heard: Callable[[], None]
    ) -> None:
        self._connect = connect
        self._heard = heard
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="vision-desk-listen", daemon=True)
        # The server's process id of the connection listening now; None between
        # connections (the tests end it to see the listener come back).
        self.backend_pid: int | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Tell the listener to stop; it does within ``WAIT_S`` unless it is
        connecting (bounded by the connection's own timeout). Returns at once."""
        self._stopping.set()

    def join(self, timeout: float | None = None) -> None:
        """Wait (at most ``timeout`` seconds) for the listener to have stopped."""
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        import psycopg

        pause = RECONNECT_FIRST_S
        while not self._stopping.is_set():
            try:
                connection = self._connect()
            except psycopg.Error:
                connection = None  # the server does not answer: the poll goes on
            if connection is not None:
                try:
                    self._listen(connection)
                except psycopg.Error:
                    # The connection was lost, or the server would not LISTEN (a
                    # standby): connect again after the pause; the poll goes on.
                    pass
                finally:
                    connection.close()
                if self.backend_pid is not None:
                    pause = RECONNECT_FIRST_S  # it listened: a later loss starts afresh
                self.backend_pid = None
            self._stopping.wait(pause)
            pause = min(pause * 2, RECONNECT_LONGEST_S)

    def _listen(self, connection: PlainServerConnection) -> None:
        connection.execute(LISTEN)
        self.backend_pid = connection.info.backend_pid
        # What committed while no connection listened was not heard: look once now.
        self._tell()
        while not self._stopping.is_set():
            for _notification in connection.notifies(timeout=WAIT_S):
                self._tell()

    def _tell(self) -> None:
        if self._stopping.is_set():  # a stopped watch is not woken again
            return
        try:
            self._heard()
        except RuntimeError:
            # The window that listened is gone (its Qt object deleted at closing):
            # nobody is left to tell.
            self._stopping.set()
