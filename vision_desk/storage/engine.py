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

from vision_desk.storage.header import APPLICATION_ID, check_header

__all__ = ["APPLICATION_ID", "check_header", "initialise_file", "make_engine"]

BUSY_TIMEOUT_MS = 5000


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
