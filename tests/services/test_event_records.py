"""Version 2 in the store: an agreement as it is written comes back field for field,
and the dates the officer records for its events move the board (each row, the
overdue and due-soon lists) once a deadline's event is known, on a file and on a
team desk's server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from highland import ID, RELEASED, SIGNED, highland_agreement, import_highland

from vision_desk import app
from vision_desk.domain.agreement_file import load_agreement
from vision_desk.domain.rules import Flag
from vision_desk.domain.status import Status
from vision_desk.errors import ConflictError, NotFoundError, UserError
from vision_desk.services.boards import first_board
from vision_desk.services.desk import Desk
from vision_desk.services.transfer import export_data
from vision_desk.storage.store import Store

SHARED_VISION = Path(__file__).resolve().parents[2] / "resources" / "agreements"
# Before any event is recorded: HA-4 (10 March) and HA-7 (29 April, two months after
# signature) are overdue, HA-2 (135 days: 13 July) due soon; HA-5 waits on the
# release of prisoners, HA-6 on the talks.
JULY = dt.date(2020, 7, 10)
REPORT = "The observer mission's report of 2 June: the last prisoners were released on 1 June."


def test_a_version_two_import_keeps_everything(desk: Desk, tmp_path: Path) -> None:
    imported = import_highland(desk, tmp_path)
    desk.forget_cache()  # read back from the store, not the object imported
    stored = desk.stored(ID).agreement
    expected = highland_agreement()
    assert stored == expected == imported
    # Field for field, so that a difference names itself.
    assert stored.party_registry == expected.party_registry
    assert stored.events == expected.events
    for mine, theirs in zip(stored.clauses, expected.clauses, strict=True):
        assert mine == theirs, mine.ref
        assert (mine.numbering, mine.texts, mine.relative_due, mine.due) == (
            theirs.numbering,
            theirs.texts,
            theirs.relative_due,
            theirs.due,
        )
    assert stored.party_name("HLF") == "Highland Liberation Front"
    assert stored.clause("HA-2").texts[0].authoritative  # type: ignore[union-attr]


def test_a_version_one_agreement_loads_as_it_always_did(desk: Desk) -> None:
    desk.forget_cache()
    stored = desk.stored("shared-vision").agreement
    assert stored == load_agreement(SHARED_VISION / "shared-vision.toml")
    assert stored.party_registry == () and stored.events == ()
    assert all(
        clause.numbering == "" and clause.texts == () and clause.relative_due is None
        for clause in stored.clauses
    )
    # Nothing of version 2 in its rows: they are as every store before it has them.
    with desk.store.snapshot() as connection:
        agreement = connection.execute(
            "SELECT party_registry, events FROM agreements WHERE id = 'shared-vision'"
        ).fetchone()
        clauses = connection.execute(
            "SELECT count(*) FROM clauses WHERE agreement_id = 'shared-vision' AND ("
            "numbering IS NOT NULL OR texts IS NOT NULL OR due_after IS NOT NULL "
            "OR due_amount IS NOT NULL OR due_unit IS NOT NULL)"
        ).fetchone()
    assert tuple(agreement) == (None, None)
    assert tuple(clauses) == (0,)


def test_the_first_board_reads_a_version_two_agreement(data_dir: Path, tmp_path: Path) -> None:
    """Read from the file before the store opens, it is the board the desk reads."""
    opened = app.open_desk(str(data_dir), author="Test Officer")
    try:
        import_highland(opened.desk, tmp_path)
        opened.desk.use_agreement(ID)
        opened.desk.record_event("prisoner-release", RELEASED, REPORT, ID)
    finally:
        opened.close()
    board = first_board(opened.paths.database, JULY)
    assert board is not None
    assert board.agreement == highland_agreement()
    assert "HA-5" in board.summary.overdue
    again = app.open_desk(str(data_dir), author="Test Officer")
    try:
        assert board == again.desk.board(JULY, ID)
    finally:
        again.close()


def test_the_overdue_list_follows_an_event_once_recorded(desk: Desk, tmp_path: Path) -> None:
    import_highland(desk, tmp_path)
    before = desk.board(JULY, ID)
    assert before.summary.overdue == ("HA-4", "HA-7")
    assert before.summary.due_soon == ("HA-2",)
    rows = {row.clause.ref: row for row in before.rows}
    assert rows["HA-5"].due is None and rows["HA-5"].flags == ()
    assert rows["HA-5"].event_dates == {"signature": SIGNED}

    outcome = desk.record_event("prisoner-release", RELEASED, REPORT, ID)
    assert "HA-5 due 1 July 2020" in outcome.message

    after = desk.board(JULY, ID)
    assert after.summary.overdue == ("HA-4", "HA-5", "HA-7")
    assert after.event_dates == {"signature": SIGNED, "prisoner-release": RELEASED}
    row = next(row for row in after.rows if row.clause.ref == "HA-5")
    assert row.due is not None and row.due.latest == dt.date(2020, 7, 1)
    assert row.flags == (Flag.OVERDUE,)
    # On the day itself it is still on time: due soon, not overdue.
    on_the_day = desk.board(dt.date(2020, 7, 1), ID)
    assert "HA-5" in on_the_day.summary.due_soon
    # A board as of a day before the release: HA-5 was still waiting then.
    earlier = desk.board(dt.date(2020, 5, 31), ID)
    assert "HA-5" not in earlier.summary.overdue + earlier.summary.due_soon
    # One row read alone (the keystroke path) counts the same.
    assert desk.row("HA-5", JULY, ID).flags == (Flag.OVERDUE,)
    # Completed, it leaves the list.
    desk.set_status("HA-5", Status.COMPLETED, agreement_id=ID)
    assert "HA-5" not in desk.board(JULY, ID).summary.overdue


def test_refused_records_write_nothing(desk: Desk, tmp_path: Path) -> None:
    import_highland(desk, tmp_path)
    refusals = [
        (lambda: desk.record_event("talks", RELEASED, REPORT, ID), "is no event of Highland"),
        (lambda: desk.record_event("signature", RELEASED, REPORT, ID), "dated by the agreement"),
        (
            lambda: desk.record_event("prisoner-release", dt.date(2020, 2, 28), REPORT, ID),
            "before Highland Accord was signed on 29 February 2020",
        ),
        (lambda: desk.record_event("prisoner-release", RELEASED, "  \n", ID), "in a note"),
        (lambda: desk.record_event("prisoner-release", RELEASED, REPORT), "is no event of"),
    ]
    for refused, said in refusals:
        with pytest.raises(UserError, match=said) as caught:
            refused()
        assert caught.value.message.count(". ") == 0, caught.value.message  # one sentence
    with pytest.raises(NotFoundError):
        desk.record_event("talks", RELEASED, REPORT, ID)
    assert desk.event_history(ID) == []
    assert desk.event_dates(ID) == {"signature": SIGNED}


def test_a_correction_and_a_clearing_keep_every_record(desk: Desk, tmp_path: Path) -> None:
    import_highland(desk, tmp_path)
    desk.record_event("prisoner-release", dt.date(2020, 6, 2), "First reports.", ID)
    desk.record_event("prisoner-release", RELEASED, REPORT, ID)
    again = desk.record_event("prisoner-release", RELEASED, REPORT, ID)
    assert not again.changed and "already recorded" in again.message
    assert desk.event_dates(ID)["prisoner-release"] == RELEASED
    cleared = desk.clear_event("prisoner-release", "Recorded against the wrong event.", ID)
    assert "not yet" in cleared.message and "HA-5 waits" in cleared.message
    assert "prisoner-release" not in desk.event_dates(ID)
    assert "HA-5" not in desk.board(JULY, ID).summary.overdue
    history = desk.event_history(ID)
    assert [(record.date, record.version) for record in history] == [
        (dt.date(2020, 6, 2), 1),
        (RELEASED, 2),
        (None, 3),
    ]
    assert {record.recorded_by for record in history} == {"Test Officer"}
    nothing = desk.clear_event("talks-start", "Never happened.", ID)
    assert not nothing.changed
    standing = {each.event.id: each for each in desk.events(ID)}
    assert standing["prisoner-release"].date is None
    assert standing["prisoner-release"].version == 3
    assert standing["signature"].date == SIGNED and standing["signature"].is_signature
    assert standing["talks-start"].clauses == ("HA-6",)


def test_a_record_made_on_an_older_version_is_refused(
    desk: Desk, second_officer: Desk, tmp_path: Path
) -> None:
    import_highland(desk, tmp_path)
    seen = {each.event.id: each for each in desk.events(ID)}["prisoner-release"].version
    assert seen == 0
    second_officer.record_event("prisoner-release", RELEASED, REPORT, ID, expected_version=0)
    with pytest.raises(ConflictError, match="recorded as 1 June 2020 by Second Officer"):
        desk.record_event("prisoner-release", dt.date(2020, 6, 3), "Mine.", ID, seen)
    assert desk.event_dates(ID)["prisoner-release"] == RELEASED
    desk.record_event("prisoner-release", dt.date(2020, 6, 3), "Mine, on theirs.", ID, 1)
    assert desk.event_dates(ID)["prisoner-release"] == dt.date(2020, 6, 3)


def test_the_export_holds_every_record(desk: Desk, tmp_path: Path) -> None:
    import_highland(desk, tmp_path)
    desk.record_event("prisoner-release", RELEASED, REPORT, ID)
    data = export_data(desk, JULY)
    (highland,) = [each for each in data["agreements"] if each["id"] == ID]
    (record,) = highland["events"]
    assert record["event"] == "prisoner-release" and record["date"] == "2020-06-01"
    assert record["note"] == REPORT and record["version"] == 1
    flags = {clause["ref"]: clause["flags"] for clause in highland["clauses"]}
    assert flags["HA-5"] == ["overdue"]


@pytest.mark.file_only  # a file pushed to a server, and pulled back
@pytest.mark.server
def test_a_push_and_a_pull_keep_the_agreement_and_its_event_records(
    desk: Desk, data_dir: Path, server_database: str, tmp_path: Path
) -> None:
    import_highland(desk, tmp_path)
    desk.record_event("prisoner-release", dt.date(2020, 6, 2), "First reports.", ID)
    desk.record_event("prisoner-release", RELEASED, REPORT, ID)
    history = desk.event_history(ID)

    pushed = app.push_to_server(server_database, str(data_dir))
    assert pushed.rows["event_records"] == 2
    on_server = app.open_server_desk(server_database)
    try:
        # As the file had them, names included: the server signs no copied row.
        assert on_server.desk.event_history(ID) == history
        assert on_server.desk.stored(ID).agreement == highland_agreement()
        assert "HA-5" in on_server.desk.board(JULY, ID).summary.overdue
    finally:
        on_server.close()

    pulled = app.pull_from_server(server_database, tmp_path / "trip.sqlite3")
    assert pulled.rows["event_records"] == 2
    copy = Store.open(pulled.path)
    try:
        reader = Desk(copy, "reader")
        assert reader.event_history(ID) == history
        assert reader.stored(ID).agreement == highland_agreement()
    finally:
        copy.close()
