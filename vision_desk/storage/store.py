"""The store: one SQLite file, opened safely, with one transaction per action."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError
from sqlalchemy.orm import Session

from vision_desk.errors import DamagedStoreError, StoreError
from vision_desk.storage import migrate
from vision_desk.storage.backup import make_backup
from vision_desk.storage.damage_signs import check_store_header, emptied
from vision_desk.storage.engine import initialise_file, make_engine

# What services hold during one action and hand to the repository functions; they
# never use it themselves, so they need not know it is a SQLAlchemy session.
Transaction = Session


class Rehearsed(Exception):  # noqa: N818  # not an error: how a rehearsal rolls back
    """Raised at the end of a rehearsed write: it rolls the transaction back."""


class Rehearsal:
    """Writes made in this thread inside ``rehearsing()`` are rolled back, never
    committed. The first time SQLAlchemy meets a statement it compiles it (some
    milliseconds each); a status change walked once in the background, before the
    officer's first key, leaves them compiled and cached, and nothing else."""

    def __init__(self) -> None:
        self._local = threading.local()

    @property
    def on(self) -> bool:
        return bool(getattr(self._local, "on", False))

    @contextmanager
    def rehearsing(self) -> Iterator[None]:
        self._local.on = True
        try:
            yield
        except Rehearsed:
            pass
        finally:
            self._local.on = False


