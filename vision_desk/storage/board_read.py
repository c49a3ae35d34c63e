"""Reading a board straight through ``sqlite3`` (its agreement: ``agreement_read``;
the dates of its events: ``event_read``).

The desk's start-up and keystroke paths read here: plain SQL on the DB-API
connection costs a fraction of the ORM's time, and this module never imports
SQLAlchemy, so the window can paint its first board before SQLAlchemy has even
loaded (a third of a second). The ORM repositories call the same functions on
their session's connection, so there is one way to read a board, not two.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from vision_desk.domain.review import Change, ChangeKind, ClauseState, Note, NoteRevision
from vision_desk.domain.status import STATUS_BY_VALUE

# The agreement itself is read by its own module; named here too, where the
# board's readers have always found it.
from vision_desk.storage.agreement_read import StoredAgreement as StoredAgreement
from vision_desk.storage.agreement_read import load_agreement as load_agreement
from vision_desk.storage.header import HEAD_REVISION, SCHEMA_VERSION, user_version, wal_has_content
from vision_desk.storage.parts_codec import parts_from_json
from vision_desk.storage.plain_sql import PlainConnection, on_server


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


def agreement_ids(connection: PlainConnection) -> list[str]:
    """Ids in the order the agreements were imported. SQLite's rowid grows with each
    insert and agreements are never deleted, so this holds even when the computer's
    clock was wrong or changed between imports (``imported_at`` comes from it).
    A server has no rowid: there, the agreement whose clauses were numbered first
    (clause ids grow with each insert too) came first."""
    sql = _AGREEMENTS_ON_SERVER if on_server(connection) else _AGREEMENTS
    return [row[0] for row in connection.execute(sql)]


_AGREEMENTS = "SELECT id FROM agreements ORDER BY rowid"
_AGREEMENTS_ON_SERVER = (
    "SELECT id FROM agreements "
    "ORDER BY (SELECT min(c.id) FROM clauses c WHERE c.agreement_id = agreements.id), id"
)


def setting(connection: PlainConnection, key: str) -> str | None:
    row = connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


# The count reads only the ``(clause_id, removed)`` index; statuses are looked up,
# not parsed.
_BOARD_STATES = (
    "SELECT clauses.id, clause_states.status, clause_states.changed_at, "
    "clause_states.changed_by, clause_states.version, clause_states.parts, "
    "(SELECT count(*) FROM notes WHERE notes.clause_id = clauses.id AND notes.removed IS NULL) "
    "FROM clauses LEFT OUTER JOIN clause_states ON clause_states.clause_id = clauses.id "
    "WHERE clauses.agreement_id = ?"
)


def board_states(
    connection: PlainConnection, agreement_id: str
) -> dict[int, tuple[ClauseState, int]]:
    """Every assessed or annotated clause's state and live note count, in one query."""
    blank = ClauseState()
    result: dict[int, tuple[ClauseState, int]] = {}
    rows = connection.execute(_BOARD_STATES, (agreement_id,))
    for clause_id, status, at, by, version, parts, count in rows:
        if status is None and not count:
            continue
        state = blank if status is None else _state(status, at, by, version, parts)
        result[clause_id] = (state, count)
    return result


def assessed_in_open_round(connection: PlainConnection, agreement_id: str) -> set[int] | None:
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


# -- one clause: the keystroke path ---------------------------------------------------

_CLAUSE_STATE = (
    "SELECT clause_states.status, clause_states.changed_at, clause_states.changed_by, "
    "clause_states.version, clause_states.parts, "
    "(SELECT count(*) FROM notes WHERE notes.clause_id = :id AND notes.removed IS NULL), "
    "(SELECT rounds.id FROM rounds WHERE rounds.agreement_id = :agreement "
    "AND rounds.closed_at IS NULL), "
    "(SELECT count(*) FROM round_assessments JOIN rounds ON rounds.id = round_id "
    "WHERE round_assessments.clause_id = :id AND rounds.agreement_id = :agreement "
    "AND rounds.closed_at IS NULL) "
    "FROM (SELECT 1) AS one LEFT OUTER JOIN clause_states ON clause_states.clause_id = :id"
)


def clause_standing(
    connection: PlainConnection, clause_id: int, agreement_id: str
) -> tuple[ClauseState, int, bool | None]:
    """One clause's state, live note count and whether the open round has assessed
    it (None: no round is open), in one query."""
    status, at, by, version, parts, count, round_id, assessed = connection.execute(
        _CLAUSE_STATE, {"id": clause_id, "agreement": agreement_id}
    ).fetchone()
    state = ClauseState() if status is None else _state(status, at, by, version, parts)
    return state, count, None if round_id is None else bool(assessed)


def _state(status: str, at: str, by: str, version: int, parts: str | None) -> ClauseState:
    return ClauseState(
        STATUS_BY_VALUE[status],
        dt.datetime.fromisoformat(at),
        by,
        version,
        parts_from_json(parts) if parts else (),
    )


# "All of them" as a LIMIT both databases take (SQLite's -1 is an error on a server).
NO_LIMIT = 2**62


