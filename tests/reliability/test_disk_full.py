"""Disk full: a child whose files may not grow past a limit (RLIMIT_FSIZE, with
SIGXFSZ ignored so that writes fail with EFBIG as on a full disk) writes notes
until a write fails. The failure is a StoreError with a sentence for the officer,
and everything saved before it is intact and readable (reliability.md 14).

The window's side (the text in the editor is kept on a UserError) is covered by
the ui tests; the failed-migration row by tests/storage/test_migrations.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reliability_support import DATABASE_NAME, dump, integrity, one_sentence

# Big enough to open the store and commit a few notes, too small for many.
LIMIT = 256 * 1024
DISK_SENTENCES = ("The disk is full", "The disk could not be written")

WRITER = r"""
import json, resource, signal, sys
from vision_desk import app
from vision_desk.errors import UserError

data_dir, limit = sys.argv[1], int(sys.argv[2])
opened = app.open_desk(data_dir, author="disk-full")
desk = opened.desk
before = [note.id for note in desk.notes("SV-C1")]
print(json.dumps({"before": before}), flush=True)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
try:
    for number in range(10_000):
        text = f"full {number} " + "ink " * 5_000
        outcome = desk.add_note("SV-C1", text)
        print(json.dumps({"id": outcome.note_id, "text": text}), flush=True)
except UserError as error:
    print(json.dumps({"error": type(error).__name__, "message": error.message}), flush=True)
# The program goes on: what was saved can still be read.
print(json.dumps({"readable": [note.id for note in desk.notes("SV-C1")]}), flush=True)
opened.close()
"""


def test_a_full_disk_is_a_clear_error_and_loses_nothing(
    tmp_path: Path, data_dir: Path, run_child: Callable[..., Any]
) -> None:
    from vision_desk import app

    opened = app.open_desk(str(data_dir), author="setup")
    kept = opened.desk.add_note("SV-C1", "Written before the disk filled up.").note_id
    opened.close()

    result = run_child(WRITER, str(data_dir), str(LIMIT))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0] == {"before": [kept]}
    saved = {record["id"]: record["text"] for record in records if "id" in record}
    failures = [record for record in records if "error" in record]
    assert len(saved) >= 1, "a few notes fit before the limit"
    assert len(failures) == 1, records
    assert failures[0]["error"] == "StoreError"
    message = failures[0]["message"]
    assert message.startswith(DISK_SENTENCES) and message.endswith("."), message
    assert "ink ink" not in message
    assert records[-1] == {"readable": [kept, *saved]}
    assert "Traceback" not in result.stderr

    database = data_dir / DATABASE_NAME
    assert integrity(database) == ["ok"]
    opened = app.open_desk(str(data_dir), author="after")
    try:
        notes = {note.id: note.text for note in opened.desk.notes("SV-C1")}
        assert not [notice for notice in opened.notices if "damaged" in notice]
    finally:
        opened.close()
    assert notes == {kept: "Written before the disk filled up.", **saved}


def test_the_note_command_on_a_full_disk_says_one_sentence(
    run_cli: Callable[..., Any], data_dir: Path
) -> None:
    first = run_cli("note", "SV-C1", "Saved while there was room.")
    assert first.code == 0, first.err
    database = data_dir / DATABASE_NAME
    before = dump(database)

    # 100,000 characters of Urdu script: 200 kB the store's journal cannot take.
    note = ("ع" * 100_000).encode("utf-8")
    result = run_cli("note", "SV-C1", "-", stdin=note, file_size=64 * 1024)
    line = one_sentence(result)
    assert line.removeprefix("vision-desk: ").startswith(DISK_SENTENCES), line

    assert dump(database) == before
    shown = run_cli("show", "SV-C1", "--json")
    assert shown.code == 0, shown.err
    assert [note["text"] for note in json.loads(shown.out)["notes"]] == [
        "Saved while there was room."
    ]


def test_a_restore_on_a_full_disk_changes_nothing(
    run_cli: Callable[..., Any], data_dir: Path
) -> None:
    """The backup made before a restore cannot be written: the healthy store must
    not be set aside as if damaged, and must not go missing."""
    assert run_cli("note", "SV-C1", "In the backup.").code == 0
    made = run_cli("backup")
    assert made.code == 0, made.err
    backup = next((data_dir / "backups").glob("*-manual.sqlite3"))
    assert run_cli("note", "SV-C1", "Written after the backup.").code == 0
    database = data_dir / DATABASE_NAME
    before = dump(database)

    result = run_cli("restore", "--yes", str(backup), file_size=64 * 1024)

    one_sentence(result, "Nothing was restored")
    assert dump(database) == before
    assert not [path for path in data_dir.iterdir() if "damaged" in path.name]
    assert not list((data_dir / "backups").glob("*before-restore*"))
