"""A damaged write-ahead log (issue 12, item 5): SQLite replays a ``-wal`` up to
its first bad frame and drops the rest without a word, acknowledged notes with
it. At the next start the program reads the log itself, and when committed
frames stand past a bad one it keeps a copy of the store with that log (named
``damaged``) before SQLite touches it, and tells the officer in one sentence.
A log that a crash cut short is not damage: that is covered by
test_crash_kill.py, which must see no such notice."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reliability_support import DATABASE_NAME

NOTES = 406
DAMAGE = 8 * 1024

# Notes committed one by one with automatic checkpoints off, then a kill before
# any checkpoint: the WAL holds every one of them, and nothing else does.
WRITER = r"""
import json, os, signal, sys
from sqlalchemy import event
from vision_desk import app

opened = app.open_desk(sys.argv[1], author="journal-test")
engine = opened.desk.store.engine
engine.dispose()
event.listen(
    engine, "connect", lambda connection, _record: connection.execute("PRAGMA wal_autocheckpoint = 0")
)
refs = [clause.ref for clause in opened.desk.stored().agreement.clauses]
for number in range(int(sys.argv[2])):
    text = f"acknowledged note {number:04d} " + "words " * (number % 9) * 20
    outcome = opened.desk.add_note(refs[number % len(refs)], text)
    print(json.dumps({"id": outcome.note_id, "text": text}), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def notes_in(database: Path) -> dict[int, str]:
    """The notes the store holds as SQLite reads it now (its WAL included), read-only."""
    connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        return dict(connection.execute("SELECT id, text FROM notes WHERE removed IS NULL"))
    finally:
        connection.close()


def test_committed_frames_past_a_damaged_spot_are_kept_and_the_officer_told(
    data_dir: Path, run_child: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    result = run_child(WRITER, str(data_dir), str(NOTES))
    assert result.returncode == -signal.SIGKILL, result.stderr
    acknowledged = {
        record["id"]: record["text"] for record in map(json.loads, result.stdout.splitlines())
    }
    assert len(acknowledged) == NOTES
    database = data_dir / DATABASE_NAME
    wal = database.with_name(DATABASE_NAME + "-wal")
    journal = bytearray(wal.read_bytes())
    middle = len(journal) // 2
    journal[middle : middle + DAMAGE] = random.Random(12).randbytes(DAMAGE)
    wal.write_bytes(bytes(journal))
    # What SQLite makes of it: the notes past the damaged spot are gone.
    lost = set(acknowledged) - set(notes_in(database))
    assert lost, "the damage should cut acknowledged notes off"

    started = run_cli("clauses")

    assert started.code == 0, started.err
    (notice,) = started.err.splitlines()
    assert notice.startswith("vision-desk: The store's journal from the last session")
    assert "damaged" in notice and notice.endswith(".")
    kept = sorted(path for path in data_dir.iterdir() if "damaged" in path.name)
    assert [path.name for path in kept][1:] == [kept[0].name + "-wal"], kept
    assert kept[0].name in notice
    assert kept[1].read_bytes() == bytes(journal), "the journal is kept as it was found"
    last = acknowledged[max(acknowledged)].encode()
    assert last in kept[1].read_bytes(), "the copy holds what the store lost"
    # The store itself opens with what SQLite could read, and is sound.
    assert set(notes_in(database)) == set(acknowledged) - lost
    checked = run_cli("check")
    assert checked.code == 0, checked.out + checked.err


def test_a_sound_journal_left_by_a_kill_is_replayed_without_a_word(
    data_dir: Path, run_child: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    result = run_child(WRITER, str(data_dir), "40")
    assert result.returncode == -signal.SIGKILL, result.stderr
    acknowledged = {
        record["id"]: record["text"] for record in map(json.loads, result.stdout.splitlines())
    }

    started = run_cli("clauses")

    assert started.code == 0, started.err
    assert started.err == ""
    assert not [path for path in data_dir.iterdir() if "damaged" in path.name]
    assert notes_in(data_dir / DATABASE_NAME) == acknowledged
