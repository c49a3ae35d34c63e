"""The SQLite connection under a SQLAlchemy session, for the plain-SQL reads."""

from __future__ import annotations

import sqlite3
from typing import cast

from sqlalchemy.orm import Session


def driver_connection(session: Session) -> sqlite3.Connection:
    """The session's own ``sqlite3`` connection, inside its transaction: reads made
    on it see exactly what the session sees."""
    return cast(sqlite3.Connection, session.connection().connection.driver_connection)
