"""Reading an agreement and its board straight through ``sqlite3``.

The desk's start-up and keystroke paths read here: plain SQL on the DB-API
connection costs a fraction of the ORM's time, and this module never imports
SQLAlchemy, so the window can paint its first board before SQLAlchemy has even
loaded (a third of a second). The ORM repositories call the same functions on
their session's connection, so there is one way to read a board, not two.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from vision_desk.domain.agreement import (
    Agreement,
    Clause,
    ClauseKind,
    Deadline,
    Precision,
    Provenance,
    Source,
)
from vision_desk.domain.review import ClauseState
from vision_desk.domain.status import STATUS_BY_VALUE
from vision_desk.storage.header import HEAD_REVISION, SCHEMA_VERSION, user_version, wal_has_content


@dataclass(frozen=True, slots=True)
class StoredAgreement:
    """An agreement with the store's ids of its clauses (which never leave services)."""

    agreement: Agreement
    clause_ids: dict[str, int]
    clause_refs: dict[int, str]


def open_clean(database: Path) -> sqlite3.Connection | None:
    """A read-only connection to a store that needs nothing done before it is read:
    ours, at this version's schema, shut down cleanly (no WAL with content).

    None otherwise, or on any failure: the caller then takes the full way in,
    which checks, recovers or migrates as needed. Nothing here writes to the file.
    """
    if user_version(database) != SCHEMA_VERSION or wal_has_content(database):
        return None
    try:
        connection = sqlite3.connect(
            f"{database.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None
        )
    except (sqlite3.Error, ValueError):
        return None
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        connection.close()
        return None
    if revision != (HEAD_REVISION,):
        connection.close()
        return None
    return connection


def agreement_ids(connection: sqlite3.Connection) -> list[str]:
    """Ids in the order the agreements were imported. SQLite's rowid grows with each
    insert and agreements are never deleted, so this holds even when the computer's
    clock was wrong or changed between imports (``imported_at`` comes from it)."""
    return [row[0] for row in connection.execute("SELECT id FROM agreements ORDER BY rowid")]


def setting(connection: sqlite3.Connection, key: str) -> str | None:
    row = connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


_AGREEMENT = (
    "SELECT id, title, short_title, parties, place, date, source, summary, sources "
    "FROM agreements WHERE id = ?"
)
_CLAUSES = (
    "SELECT id, ref, kind, strand, parties, title, text, quotes, see_also, "
    "provenance_source, provenance_locator, due_label, due_earliest, due_latest, "
    "due_precision FROM clauses WHERE agreement_id = ? ORDER BY position"
)


def load_agreement(connection: sqlite3.Connection, agreement_id: str) -> StoredAgreement | None:
    row = connection.execute(_AGREEMENT, (agreement_id,)).fetchone()
    if row is None:
        return None
    id_, title, short_title, parties, place, date, source, summary, sources = row
    clauses: list[Clause] = []
    ids: dict[str, int] = {}
    for clause_row in connection.execute(_CLAUSES, (agreement_id,)):
        clauses.append(_clause(clause_row))
        ids[clause_row[1]] = clause_row[0]
    agreement = Agreement(
        id=id_,
        title=title,
        short_title=short_title,
        parties=tuple(json.loads(parties)),
        place=place,
        date=dt.date.fromisoformat(date),
        source=source,
        summary=summary,
        sources=tuple(_source(record) for record in json.loads(sources)),
        clauses=tuple(clauses),
    )
    return StoredAgreement(agreement, ids, {clause_id: ref for ref, clause_id in ids.items()})


# The count reads only the ``(clause_id, removed)`` index; statuses are looked up,
# not parsed.
_BOARD_STATES = (
    "SELECT clauses.id, clause_states.status, clause_states.changed_at, "
    "clause_states.changed_by, "
    "(SELECT count(*) FROM notes WHERE notes.clause_id = clauses.id AND notes.removed IS NULL) "
    "FROM clauses LEFT OUTER JOIN clause_states ON clause_states.clause_id = clauses.id "
    "WHERE clauses.agreement_id = ?"
)


def board_states(
    connection: sqlite3.Connection, agreement_id: str
) -> dict[int, tuple[ClauseState, int]]:
    """Every assessed or annotated clause's state and live note count, in one query."""
    blank = ClauseState()
    result: dict[int, tuple[ClauseState, int]] = {}
    for clause_id, status, at, by, count in connection.execute(_BOARD_STATES, (agreement_id,)):
        if status is None and not count:
            continue
        state = (
            blank
            if status is None
            else ClauseState(STATUS_BY_VALUE[status], dt.datetime.fromisoformat(at), by)
        )
        result[clause_id] = (state, count)
    return result


def assessed_in_open_round(connection: sqlite3.Connection, agreement_id: str) -> set[int] | None:
    """The clauses assessed in the agreement's open round; None when no round is open."""
    row = connection.execute(
        "SELECT id FROM rounds WHERE agreement_id = ? AND closed_at IS NULL", (agreement_id,)
    ).fetchone()
    if row is None:
        return None
    assessed = connection.execute(
        "SELECT clause_id FROM round_assessments WHERE round_id = ?", (row[0],)
    )
    return {clause_id for (clause_id,) in assessed}


_KINDS = {kind.value: kind for kind in ClauseKind}
_PRECISIONS = {precision.value: precision for precision in Precision}


def _clause(row: tuple[object, ...]) -> Clause:
    (
        _id,
        ref,
        kind,
        strand,
        parties,
        title,
        text,
        quotes,
        see_also,
        provenance_source,
        provenance_locator,
        due_label,
        due_earliest,
        due_latest,
        due_precision,
    ) = row
    due = None
    if due_label is not None and due_earliest and due_latest and due_precision:
        due = Deadline(
            str(due_label),
            dt.date.fromisoformat(str(due_earliest)),
            dt.date.fromisoformat(str(due_latest)),
            _PRECISIONS[str(due_precision)],
        )
    return Clause(
        ref=str(ref),
        kind=_KINDS[str(kind)],
        strand=str(strand),
        parties=_strings(parties),
        title=str(title),
        text=str(text),
        quotes=_strings(quotes),
        see_also=_strings(see_also),
        provenance=Provenance(str(provenance_source), str(provenance_locator)),
        due=due,
    )


def _strings(encoded: object) -> tuple[str, ...]:
    return () if encoded == "[]" else tuple(json.loads(str(encoded)))


def _source(record: dict[str, str | None]) -> Source:
    date = record.get("date")
    return Source(
        id=str(record["id"]),
        title=str(record["title"]),
        publisher=record.get("publisher") or "",
        date=dt.date.fromisoformat(date) if date else None,
        note=record.get("note") or "",
    )
