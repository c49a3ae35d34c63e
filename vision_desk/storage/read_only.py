"""The store opened for reading only, beside a desk that has it open for writing.

A helper process (the desk's memo) reads the store while the desk holds it. It
must not take the full way in (``Store.open``): that way treats a WAL with
content, which an open desk always has, as an unclean shutdown, may migrate and
make a backup, and switches the journal mode, all of them writes. Here SQLite
itself is told the file is read-only (``mode=ro``) and every connection is also
``query_only``, so no code path, present or future, can change a byte of the
store or its WAL. Reading through the WAL as one more reader is what WAL mode is
for: the desk's writes are not blocked and each read sees one consistent state.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from vision_desk.errors import StoreError
from vision_desk.storage.backup import sqlite_uri
from vision_desk.storage.damage_signs import check_store_header
from vision_desk.storage.engine import BUSY_TIMEOUT_MS
from vision_desk.storage.header import HEAD_REVISION
from vision_desk.storage.store import Store


def open_read_only(database: Path) -> Store:
    """The store at ``database`` for reading: no check that writes, no migration, no
    backup. A missing store, or one not at this version's schema (which only the
    full way in may migrate), is a ``StoreError``; nothing is created or changed."""
    if not check_store_header(database):  # also refuses a stranger's or newer file
        raise StoreError(f"There is no store at {database} to read.")
    engine = _read_only_engine(database)
    try:
        with engine.connect() as connection:
            revision = connection.exec_driver_sql(
                "SELECT version_num FROM alembic_version"
            ).scalar()
    except DBAPIError:  # not an SQLite store, damaged, or no schema at all
        engine.dispose()
        raise StoreError(f"The store {database} cannot be read.") from None
    if revision != HEAD_REVISION:
        engine.dispose()
        raise StoreError(
            f"The store {database} is not at this version's schema; open it in the desk "
            "first, which brings it up to date."
        )
    return Store(database, engine)


def _read_only_engine(database: Path) -> Engine:
    uri = sqlite_uri(database, mode="ro")

    def connect() -> sqlite3.Connection:
        # A creator rather than a URL: the URI keeps a folder named "Q3 ?review"
        # or "100%41" intact, and ``uri=True`` is what makes SQLite read ``mode``.
        return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)

    # A pool of several: a snapshot read may be taken while a session is open.
    engine = create_engine(
        "sqlite://",
        creator=connect,
        poolclass=QueuePool,
        hide_parameters=True,  # parameters are note text: never in logs or errors
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        for pragma in (f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}", "PRAGMA query_only = ON"):
            cursor.execute(pragma)
        cursor.close()

    # As ``make_engine`` does: pysqlite's own transaction handling is off, so each
    # session reads inside one BEGIN, one consistent state of the store.
    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine
