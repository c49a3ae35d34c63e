"""A deleted note is scrubbed from the database file and its WAL (reliability.md
10): its words, every earlier wording of it, and a note only redo could have
brought back. Checked while the program still has the store open, and after it
has exited."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reliability_support import DATABASE_NAME


def on_disk(database: Path) -> bytes:
    """The bytes of the store and of its WAL, as they are on disk now."""
    wal = database.with_name(database.name + "-wal")
    return database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def markers(count: int) -> list[str]:
    return [f"SCRUB{uuid.uuid4().hex}" for _ in range(count)]


def test_deleted_and_withdrawn_notes_leave_no_words_in_the_files(desk: Any) -> None:
    database = desk.store.path
    short, long, first_wording, second_wording, withdrawn, kept = markers(6)

    short_id = desk.add_note("SV-C1", f"Deleted soon: {short}").note_id
    # Long enough for overflow pages, with the marker at both ends.
    long_id = desk.add_note("SV-C2", f"{long} " + "filler words " * 2000 + long).note_id
    edited_id = desk.add_note("SV-C3", f"First wording {first_wording}").note_id
    desk.edit_note(edited_id, f"Second wording {second_wording}")
    desk.add_note("SV-C1", f"Stays: {kept}")
    desk.undo()  # withdrawn, then brought back: a note redo restored stays
    desk.redo()
    desk.add_note("SV-C5", f"Taken back {withdrawn}")
    desk.undo()  # withdrawn, and only redo could bring it back
    everything = on_disk(database)
    for marker in (short, long, first_wording, second_wording, withdrawn, kept):
        assert marker.encode() in everything, "the words are there before deleting"

    desk.delete_note(short_id)
    desk.delete_note(long_id)
    desk.delete_note(edited_id)
    desk.add_note("SV-C6", "A new action ends the redo chain.")  # scrubs the withdrawn note

    now = on_disk(database)
    for marker in (short, long, first_wording, second_wording, withdrawn):
        assert marker.encode() not in now, "scrubbed while the store is open"
    assert kept.encode() in now
    desk.store.close()
    after = on_disk(database)
    for marker in (short, long, first_wording, second_wording, withdrawn):
        assert marker.encode() not in after, "scrubbed once the program has closed the store"
    assert kept.encode() in after


def test_delete_note_on_the_command_line_scrubs_the_words(
    data_dir: Path, run_cli: Callable[..., Any]
) -> None:
    (marker,) = markers(1)
    added = run_cli("note", "SV-C1", f"Not for keeping: {marker} محمد")
    assert added.code == 0, added.err
    database = data_dir / DATABASE_NAME
    assert marker.encode() in on_disk(database)

    deleted = run_cli("delete-note", added.out.strip())

    assert deleted.code == 0, deleted.err
    assert deleted.out.startswith(f"Note {added.out.strip()} on SV-C1 deleted")
    assert marker.encode() not in on_disk(database)
    assert "محمد".encode() not in on_disk(database)
    # The backups made before the note was written do not hold it either; backups
    # made after would, until they age out (README).
    for backup in (data_dir / "backups").iterdir():
        assert marker.encode() not in backup.read_bytes()