class Store:
    """An open store. Sessions are short: one per officer action (SQLAlchemy's
    advice for GUIs), never one for the window's life."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._writer = engine.execution_options(begin="BEGIN IMMEDIATE")
        # Why this store takes no change (a copy pulled from a team desk), or None.
        self.refuse_writes: str | None = None
        self.rehearsal = Rehearsal()

    @classmethod
    def open(cls, path: Path, backups: Path | None = None) -> Store:
        """Open (or create) the store at ``path`` and bring its schema up to date,
        making a verified backup into ``backups`` before any migration.

        A store that lost its contents is damage (``DamagedStoreError``), never a
        new store: a zeroed header, or zero bytes where ``backups`` holds backups."""
        exists = check_store_header(path)
        if not exists:
            if emptied(path, backups):
                raise DamagedStoreError(
                    f"The store {path} is empty, though backups of it exist: it is damaged."
                )
            try:
                initialise_file(path)
            except sqlite3.Error as error:
                raise StoreError(f"The store {path} cannot be created: {error}.") from None
        engine = make_engine(path)
        try:
            with engine.connect() as connection:
                revision = migrate.stored_revision(connection)
            if revision == migrate.HEAD_REVISION:
                return cls(path, engine)
            if revision is not None and revision not in migrate.known_revisions():
                raise StoreError(
                    f"{path} was written by a newer version of Vision Desk (schema "
                    f"'{revision}'). It was left untouched; please use the newer Vision Desk."
                )
            if revision != migrate.head_revision():
                if revision is not None and backups is not None:
                    make_backup(path, backups, "migration", dt.datetime.now(dt.UTC))
                migrate.upgrade(engine)
                # Put the new version into the main file's header now: the header
                # check reads only that file, and a WAL left by a crash must not
                # hide a newer schema from an older Vision Desk.
                checkpoint(engine)
        except DBAPIError as error:
            engine.dispose()
            if not is_store_failure(error):
                raise
            kind = DamagedStoreError if is_damage(error) else StoreError
            raise kind(describe_sqlite_error(path, error)) from None
        except BaseException:
            # A StoreError, or a bug (a failing migration): either way, let go of
            # the file, which the rolled-back transaction left as it was.
            engine.dispose()
            raise
        return cls(path, engine)

    @property
    def where(self) -> str:
        """The store as the officer's messages name it."""
        return str(self.path)

    def close(self) -> None:
        self.engine.dispose()

    def integrity_problems(self) -> list[str]:
        """What ``PRAGMA integrity_check`` finds; empty when the file is sound."""
        try:
            with self.engine.connect() as connection:
                rows = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
        except DBAPIError as error:
            return [describe_sqlite_error(self.path, error)]
        return [] if rows == ["ok"] else rows

    def checkpoint(self) -> bool:
        """Move everything committed into the main file and empty the WAL.

        Called after words were scrubbed (a deleted note): until the WAL is
        truncated, its earlier frames still hold them. Best effort: the change
        itself is already committed, so a busy store only returns False.
        """
        return checkpoint(self.engine)

    @contextmanager
    def read(self) -> Iterator[Transaction]:
        with self._translate_errors(), Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A plain ``sqlite3`` connection in one read transaction, for the reads a
        keystroke makes (``board_read``): a tenth of a session's cost, which on
        the desk's next-clause key is a measurable part of the frame."""
        with self._translate_errors():
            pooled = self.engine.raw_connection()
            try:
                connection = cast(sqlite3.Connection, pooled.driver_connection)
                connection.execute("BEGIN")
                try:
                    yield connection
                finally:
                    connection.execute("ROLLBACK")  # it only read
            finally:
                pooled.close()  # back to the pool

    @contextmanager
    def write(self) -> Iterator[Transaction]:
        """A transaction that commits when the block ends, or leaves no trace."""
        if self.refuse_writes is not None:
            raise StoreError(self.refuse_writes)
        with (
            self._translate_errors(),
            Session(self._writer, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session
            if self.rehearsal.on:
                session.flush()  # every statement sent, then none of it kept
                raise Rehearsed

    @contextmanager
    def _translate_errors(self) -> Iterator[None]:
        try:
            yield
        except DBAPIError as error:
            if not is_store_failure(error):
                raise
            kind = DamagedStoreError if is_damage(error) else StoreError
            raise kind(describe_sqlite_error(self.path, error)) from None
        except sqlite3.Error as error:
            # The same failures met on a plain connection (``snapshot``).
            if not (
                isinstance(error, sqlite3.OperationalError) or type(error) is sqlite3.DatabaseError
            ):
                raise
            kind = DamagedStoreError if _damage_in(error) else StoreError
            raise kind(_describe(self.path, error)) from None


def checkpoint(engine: Engine) -> bool:
    """``PRAGMA wal_checkpoint(TRUNCATE)`` outside any transaction; True when the
    whole WAL was copied into the main file and truncated to nothing."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        try:
            busy, _log, _done = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            cursor.close()
    except sqlite3.Error:
        return False
    finally:
        connection.close()
    return int(busy) == 0


def is_store_failure(error: DBAPIError) -> bool:
    """A failure of the file or the disk (locked, full, read-only, damaged), as
    opposed to a bug in our SQL (a constraint, a syntax error), which stays a bug.

    pysqlite raises its base ``DatabaseError`` for SQLITE_CORRUPT and SQLITE_NOTADB;
    SQLAlchemy keeps that class, while the SQL's own faults get subclasses."""
    return isinstance(error, OperationalError) or type(error) is DatabaseError


def is_damage(error: DBAPIError) -> bool:
    return _damage_in(error.orig)


def _damage_in(original: BaseException | None) -> bool:
    code = getattr(original, "sqlite_errorname", "") or ""
    return code in {"SQLITE_CORRUPT", "SQLITE_NOTADB"} or "malformed" in str(original).lower()


def describe_sqlite_error(path: Path, error: DBAPIError) -> str:
    """An expected SQLite failure in the officer's words (never with note text)."""
    return _describe(path, error.orig)


def _describe(path: Path, original: BaseException | None) -> str:
    code = getattr(original, "sqlite_errorname", "") or ""
    text = str(original).lower()
    if code == "SQLITE_FULL" or "disk is full" in text or "database or disk is full" in text:
        return "The disk is full: the change was not saved. Free some space and try again."
    if code in {"SQLITE_BUSY", "SQLITE_LOCKED"} or "locked" in text:
        return (
            f"The store {path} is busy: another program holds it. "
            "The change was not saved; try again in a moment."
        )
    if code == "SQLITE_READONLY" or "readonly" in text or "read-only" in text:
        return f"The store {path} cannot be written (read-only). The change was not saved."
    if code in {"SQLITE_CORRUPT", "SQLITE_NOTADB"} or "malformed" in text:
        return (
            f"The store {path} is damaged. Nothing was changed; 'vision-desk check' (Tools, "
            "Check Database) restores the newest good backup."
        )
    if code == "SQLITE_CANTOPEN" or "unable to open" in text:
        return f"The store {path} cannot be opened; check the folder exists and is writable."
    if code == "SQLITE_IOERR" or "disk i/o" in text:
        return "The disk could not be written: the change was not saved."
    return f"The store {path} could not be used ({code or 'SQLite error'}). Nothing was changed."
