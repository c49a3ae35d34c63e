"""How a desk's connections are set up on the server: no JIT (a desk's reads are
short and many, and compiling the board's query cost more than running it), and
a read-only desk's transactions refused any write by the server itself."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from vision_desk import app
from vision_desk.errors import StoreError
from vision_desk.storage.server_store import ServerStore


def test_every_connection_of_a_desk_runs_without_jit(server_database: str) -> None:
    app.init_server(server_database)
    store = ServerStore.open(server_database)
    try:
        with store.read() as session:
            assert session.execute(text("SHOW jit")).scalar() == "off"
        with store.snapshot() as connection:
            assert connection.execute("SHOW jit").fetchone() == ("off",)
    finally:
        store.close()


def test_a_read_only_desk_has_no_jit_and_takes_no_write(server_database: str) -> None:
    app.init_server(server_database)
    store = ServerStore.open(server_database, read_only=True)
    try:
        with store.read() as session:
            assert session.execute(text("SHOW jit")).scalar() == "off"
            assert session.execute(text("SHOW default_transaction_read_only")).scalar() == "on"
        with pytest.raises(StoreError, match="read-only"), store.write() as session:
            session.execute(text("INSERT INTO settings (key, value) VALUES ('x', 'y')"))
    finally:
        store.close()
