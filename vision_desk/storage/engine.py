"""Opening the SQLite file: the checks before, and the connection settings.

Before SQLite touches a file we read its header ourselves, so that a file that is
not ours, or one written by a newer Vision Desk, is refused with its bytes
unchanged (opening it for writing would already switch its journal mode).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event

from vision_desk.errors import StoreError

# "VDK1": PRAGMA application_id marks the file as a Vision Desk store.
APPLICATION_ID = 0x56444B31
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


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


def initialise_file(path: Path) -> None:
    """Stamp a new file as ours before it switches to WAL, so the mark is in the
    main file from the first moment."""
    connection = sqlite3.connect(path)
    try:
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()
    if os.name == "posix":
        path.chmod(0o600)


def make_engine(path: Path) -> Engine:
    """An engine with the store's settings on every connection.

    pysqlite's own transaction handling neither wraps DDL nor lets us choose the
    BEGIN; we switch it off and emit BEGIN ourselves (the SQLAlchemy SQLite
    dialect's documented recipe), so migrations are all-or-nothing and writers
    take the write lock up front (``BEGIN IMMEDIATE``) instead of failing mid-way.
    """
    engine = create_engine(
        # A URL object, not "sqlite:///{path}": a folder named "Q3 ?review" or
        # "100%41" must open that file, not one SQLAlchemy parses out of the text.
        URL.create("sqlite", database=str(path)),
        hide_parameters=True,  # parameters are note text: never in logs or errors
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = FULL",
            "PRAGMA foreign_keys = ON",
            "PRAGMA secure_delete = ON",
        ):
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(connection.get_execution_options().get("begin", "BEGIN"))

    return engine
