"""Crash mid-write: a child commits notes in a loop, printing each one after the
commit has returned, and is killed with SIGKILL at a random moment, again and
again. Every acknowledged note must be there with its exact words, the file must
pass integrity_check, and no transaction may be half there (reliability.md 1, 5)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from reliability_support import DATABASE_NAME, REPO, child_environment

ROUNDS = 15

WRITER = r"""
import itertools, json, sys
from vision_desk import app

data_dir, round_number = sys.argv[1], int(sys.argv[2])
opened = app.open_desk(data_dir, author="crash-test")
print(json.dumps({"notices": opened.notices}), flush=True)
desk = opened.desk
refs = [clause.ref for clause in desk.stored().agreement.clauses if clause.kind.value != "principle"]
for number in itertools.count():
    ref = refs[number % len(refs)]
    # Long notes now and then, so that commits span overflow pages too.
    text = f"crash r{round_number} n{number} ✓ محمد ظاہر " + "words " * (number % 7) * 300
    if number % 3 == 2:
        outcome = desk.set_status(ref, ("advanced", "initiated")[number // 3 % 2], note=text)
    else:
        outcome = desk.add_note(ref, text)
    # Printed only once the commit has returned: an acknowledged note.
    print(json.dumps({"id": outcome.note_id, "ref": ref, "text": text}), flush=True)
"""


class Child:
    """The writer, with its standard output read as it comes."""

    def __init__(self, data_dir: Path, round_number: int, environment: dict[str, str]) -> None:
        self.lines: list[str] = []
        self.ready = threading.Event()
        self.process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(data_dir), str(round_number)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=environment,
            cwd=REPO,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            self.lines.append(raw.decode("utf-8"))
            self.ready.set()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self.reader.join(timeout=30)
        assert self.process.stdout is not None
        self.process.stdout.close()

    def acknowledged(self) -> tuple[list[str], dict[int, tuple[str, str]]]:
        """The notices printed at start, and the notes acknowledged (complete lines)."""
        notices: list[str] = []
        notes: dict[int, tuple[str, str]] = {}
        for line in self.lines:
            if not line.endswith("\n"):
                continue  # cut off by the kill: not acknowledged
            record = json.loads(line)
            if "notices" in record:
                notices += record["notices"]
            else:
                notes[record["id"]] = (record["ref"], record["text"])
        return notices, notes


def check_store(database: Path, acknowledged: dict[int, tuple[str, str]]) -> dict[int, str]:
    """The invariants after a kill; returns the notes in the store. Read-only, so the
    WAL the kill left stays for the next start to find (an unclean shutdown)."""
    connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        notes = dict(connection.execute("SELECT id, text FROM notes WHERE removed IS NULL"))
        refs = dict(
            connection.execute(
                "SELECT notes.id, clauses.ref FROM notes JOIN clauses ON clauses.id = notes.clause_id"
            )
        )
        added = Counter(
            int(after)
            for (after,) in connection.execute(
                "SELECT after FROM changes WHERE kind = 'note_added'"
            )
        )
        # Every status is the one its latest history row says: no status without
        # its history, no history without its status.
        states = dict(connection.execute("SELECT clause_id, status FROM clause_states"))
        latest = dict(
            connection.execute(
                "SELECT clause_id, after FROM changes WHERE id IN "
                "(SELECT max(id) FROM changes WHERE kind = 'status' GROUP BY clause_id)"
            )
        )
        total = connection.execute("SELECT count(*) FROM notes").fetchone()[0]
    finally:
        connection.close()
    for note_id, (ref, text) in acknowledged.items():
        assert note_id in notes, f"acknowledged note {note_id} is missing"
        assert notes[note_id] == text, f"note {note_id} has other words"
        assert refs[note_id] == ref
    # A note is never without its history row, nor a history row without its note.
    assert added == Counter(notes.keys()), "a note and its history row were not committed together"
    assert total == len(notes)
    assert states == latest
    return notes


@pytest.mark.slow
def test_killed_at_any_moment_loses_nothing_acknowledged(tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("CRASH_SEED", "20201119")))
    data_dir = tmp_path / "data"
    database = data_dir / DATABASE_NAME
    environment = child_environment(tmp_path)
    acknowledged: dict[int, tuple[str, str]] = {}
    unacknowledged_per_round: list[int] = []
    kills_while_writing = 0
    unclean_starts = 0

    for round_number in range(ROUNDS):
        child = Child(data_dir, round_number, environment)
        if round_number > 0 and round_number % 5 == 0:
            # Now and then during start-up: opening, the checks after an unclean
            # shutdown, the daily backup.
            time.sleep(rng.uniform(0.0, 0.8))
        else:
            assert child.ready.wait(60), "the writer did not start"
            time.sleep(rng.uniform(0.05, 0.5))
        child.kill()
        notices, notes = child.acknowledged()
        assert not [notice for notice in notices if "damaged" in notice], notices
        kills_while_writing += bool(notes)
        acknowledged |= notes

        assert database.exists()
        wal = database.with_name(DATABASE_NAME + "-wal")
        unclean_starts += wal.exists() and wal.stat().st_size > 0
        in_store = check_store(database, acknowledged)
        # At most one commit per kill went unacknowledged: the one whose line the
        # kill stopped.
        extra = [note_id for note_id in in_store if note_id not in acknowledged]
        unacknowledged_per_round.append(len(extra))
        assert all(in_store[note_id].startswith(f"crash r{round_number} ") for note_id in extra)
        assert len(extra) <= 1, extra
        for note_id in extra:  # from now on held to the same standard
            acknowledged[note_id] = (_ref_of(database, note_id), in_store[note_id])

    assert kills_while_writing >= ROUNDS // 2, "the kills should mostly land mid-write"
    assert unclean_starts >= ROUNDS // 2, "the next start should mostly find a WAL"
    print(
        f"{len(acknowledged)} notes, {kills_while_writing} kills mid-write, {unclean_starts} unclean starts, unacknowledged commits {unacknowledged_per_round}"
    )
    assert len(acknowledged) > ROUNDS

    # The program itself opens the store after the last kill: nothing to recover,
    # every note there, the full check healthy, nothing set aside.
    from vision_desk import app
    from vision_desk.services.safety import Safety

    opened = app.open_desk(str(data_dir), author="after")
    try:
        assert not [notice for notice in opened.notices if "damaged" in notice]
        desk = opened.desk
        by_ref: dict[str, dict[int, str]] = {}
        for note_id, (ref, text) in acknowledged.items():
            by_ref.setdefault(ref, {})[note_id] = text
        for ref, expected in by_ref.items():
            assert {note.id: note.text for note in desk.notes(ref)} == expected
        report = Safety(desk).check()
        assert report.healthy, report.text
    finally:
        opened.close()
    assert not [path for path in data_dir.iterdir() if "damaged" in path.name]


def _ref_of(database: Path, note_id: int) -> str:
    connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        row = connection.execute(
            "SELECT clauses.ref FROM notes JOIN clauses ON clauses.id = notes.clause_id "
            "WHERE notes.id = ?",
            (note_id,),
        ).fetchone()
    finally:
        connection.close()
    return str(row[0])