def notes_for(
    connection: PlainConnection, clause_id: int, ref: str, page: slice | None = None
) -> list[Note]:
    """A clause's live notes, oldest first, each with its earlier wordings; with
    ``page``, that slice of them counted from the newest, newest first (what a
    list on screen reads as the officer scrolls)."""
    skip, limit = (
        (0, NO_LIMIT) if page is None else (page.start or 0, page.stop - (page.start or 0))
    )
    rows = connection.execute(
        "SELECT id, author, created_at, text, edited_at, party FROM notes "
        "WHERE clause_id = ? AND removed IS NULL ORDER BY id DESC LIMIT ? OFFSET ?",
        (clause_id, limit, skip),
    ).fetchall()
    if page is None:
        rows.reverse()
    revisions: dict[int, list[NoteRevision]] = {}
    if any(row[4] is not None for row in rows):
        first = min(row[0] for row in rows)
        for note_id, text, at, by in connection.execute(
            "SELECT note_revisions.note_id, note_revisions.text, note_revisions.replaced_at, "
            "note_revisions.replaced_by FROM note_revisions "
            "JOIN notes ON notes.id = note_revisions.note_id "
            "WHERE notes.clause_id = ? AND notes.removed IS NULL AND notes.id >= ? "
            "ORDER BY note_revisions.id",
            (clause_id, first),
        ):
            revisions.setdefault(note_id, []).append(
                NoteRevision(text, dt.datetime.fromisoformat(at), by)
            )
    return [
        Note(
            id=note_id,
            clause_ref=ref,
            author=author,
            created_at=dt.datetime.fromisoformat(created),
            text=text,
            edited_at=None if edited_at is None else dt.datetime.fromisoformat(edited_at),
            revisions=tuple(revisions.get(note_id, ())),
            party=party,
        )
        for note_id, author, created, text, edited_at, party in rows
    ]


def changes_for(
    connection: PlainConnection, clause_id: int, ref: str, page: slice | None = None
) -> list[Change]:
    """A clause's history, oldest first; with ``page``, that slice of it counted
    from the newest, newest first."""
    skip, limit = (
        (0, NO_LIMIT) if page is None else (page.start or 0, page.stop - (page.start or 0))
    )
    changes = [
        Change(
            change_id,
            ref,
            dt.datetime.fromisoformat(at),
            author,
            ChangeKind(kind),
            before,
            after,
            via,
            party,
        )
        for change_id, at, author, kind, before, after, via, party in connection.execute(
            'SELECT id, at, author, kind, "before", "after", via, party FROM changes '
            "WHERE clause_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
            (clause_id, limit, skip),
        )
    ]
    if page is None:
        changes.reverse()
    return changes


def change_count(connection: PlainConnection, clause_id: int) -> int:
    row = connection.execute("SELECT count(*) FROM changes WHERE clause_id = ?", (clause_id,))
    return int(row.fetchone()[0])


def note_words(connection: PlainConnection, agreement_id: str) -> dict[int, str]:
    """Every live note's words, joined per clause id, for searching the board: one
    string per clause made by SQLite, not 50,000 rows made by Python (this runs
    beside the window, and the window's keys wait while Python works)."""
    sql = _NOTE_WORDS_ON_SERVER if on_server(connection) else _NOTE_WORDS
    rows = connection.execute(sql, (agreement_id,))
    return dict(rows.fetchall())


_NOTE_WORDS_WHERE = (
    " FROM notes n JOIN clauses c ON c.id = n.clause_id "
    "WHERE c.agreement_id = ? AND n.removed IS NULL GROUP BY n.clause_id"
)
_NOTE_WORDS = "SELECT n.clause_id, group_concat(n.text, char(10))" + _NOTE_WORDS_WHERE
_NOTE_WORDS_ON_SERVER = "SELECT n.clause_id, string_agg(n.text, chr(10))" + _NOTE_WORDS_WHERE


def last_change_id(connection: PlainConnection) -> int:
    """The newest change's id (0: none yet): where watching for others' changes starts."""
    row = connection.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()
    return int(row[0])


# At most this many changes per look: a desk far behind catches up in steps.
CHANGES_PER_LOOK = 500


def changes_after(
    connection: PlainConnection, agreement_id: str, last_id: int, up_to: int | None = None
) -> list[tuple[int, int, str]]:
    """(change id, clause id, author) of an agreement's changes after ``last_id`` (and
    up to ``up_to``, all of them; else at most CHANGES_PER_LOOK), oldest first."""
    rows = connection.execute(
        "SELECT ch.id, ch.clause_id, ch.author FROM changes ch "
        "JOIN clauses c ON c.id = ch.clause_id "
        "WHERE c.agreement_id = ? AND ch.id > ? AND ch.id <= ? ORDER BY ch.id LIMIT ?",
        (
            agreement_id,
            last_id,
            NO_LIMIT if up_to is None else up_to,
            CHANGES_PER_LOOK if up_to is None else NO_LIMIT,
        ),
    )
    return [(int(change_id), int(clause_id), str(author)) for change_id, clause_id, author in rows]
