"""The first board: read straight through sqlite3 before the store's libraries
load, and exactly the board the desk reads once it is open."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from vision_desk import app
from vision_desk.domain.status import Status
from vision_desk.services.boards import first_board
from vision_desk.services.rounds import Rounds

DAY = dt.date(2021, 1, 10)


def _closed(data_dir: Path, work=None) -> Path:  # type: ignore[no-untyped-def]
    """A store with some work in it, closed cleanly; returns its file."""
    opened = app.open_desk(str(data_dir), author="Test Officer")
    try:
        if work is not None:
            work(opened.desk)
    finally:
        opened.close()
    return opened.paths.database


def _desk_board(data_dir: Path):  # type: ignore[no-untyped-def]
    opened = app.open_desk(str(data_dir), author="Test Officer")
    try:
        return opened.desk.board(DAY, opened.desk.current_agreement_id())
    finally:
        opened.close()


def _work(desk) -> None:  # type: ignore[no-untyped-def]
    desk.set_status("SV-C1", Status.ADVANCED)
    desk.set_status("SV-P3", Status.STRAINED)
    desk.add_note("SV-C1", "Draft exchanged on 3 Dec; j k n 0 1")
    desk.add_note("SV-C1", "مشترکہ ورکنگ گروپ کا اجلاس")
    Rounds(desk).open("Q1 review", DAY)
    desk.set_status("SV-C2", Status.INITIATED)


def test_the_first_board_is_the_board_the_desk_reads(data_dir: Path) -> None:
    database = _closed(data_dir, _work)
    quick = first_board(database, DAY)
    assert quick is not None
    assert quick == _desk_board(data_dir)
    rows = {row.clause.ref: row for row in quick.rows}
    assert rows["SV-C1"].status is Status.ADVANCED and rows["SV-C1"].note_count == 2
    assert rows["SV-C2"].round_assessed is True
    assert rows["SV-C1"].carried_over  # set before the round opened


def test_the_first_board_is_of_the_agreement_used_last(data_dir: Path, tmp_path: Path) -> None:
    second = tmp_path / "second.toml"
    second.write_text(
        (Path(__file__).resolve().parents[2] / "resources/agreements/shared-vision.toml")
        .read_text(encoding="utf-8")
        .replace('id = "shared-vision"', 'id = "second-accord"', 1),
        encoding="utf-8",
    )

    def use_second(desk) -> None:  # type: ignore[no-untyped-def]
        from vision_desk.services import transfer

        transfer.import_agreement(desk, second)
        desk.use_agreement("second-accord")

    database = _closed(data_dir, use_second)
    board = first_board(database, DAY)
    assert board is not None and board.agreement.id == "second-accord"


def test_no_first_board_for_a_store_that_is_not_there(tmp_path: Path) -> None:
    assert first_board(tmp_path / "missing.sqlite3", DAY) is None
    assert not (tmp_path / "missing.sqlite3").exists()  # and none was made


def test_no_first_board_after_an_unclean_shutdown(data_dir: Path) -> None:
    database = _closed(data_dir)
    wal = database.with_name(database.name + "-wal")
    wal.write_bytes(b"\x00" * 64)  # a journal with content: the full opening checks it
    assert first_board(database, DAY) is None


def test_no_first_board_from_an_older_schema(data_dir: Path) -> None:
    database = _closed(data_dir)
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA user_version = 2")
    connection.close()
    assert first_board(database, DAY) is None


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 10])
def test_no_first_board_from_a_file_that_is_not_a_store(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "vision-desk.sqlite3"
    path.write_bytes(content)
    assert first_board(path, DAY) is None
    assert path.read_bytes() == content


def test_no_first_board_from_a_damaged_store(data_dir: Path) -> None:
    database = _closed(data_dir)
    data = bytearray(database.read_bytes())
    page = 4096
    data[page * 2 : page * 6] = b"\xff" * (page * 4)  # clauses' pages, past the header
    database.write_bytes(bytes(data))
    assert first_board(database, DAY) is None


def test_reading_the_first_board_changes_nothing_on_disk(data_dir: Path) -> None:
    database = _closed(data_dir, _work)
    before = database.read_bytes()
    assert first_board(database, DAY) is not None
    assert database.read_bytes() == before
    wal = database.with_name(database.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_one_clause_reads_as_it_stands_on_the_board(data_dir: Path) -> None:
    opened = app.open_desk(str(data_dir), author="Test Officer")
    try:
        _work(opened.desk)
        desk = opened.desk
        board = desk.board(DAY, desk.current_agreement_id())
        assert [desk.row(row.clause.ref, DAY) for row in board.rows] == list(board.rows)
        notes = desk.notes("SV-C1")
        assert [note.text for note in notes] == [
            "Draft exchanged on 3 Dec; j k n 0 1",
            "مشترکہ ورکنگ گروپ کا اجلاس",
        ]
        desk.edit_note(notes[0].id, "Draft exchanged on 4 Dec")
        (edited, _) = desk.notes("SV-C1")
        assert [revision.text for revision in edited.revisions] == [notes[0].text]
        assert [change.kind.value for change in desk.history("SV-C1")] == [
            "status",
            "note_added",
            "note_added",
            "note_edited",
        ]
    finally:
        opened.close()


def test_notes_and_changes_are_read_a_page_at_a_time_newest_first(data_dir: Path) -> None:
    opened = app.open_desk(str(data_dir), author="Test Officer")
    try:
        desk = opened.desk
        ids = [int(desk.add_note("SV-C3", f"note {n}").note_id or 0) for n in range(5)]
        desk.edit_note(ids[4], "note 4, corrected")
        first = desk.notes_page("SV-C3", 0, 2)
        assert [note.text for note in first] == ["note 4, corrected", "note 3"]
        assert [revision.text for revision in first[0].revisions] == ["note 4"]
        pages = first + desk.notes_page("SV-C3", 2, 2) + desk.notes_page("SV-C3", 4, 2)
        assert pages == desk.notes("SV-C3")[::-1]
        assert desk.notes_page("SV-C3", 5, 2) == []
        changes, total = desk.history_page("SV-C3", 0, 3)
        assert total == 6 == len(desk.history("SV-C3"))
        assert changes == desk.history("SV-C3")[::-1][:3]
        assert desk.history_page("SV-C3", 3, 10)[0] == desk.history("SV-C3")[::-1][3:]
    finally:
        opened.close()
