"""Is a file's schema exactly the one the migrations define?

The expected schema is never typed out by hand: it is read from a scratch store
the migrations themselves build, in a temporary folder, once per process. A file is
compared with it table by table (columns, foreign keys), index by index, and
trigger by trigger: the triggers are the seals (closed rounds, the append-only
history), so one missing, altered or added is reported by name. Read-only.
"""

from __future__ import annotations

import functools
import sqlite3
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from vision_desk.storage import migrate
from vision_desk.storage.backup import sqlite_uri
from vision_desk.storage.engine import initialise_file, make_engine

# A table's columns as ``PRAGMA table_info`` gives them: name, type, not null,
# default, position in the primary key.
Column = tuple[str, str, int, str | None, int]


@dataclass(frozen=True, slots=True)
class Schema:
    user_version: int
    tables: dict[str, tuple[Column, ...]]
    foreign_keys: dict[str, tuple[tuple[str, ...], ...]]
    # Index name: its table, whether unique, its columns, and its SQL (the WHERE of
    # a partial index lives only there; None for the ones SQLite makes itself).
    indexes: dict[str, tuple[str, int, tuple[str, ...], str | None]]
    # Trigger name: its table and its SQL, whitespace evened out.
    triggers: dict[str, tuple[str, str]]
    views: dict[str, str]


def problems(database: Path, immutable: bool = False) -> list[str]:
    """How the schema of ``database`` differs from the one the migrations define;
    empty when it is exactly that. ``immutable`` reads the file alone (a copy
    nothing else has open), without its ``-wal``."""
    return differences(read_schema(database, immutable), expected_schema())


@functools.cache
def expected_schema() -> Schema:
    """The schema at the newest revision, as the migrations build it."""
    with tempfile.TemporaryDirectory(prefix="vision-desk-schema-") as folder:
        scratch = Path(folder) / "expected.sqlite3"
        initialise_file(scratch)
        engine = make_engine(scratch)
        try:
            migrate.upgrade(engine)
        finally:
            engine.dispose()
        return read_schema(scratch)


def read_schema(database: Path, immutable: bool = False) -> Schema:
    options = {"immutable": "1"} if immutable else {"mode": "ro"}
    connection = sqlite3.connect(sqlite_uri(database, **options), uri=True)
    try:
        return _read(connection)
    finally:
        connection.close()


def _read(connection: sqlite3.Connection) -> Schema:
    entries = connection.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ).fetchall()
    tables: dict[str, tuple[Column, ...]] = {}
    foreign_keys: dict[str, tuple[tuple[str, ...], ...]] = {}
    indexes: dict[str, tuple[str, int, tuple[str, ...], str | None]] = {}
    triggers: dict[str, tuple[str, str]] = {}
    views: dict[str, str] = {}
    for kind, name, table, sql in entries:
        if kind == "table":
            tables[name] = tuple(
                (row[1], row[2], row[3], row[4], row[5])
                for row in connection.execute(f"PRAGMA table_info({_quoted(name)})")
            )
            foreign_keys[name] = tuple(
                sorted(
                    tuple(str(value) for value in row[2:7])  # table, from, to, on update, on delete
                    for row in connection.execute(f"PRAGMA foreign_key_list({_quoted(name)})")
                )
            )
            # Every index of the table, the ones SQLite makes for UNIQUE and
            # PRIMARY KEY included (their names are not in the listing above).
            for index in connection.execute(f"PRAGMA index_list({_quoted(name)})").fetchall():
                index_name, unique = index[1], index[2]
                columns = tuple(
                    str(row[2])
                    for row in connection.execute(f"PRAGMA index_info({_quoted(index_name)})")
                )
                indexes[index_name] = (name, unique, columns, None)
        elif kind == "trigger":
            triggers[name] = (table, _even(sql))
        elif kind == "view":
            views[name] = _even(sql)
    for kind, name, _table, sql in entries:
        if kind == "index" and name in indexes:
            indexes[name] = (*indexes[name][:3], _even(sql))
    (user_version,) = connection.execute("PRAGMA user_version").fetchone()
    return Schema(int(user_version), tables, foreign_keys, indexes, triggers, views)


def differences(found: Schema, expected: Schema) -> list[str]:
    """What makes ``found`` other than ``expected``, one phrase each."""
    told: list[str] = []
    if found.user_version != expected.user_version:
        told.append(
            f"its schema version is {found.user_version} where the migrations give "
            f"{expected.user_version}"
        )
    for name in _missing(found.tables, expected.tables):
        told.append(f"the table {name} is missing")
    for name in _extra(found.tables, expected.tables):
        told.append(f"there is a table {name} the schema does not have")
    for name in _shared(found.tables, expected.tables):
        told += _column_differences(name, found.tables[name], expected.tables[name])
        if found.foreign_keys.get(name) != expected.foreign_keys.get(name):
            told.append(f"the table {name}'s references to other tables are not the schema's")
    for name in _missing(found.indexes, expected.indexes):
        told.append(f"the index {name} is missing")
    for name in _extra(found.indexes, expected.indexes):
        told.append(f"there is an index {name} the schema does not have")
    for name in _shared(found.indexes, expected.indexes):
        if found.indexes[name] != expected.indexes[name]:
            told.append(f"the index {name} is not as the schema defines it")
    # Every trigger the migrations make seals something: closed rounds, the history.
    for name in _missing(found.triggers, expected.triggers):
        told.append(f"the seal trigger {name} (on {expected.triggers[name][0]}) is missing")
    for name in _extra(found.triggers, expected.triggers):
        told.append(
            f"there is a trigger {name} (on {found.triggers[name][0]}) the schema does not have"
        )
    for name in _shared(found.triggers, expected.triggers):
        if found.triggers[name] != expected.triggers[name]:
            told.append(f"the seal trigger {name} (on {expected.triggers[name][0]}) was altered")
    for name in _extra(found.views, expected.views):
        told.append(f"there is a view {name} the schema does not have")
    for name in _missing(found.views, expected.views):
        told.append(f"the view {name} is missing")
    return told


def _column_differences(
    table: str, found: tuple[Column, ...], expected: tuple[Column, ...]
) -> list[str]:
    found_by_name = {column[0]: column for column in found}
    expected_by_name = {column[0]: column for column in expected}
    told = [
        f"the column {table}.{name} is missing"
        for name in _missing(found_by_name, expected_by_name)
    ]
    told += [
        f"there is a column {table}.{name} the schema does not have"
        for name in _extra(found_by_name, expected_by_name)
    ]
    told += [
        f"the column {table}.{name} is not as the schema defines it"
        for name in _shared(found_by_name, expected_by_name)
        if found_by_name[name] != expected_by_name[name]
    ]
    if not told and found != expected:
        told.append(f"the columns of {table} are not in the schema's order")
    return told


def _missing(found: Mapping[str, object], expected: Mapping[str, object]) -> list[str]:
    return sorted(set(expected) - set(found))


def _extra(found: Mapping[str, object], expected: Mapping[str, object]) -> list[str]:
    return sorted(set(found) - set(expected))


def _shared(found: Mapping[str, object], expected: Mapping[str, object]) -> Iterable[str]:
    return sorted(set(found) & set(expected))


def _even(sql: str | None) -> str:
    """SQL with its whitespace evened out: the same statement however it was laid out."""
    return " ".join((sql or "").split())


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
