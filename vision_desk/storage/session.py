"""The driver's connection under a SQLAlchemy session, for the plain-SQL reads."""

from __future__ import annotations

from sqlalchemy.orm import Session

from vision_desk.storage.plain_sql import PlainConnection, ServerConnection


def driver_connection(session: Session) -> PlainConnection:
    """The session's own connection, inside its transaction: reads made on it see
    exactly what the session sees. ``sqlite3`` as it is; psycopg wrapped so that
    it takes the same SQL (``plain_sql``)."""
    connection = session.connection()
    driver = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        return ServerConnection(driver)
    connected: PlainConnection = driver  # type: ignore[assignment]  # a sqlite3.Connection
    return connected
