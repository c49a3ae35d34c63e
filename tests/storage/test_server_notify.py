"""A team desk's hint that something changed (LISTEN/NOTIFY): a write notifies when
it commits and only then, a listener hears it on a connection of its own, comes back
when that connection is lost, and stops when told."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import psycopg
import pytest
from server_fixtures import libpq_url
from sqlalchemy import text

from vision_desk.storage import server_notify
from vision_desk.storage.server_store import ServerStore, create_desk

# Long enough for a loaded machine; the tests only ask that something arrives.
ARRIVES_S = 20.0


class Heard:
    """How many times a listener said a change committed, and a way to wait for more."""

    def __init__(self) -> None:
        self.count = 0
        self._changed = threading.Condition()

    def __call__(self) -> None:
        with self._changed:
            self.count += 1
            self._changed.notify_all()

    def wait_for(self, count: int) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self.count >= count, ARRIVES_S)


def wait_until(condition: Callable[[], bool]) -> bool:
    done = threading.Event()
    for _ in range(int(ARRIVES_S / 0.05)):
        if condition():
            return True
        done.wait(0.05)
    return condition()


@pytest.fixture
def desk(server_database: str) -> Iterator[ServerStore]:
    create_desk(server_database).close()
    store = ServerStore.open(server_database)
    yield store
    store.close()


def put_setting(store: ServerStore, value: str) -> None:
    with store.write() as session:
        session.execute(
            text(
                "INSERT INTO settings (key, value) VALUES ('probe', :value) "
                "ON CONFLICT (key) DO UPDATE SET value = :value"
            ),
            {"value": value},
        )


def server_processes(server_database: str, application: str) -> set[int]:
    with psycopg.connect(libpq_url(server_database), autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = %s",
            (application,),
        ).fetchall()
    return {int(pid) for (pid,) in rows}


def test_a_write_notifies_when_it_commits_and_not_when_it_rolls_back(
    desk: ServerStore, server_database: str
) -> None:
    with psycopg.connect(libpq_url(server_database), autocommit=True) as listening:
        listening.execute(server_notify.LISTEN)
        with pytest.raises(RuntimeError), desk.write() as session:
            session.execute(text("INSERT INTO settings (key, value) VALUES ('never', 'x')"))
            raise RuntimeError("the officer's action failed midway")
        put_setting(desk, "committed")
        heard = list(listening.notifies(timeout=ARRIVES_S, stop_after=1))
        # Delivered in the order the writes ended: a notification of the rolled-back
        # write would have come first.
        heard += listening.notifies(timeout=0.5)
    assert [(notice.channel, notice.payload) for notice in heard] == [(server_notify.CHANNEL, "")]


def test_the_listener_hears_another_desks_change(desk: ServerStore, server_database: str) -> None:
    other = ServerStore.open(server_database)
    heard = Heard()
    listener = desk.change_listener(heard)
    listener.start()
    try:
        # Once on listening: what committed before was not heard.
        assert heard.wait_for(1)
        put_setting(other, "from another desk")
        assert heard.wait_for(2)
        assert server_processes(server_database, server_notify.LISTENER_NAME) == {
            listener.backend_pid
        }
    finally:
        listener.stop()
        listener.join(5)
        other.close()
    assert not listener.running
    # Its connection is closed with it.
    assert wait_until(lambda: not server_processes(server_database, server_notify.LISTENER_NAME))


def test_a_lost_listening_connection_is_made_again(
    desk: ServerStore, server_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_notify, "RECONNECT_FIRST_S", 0.05)
    heard = Heard()
    listener = desk.change_listener(heard)
    listener.start()
    try:
        assert heard.wait_for(1)
        lost = listener.backend_pid
        assert lost is not None
        with psycopg.connect(libpq_url(server_database), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (lost,))
        assert wait_until(lambda: listener.backend_pid not in (None, lost))
        # Listening again, it looked once more (changes meanwhile were not heard)...
        assert heard.wait_for(2)
        # ...and hears the next change.
        put_setting(desk, "after the loss")
        assert heard.wait_for(3)
    finally:
        listener.stop()
        listener.join(5)
    assert not listener.running


def test_a_server_that_does_not_answer_is_tried_again_until_stopped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server_notify, "RECONNECT_FIRST_S", 0.01)
    tries = Heard()

    def refused() -> server_notify.PlainServerConnection:
        tries()
        raise psycopg.OperationalError("connection refused")

    heard = Heard()
    listener = server_notify.ChangeListener(refused, heard)
    listener.start()
    try:
        assert tries.wait_for(3)
    finally:
        listener.stop()
        listener.join(5)
    assert not listener.running
    assert heard.count == 0


def test_a_listener_whose_window_is_gone_stops_quietly(
    desk: ServerStore, server_database: str
) -> None:
    """Told after its window closed (Qt says RuntimeError for a deleted object): the
    listener stops, without a traceback, and closes its connection."""
    told = threading.Event()

    def gone() -> None:
        told.set()
        raise RuntimeError("Internal C++ object (LiveWatch) already deleted.")

    listener = desk.change_listener(gone)
    listener.start()
    assert told.wait(5)
    listener.join(5)
    assert not listener.running
    assert wait_until(lambda: not server_processes(server_database, server_notify.LISTENER_NAME))
