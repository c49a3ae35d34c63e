"""A file offered to take the store's place (a restore), checked completely first.

Nothing of the store moves until the candidate has passed every check, made on a
private copy beside the store:

- its header: an SQLite file, ours (``application_id``), not from a newer version;
- SQLite's integrity check, then its foreign-key check;
- a schema revision this version knows: a newer one is refused, and none at all
  means no real schema (a forged header over an empty file);
- an older schema brought up to date (on the copy), then the schema exactly the
  one the migrations define, seal triggers included (``schema_check``);
- every closed round still matching its hash (``round_seals``).

The copy that passed is the file put in place, so what was checked is what is
restored, even if the candidate changes meanwhile.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from vision_desk.errors import StoreError
from vision_desk.storage import migrate, partial_files, round_seals, schema_check
from vision_desk.storage.backup import examine, foreign_key_problems, sqlite_uri
from vision_desk.storage.header import APPLICATION_ID, SCHEMA_VERSION, SQLITE_MAGIC
from vision_desk.storage.store import Store
from vision_desk.storage.store_files import restoring_path

SHOWN_PROBLEMS = 3


@contextmanager
def checked_copy(candidate: Path, database: Path) -> Iterator[Path]:
    """A checked copy of ``candidate`` beside ``database``, at this version's
    schema and with no ``-wal``, for the block to rename over ``database``.

    Raises ``StoreError`` ("Nothing was restored: ...") when the candidate fails a
    check, before the block runs: the store was never touched. Whatever of the
    copy the block did not move is removed at its end.

    Call it with the store held alone (``store_lock.alone``): no other process
    can then be starting, so none takes the copy for the remains of a killed
    restore. The copy is deliberately not claimed with a lock of its own: once
    renamed it is the store, and closing a claim's descriptor on it would drop
    the record locks SQLite holds on the store in this process."""
    prepared = restoring_path(database)
    partial_files.remove(prepared)  # left by a restore that was killed
    try:
        _copy(candidate, prepared)
        problems = _problems(prepared)
        if problems:
            raise StoreError(f"Nothing was restored: {candidate} {_in_words(problems)}.")
        _make_self_contained(prepared)
        yield prepared
    finally:
        partial_files.remove(prepared)  # nothing there once the block moved it


def remove_if_abandoned(database: Path) -> None:
    """Remove the copy a restore killed half-way left beside ``database``."""
    partial_files.remove_if_abandoned(restoring_path(database))


def _copy(candidate: Path, prepared: Path) -> None:
    try:
        shutil.copyfile(candidate, prepared)
        if os.name == "posix":
            prepared.chmod(0o600)
    except OSError as error:
        raise StoreError(
            f"Nothing was restored: {candidate} could not be copied to be checked "
            f"({error.strerror})."
        ) from None


def _problems(prepared: Path) -> list[str]:
    """What stops ``prepared`` from being restored, the first failing check's
    findings; empty when it passes them all."""
    refused = _header_problem(prepared)
    if refused:
        return [refused]
    state = examine(prepared, immutable=True)
    if state.unreadable is not None:
        return [f"cannot be read ({state.unreadable})"]
    if state.problems:
        return [f"is damaged (the integrity check found: {state.problems[0].rstrip('.')})"]
    revision = _revision(prepared)
    if revision is None:
        return ["holds no Vision Desk schema (its header says ours, its tables do not)"]
    if revision not in migrate.known_revisions():
        return [f"was written by a newer version of Vision Desk (schema '{revision}')"]
    try:
        store = Store.open(prepared)
    except Exception:
        # A file that only claims a revision makes its migration fail in whatever
        # way SQL or Alembic fails: the candidate's fault, not a bug here.
        return ["fails its checks: its schema could not be brought up to this version's"]
    try:
        found = foreign_key_problems(prepared) + schema_check.problems(prepared)
        try:
            with store.read() as session:
                _checked, seals = round_seals.seal_problems(session)
        except (StoreError, ValueError, KeyError, TypeError):
            seals = ["its closed rounds cannot be read"]
    finally:
        store.close()
    found += seals
    return [f"fails its checks: {_in_words(found)}"] if found else []


def _header_problem(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return "is not a Vision Desk database (it is not an SQLite file)"
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        return "is not a Vision Desk database"
    if int.from_bytes(header[60:64], "big") > SCHEMA_VERSION:
        return "was written by a newer version of Vision Desk"
    return None


def _revision(path: Path) -> str | None:
    connection = sqlite3.connect(sqlite_uri(path, immutable="1"), uri=True)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None  # no such table: no schema of ours
    finally:
        connection.close()
    return None if row is None else str(row[0])


def _make_self_contained(prepared: Path) -> None:
    """Back to a rollback journal, so that the file alone is the whole store (the
    rename moves no ``-wal``); the store switches it to WAL again when it opens."""
    try:
        connection = sqlite3.connect(prepared)
        try:
            connection.execute("PRAGMA journal_mode = DELETE")
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise StoreError(
            f"Nothing was restored: the checked copy could not be finished ({error})."
        ) from None
    if prepared.with_name(prepared.name + "-wal").exists():
        raise StoreError("Nothing was restored: the checked copy kept a journal of its own.")


def _in_words(problems: list[str]) -> str:
    shown = "; ".join(problem.rstrip(".") for problem in problems[:SHOWN_PROBLEMS])
    more = len(problems) - SHOWN_PROBLEMS
    return shown + (f" (and {more} more)" if more > 0 else "")
