"""Plain SQL for the reads a keystroke makes, on either database.

The board's reads skip SQLAlchemy's session (a tenth of its cost) and run SQL
straight on the driver's connection: ``sqlite3`` for the officer's file, psycopg
for a team desk's server. The SQL is written once, with SQLite's ``?``
placeholders; ``ServerConnection`` hands it to psycopg with psycopg's ``%s``.
Where the two databases spell a function differently, the reader asks
``on_server`` and says each.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol


class PlainCursor(Protocol):
    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class PlainConnection(Protocol):
    def execute(self, sql: str, parameters: Any = ..., /) -> PlainCursor: ...


class ServerConnection:
    """A psycopg connection that takes the SQLite-style SQL the readers write."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def execute(
        self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] = (), /
    ) -> PlainCursor:
        if isinstance(parameters, Mapping):
            cursor: PlainCursor = self.connection.execute(server_sql(sql), dict(parameters))
        else:
            cursor = self.connection.execute(server_sql(sql), tuple(parameters))
        return cursor


# SQLite's named placeholder (``:id``), not a cast (``::``) nor inside a word.
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def server_sql(sql: str) -> str:
    """SQLite's placeholders as psycopg's: ``?`` as ``%s``, ``:name`` as ``%(name)s``
    (a literal ``%`` doubled first). The readers' SQL holds neither inside a string
    literal."""
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%").replace("?", "%s"))


def on_server(connection: PlainConnection) -> bool:
    return isinstance(connection, ServerConnection)
