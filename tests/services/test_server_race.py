"""Two officers' processes change the same clause a thousand times each, at once,
on a team desk's server: no change is lost and none is silently written over."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from server_fixtures import make_role

from vision_desk import app
from vision_desk.domain.review import ChangeKind

pytestmark = pytest.mark.server

ROUNDS = 1_000
NOTE_EVERY = 10

# One officer's process: read the clause, set another status on the version read,
# and say what the server answered; a note every NOTE_EVERY turns.
OFFICER = textwrap.dedent(
    """
    import json, sys
    from vision_desk import app
    from vision_desk.errors import ConflictError

    url, rounds, note_every, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    opened = app.open_server_desk(url)
    desk = opened.desk
    accepted, refused, notes = [], 0, 0
    choices = ["initiated", "advanced", "completed"]
    try:
        for turn in range(rounds):
            state = desk.state("SV-C1")
            status = next(s for s in choices[turn % 3:] + choices if s != state.status.value)
            try:
                desk.set_status("SV-C1", status, expected_version=state.version)
                accepted.append(status)
            except ConflictError:
                refused += 1
            if turn % note_every == 0:
                desk.add_note("SV-C1", f"{desk.author} turn {turn}")
                notes += 1
    finally:
        opened.close()
    with open(out, "w") as handle:
        json.dump({"accepted": accepted, "refused": refused, "notes": notes}, handle)
    """
)


def test_two_processes_lose_nothing_and_overwrite_nothing(
    server_database: str, tmp_path: Path
) -> None:
    app.init_server(server_database)
    script = tmp_path / "officer.py"
    script.write_text(OFFICER, encoding="utf-8")
    logins = ("race_officer_a", "race_officer_b")
    runs = []
    for login in logins:
        url = make_role(server_database, login)
        app.grant_on_server(server_database, login, "officer")
        out = tmp_path / f"{login}.json"
        command = [sys.executable, str(script), url, str(ROUNDS), str(NOTE_EVERY), str(out)]
        runs.append((login, out, subprocess.Popen(command, stderr=subprocess.PIPE, text=True)))
    results = {}
    for login, out, process in runs:
        _, errors = process.communicate(timeout=600)
        assert process.returncode == 0, errors
        results[login] = json.loads(out.read_text(encoding="utf-8"))

    reader = app.open_server_desk(server_database)
    try:
        history = reader.desk.history("SV-C1")
        final = reader.desk.state("SV-C1")
        notes = reader.desk.notes("SV-C1")
    finally:
        reader.close()
    statuses = [change for change in history if change.kind is ChangeKind.STATUS]
    for login, result in results.items():
        # Every turn was answered: accepted, or refused and told.
        assert len(result["accepted"]) + result["refused"] == ROUNDS
        # Every accepted change is in the history, signed by its officer, in order.
        mine = [change.after for change in statuses if change.author == login]
        assert mine == result["accepted"]
        assert sum(1 for note in notes if note.author == login) == result["notes"]
    # Both officers got changes in (they raced), and the last accepted one stands.
    assert all(results[login]["accepted"] for login in logins)
    # ... and stepped on each other: about half the turns are refused (each read a
    # version the other had just moved on), so the refusals were really tested.
    assert sum(result["refused"] for result in results.values()) > ROUNDS // 10
    assert final.status.value == statuses[-1].after
    assert final.changed_by == statuses[-1].author
    assert final.version == len(statuses)
    assert Counter(change.author for change in statuses).keys() == set(logins)
