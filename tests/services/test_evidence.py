"""Evidence behind an assessment (issue 17), on both stores: items graded on the
Admiralty scale and cited for clauses, files kept with them and checked on every
read, confidence by the documented rule and its override, stated positions and
disputes, and a round's hash covering the evidence."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from vision_desk.domain.evidence import Confidence, EvidenceKind
from vision_desk.domain.rounds import HASH_FORMAT_EVIDENCE, canonical_form, content_hash
from vision_desk.domain.status import Status
from vision_desk.errors import UserError
from vision_desk.services.evidence import Evidence, NewItem
from vision_desk.services.rounds import Rounds
from vision_desk.storage.evidence import DamagedAttachmentError

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MINUTES = NewItem(
    EvidenceKind.MEETING_RECORD,
    "Minutes of the joint working group, 2 December",
    "Ministry of Foreign Affairs, Kabul",
    dt.date(2020, 12, 2),
    "B2",
    "p. 3, item 4",
)


def _file(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_an_item_with_its_file_supports_several_clauses(opened: Any, tmp_path: Path) -> None:
    evidence = Evidence(opened.desk)
    item = evidence.add(["SV-C1", "sv-c3"], MINUTES, _file(tmp_path, "minutes.pdf", PDF))
    assert item.refs == ("SV-C1", "SV-C3")
    assert item.grade == "B2" and item.recorded_by == opened.desk.author
    assert item.attachment is not None
    assert item.attachment.media_type == "application/pdf"
    assert item.attachment.size == len(PDF)
    attachment, content = evidence.attachment(item.id)
    assert content == PDF and attachment.sha256 == item.attachment.sha256
    assert [found.id for found in evidence.of_clause("SV-C3")] == [item.id]
    assert evidence.of_clause("SV-C2") == []
    assert evidence.cite(item.id, "SV-C2") is True
    assert evidence.cite(item.id, "SV-C2") is False
    assert evidence.get(item.id).refs == ("SV-C1", "SV-C2", "SV-C3")
    opened_file = evidence.write_for_viewer(item.id, tmp_path / "copies")
    assert opened_file.name == "minutes.pdf" and opened_file.read_bytes() == PDF


def test_copies_for_the_viewer_stay_in_the_given_folder_and_go_after_a_day(
    opened: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The officer's files are never left in the machine's shared temporary folder,
    and the copies handed to a viewer do not pile up."""
    import os
    import tempfile
    import time

    evidence = Evidence(opened.desk)
    item = evidence.add(["SV-C1"], MINUTES, _file(tmp_path, "minutes.pdf", PDF))
    folder = opened.paths.viewer_copies
    # The machine's shared temporary folder, made one this test alone writes to.
    shared = tmp_path / "shared-temporary"
    shared.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    old = evidence.write_for_viewer(item.id, folder)
    assert old.is_relative_to(folder) and list(shared.iterdir()) == []
    assert old.stat().st_mode & 0o777 == 0o400
    assert old.parent.stat().st_mode & 0o777 == 0o700
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    os.utime(old.parent, (two_days_ago, two_days_ago))
    recent = evidence.write_for_viewer(item.id, folder)
    kept = evidence.write_for_viewer(item.id, folder)
    assert not old.parent.exists(), "a copy older than a day is removed"
    assert recent.read_bytes() == PDF and kept.read_bytes() == PDF and recent != kept


@pytest.mark.parametrize(
    ("name", "content", "refusal"),
    [
        ("report\u202efdp.exe", PDF, "invisible formatting characters"),
        ("..", PDF, "is a path"),
        (".hidden.pdf", PDF, "may not start with a dot"),
        ("NUL.txt", b"x", "device's name"),
        ("setup.exe", b"MZ", "Only PDF, PNG, JPEG and plain-text"),
        ("forged.pdf", b"MZ\x90\x00 a program", "named as a PDF file but its contents are not"),
        ("notes.txt", b"\xff\xfe broken", "not plain UTF-8 text"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_a_hostile_or_forged_file_is_refused_in_one_sentence(
    opened: Any, tmp_path: Path, name: str, content: bytes, refusal: str
) -> None:
    evidence = Evidence(opened.desk)
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / ("x" if name == ".." else name)
    path.write_bytes(content)
    if name == "..":
        path = folder / ".."
    with pytest.raises(UserError, match=refusal) as refused:
        evidence.add(["SV-C1"], MINUTES, path)
    assert refused.value.message.count(". ") <= 1
    assert evidence.all() == []


def test_a_200_mb_file_is_refused_without_being_read(opened: Any, tmp_path: Path) -> None:
    huge = tmp_path / "archive.pdf"
    with huge.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB that take no disk
    with pytest.raises(UserError, match=r"'archive.pdf' is 200 MB; .* at most 25 MB\."):
        Evidence(opened.desk).add(["SV-C1"], MINUTES, huge)


@pytest.mark.file_only
def test_a_files_bytes_changed_in_the_store_are_detected(opened: Any, tmp_path: Path) -> None:
    evidence = Evidence(opened.desk)
    item = evidence.add(["SV-C1"], MINUTES, _file(tmp_path, "minutes.pdf", PDF))
    database = opened.paths.database
    with sqlite3.connect(database) as connection:
        # What a tamperer with the file and sqlite3 would do: the seal first.
        connection.execute("DROP TRIGGER evidence_files_no_update")
        connection.execute("UPDATE evidence_files SET content = ?", (PDF.replace(b"1.4", b"1.7"),))
    connection.close()
    with pytest.raises(DamagedAttachmentError, match="no longer matches its SHA-256"):
        evidence.attachment(item.id)
    assert evidence.damaged() == [item.attachment.sha256]  # type: ignore[union-attr]


def test_bad_fields_are_refused_and_nothing_is_recorded(opened: Any) -> None:
    evidence = Evidence(opened.desk)
    for new, refusal in (
        (NewItem("rumour", "t", "s", dt.date(2020, 12, 1), "B2"), "not a kind of evidence"),
        (NewItem("report", "t", "s", dt.date(2020, 12, 1), "G7"), "not a grade"),
        (NewItem("report", " ", "s", dt.date(2020, 12, 1), "B2"), "needs its title"),
        (NewItem("report", "a\nb", "s", dt.date(2020, 12, 1), "B2"), "on one line"),
    ):
        with pytest.raises(UserError, match=refusal):
            evidence.add(["SV-C1"], new)
    with pytest.raises(UserError, match="no clause 'SV-X9'"):
        evidence.add(["SV-C1", "SV-X9"], MINUTES)
    assert evidence.all() == []


def test_confidence_follows_the_rule_and_the_officer_may_override_it(opened: Any) -> None:
    evidence = Evidence(opened.desk)
    assert evidence.confidence("SV-C1").level is Confidence.LOW  # no evidence
    evidence.add(["SV-C1"], NewItem("press_article", "t", "Dawn", dt.date(2020, 12, 3), "C3"))
    assert evidence.confidence("SV-C1").level is Confidence.MEDIUM
    evidence.add(["SV-C1"], MINUTES)  # B2, one strong source
    assert evidence.confidence("SV-C1").level is Confidence.MEDIUM
    evidence.add(
        ["SV-C1"], NewItem("letter", "t", "Embassy, Islamabad", dt.date(2020, 12, 4), "A2")
    )
    assert evidence.confidence("SV-C1").level is Confidence.HIGH  # two strong sources
    overridden = evidence.override_confidence("SV-C1", "low", "Both may repeat one briefing.")
    assert overridden.level is Confidence.LOW and overridden.by_rule is Confidence.HIGH
    assert overridden.override is not None and overridden.override.reason.startswith("Both")
    back = evidence.override_confidence("SV-C1", None, "Checked: two briefings.")
    assert back.level is Confidence.HIGH and back.override is None
    with pytest.raises(UserError, match="not a confidence"):
        evidence.override_confidence("SV-C1", "certain", "x")


def test_a_stated_position_a_level_apart_is_a_dispute(opened: Any) -> None:
    desk = opened.desk
    evidence = Evidence(desk)
    desk.set_status("SV-C1", Status.INITIATED)
    evidence.record_position(
        "SV-C1", "Pakistan", "completed", "All lead officials named.", "Press briefing, Islamabad",
        dt.date(2020, 12, 3),
    )  # fmt: skip
    evidence.record_position(
        "SV-C1", "AF", "initiated", "Work has begun.", "Statement", dt.date(2020, 12, 3)
    )
    found = evidence.disputes(dt.date(2021, 1, 10))
    assert [(d.row.clause.ref, d.position.party, d.ours, d.levels) for d in found] == [
        ("SV-C1", "PK", Status.INITIATED, 2)
    ]
    # A later statement replaces the earlier one: Pakistan now says what we say.
    evidence.record_position(
        "SV-C1", "PK", "initiated", "Talks continue.", "Statement", dt.date(2020, 12, 20)
    )
    assert evidence.disputes(dt.date(2021, 1, 10)) == ()
    assert len(evidence.positions()) == 3
    with pytest.raises(UserError, match="not on the scale"):
        evidence.record_position("SV-P1", "PK", "completed", "x", "y", dt.date(2020, 12, 3))


def test_a_rounds_hash_covers_the_evidence_cited(opened: Any, tmp_path: Path) -> None:
    desk = opened.desk
    evidence = Evidence(desk)
    rounds = Rounds(desk)
    rounds.open("December review", dt.date(2020, 12, 20))
    desk.set_status("SV-C1", Status.INITIATED)
    item = evidence.add(["SV-C1"], MINUTES, _file(tmp_path, "minutes.pdf", PDF))
    closed = rounds.close()
    report = rounds.report(closed.id)
    assert report.verified
    record = next(r for r in report.records if r.ref == "SV-C1")
    assert record.evidence == (item.digest,)
    form = canonical_form(closed, report.records)
    assert f'"format":"{HASH_FORMAT_EVIDENCE}"'.encode() in form
    assert item.digest.encode() in form
    # Evidence cited after the close is not in its record: the hash still holds.
    evidence.cite(item.id, "SV-C2")
    assert rounds.report(closed.id).verified
    forged = [
        r if r.ref != "SV-C1" else type(r)(**{**_fields(r), "evidence": ()}) for r in report.records
    ]
    assert content_hash(closed, forged) != closed.content_hash


def _fields(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in record.__slots__}


@pytest.mark.file_only
def test_the_stores_check_names_a_changed_file(opened: Any, tmp_path: Path) -> None:
    from vision_desk.services.safety import Safety

    Evidence(opened.desk).add(["SV-C1"], MINUTES, _file(tmp_path, "minutes.pdf", PDF))
    with sqlite3.connect(opened.paths.database) as connection:
        connection.execute("DROP TRIGGER evidence_files_no_update")
        connection.execute("UPDATE evidence_files SET content = ?", (b"%PDF-changed",))
    connection.close()
    report = Safety(opened.desk).check()
    assert any("kept with evidence" in problem for problem in report.problems), report


def test_the_export_keeps_evidence_files_overrides_and_positions(
    opened: Any, tmp_path: Path
) -> None:
    import base64

    from vision_desk.services import transfer

    desk = opened.desk
    evidence = Evidence(desk)
    item = evidence.add(["SV-C1"], MINUTES, _file(tmp_path, "minutes.pdf", PDF))
    evidence.override_confidence("SV-C1", "low", "One briefing only.")
    evidence.record_position("SV-C1", "PK", "completed", "Done.", "Briefing", dt.date(2020, 12, 3))
    shared = transfer.export_data(desk, dt.date(2021, 1, 10))["agreements"][0]
    exported = shared["evidence"][0]
    assert exported["id"] == item.id and exported["digest"] == item.digest
    assert base64.b64decode(exported["file"]["base64"]) == PDF
    assert shared["confidence_overrides"]["SV-C1"]["override"]["reason"] == "One briefing only."
    assert shared["positions"][0]["claimed"] == "completed"


@pytest.mark.file_only  # a file pushed to a server, and pulled back
@pytest.mark.server
def test_a_push_and_a_pull_keep_evidence_files_and_a_rounds_hash(
    opened: Any, data_dir: Path, server_database: str, tmp_path: Path
) -> None:
    from vision_desk import app
    from vision_desk.services.desk import Desk
    from vision_desk.storage.store import Store

    desk = opened.desk
    evidence = Evidence(desk)
    rounds = Rounds(desk)
    rounds.open("December review", dt.date(2020, 12, 20))
    desk.set_status("SV-C1", Status.INITIATED)
    item = evidence.add(["SV-C1"], MINUTES, _file(tmp_path, "minutes.pdf", PDF))
    evidence.record_position("SV-C1", "PK", "completed", "Done.", "Briefing", dt.date(2020, 12, 3))
    closed = rounds.close()
    opened.close()

    pushed = app.push_to_server(server_database, str(data_dir))
    assert pushed.rows["evidence_files"] == 1 and pushed.rows["evidence_items"] == 1
    on_server = app.open_server_desk(server_database)
    try:
        there = Evidence(on_server.desk)
        assert there.attachment(item.id)[1] == PDF
        assert there.get(item.id).recorded_by == item.recorded_by  # as the file had it
        assert Rounds(on_server.desk).report(closed.id).verified
    finally:
        on_server.close()

    pulled = app.pull_from_server(server_database, tmp_path / "trip.sqlite3")
    copy = Store.open(pulled.path)
    try:
        back = Evidence(Desk(copy, "reader"))
        assert back.attachment(item.id)[1] == PDF
        assert len(back.positions()) == 1
        assert Rounds(Desk(copy, "reader")).report(closed.id).verified
    finally:
        copy.close()


@pytest.mark.file_only
def test_a_backup_restored_keeps_the_files(opened: Any, tmp_path: Path) -> None:
    from vision_desk.storage.backup import list_backups, make_backup

    evidence = Evidence(opened.desk)
    item = evidence.add(["SV-C1"], MINUTES, _file(tmp_path, "minutes.pdf", PDF))
    database = opened.paths.database
    make_backup(database, tmp_path / "backups", "manual", dt.datetime.now(dt.UTC))
    (backup,) = list_backups(tmp_path / "backups")
    from vision_desk.storage.store import Store

    restored = Store.open(backup.path)
    try:
        from vision_desk.services.desk import Desk

        assert Evidence(Desk(restored, "reader")).attachment(item.id)[1] == PDF
    finally:
        restored.close()


def test_an_item_is_cited_only_for_clauses_of_its_own_agreement(
    opened: Any, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Plain SQL citing another agreement's item for SV-C1 is refused by the
    database: kept, no closing of the Shared Vision could ever match it (found in
    review)."""
    from highland import import_highland

    agreement = import_highland(opened.desk, tmp_path)
    evidence = Evidence(opened.desk)
    item = evidence.add([agreement.clauses[0].ref], MINUTES, agreement_id=agreement.id)
    with pytest.raises(UserError, match="no clause 'SV-C1'"):
        evidence.cite(item.id, "SV-C1")
    sv_c1 = opened.desk.stored("shared-vision").clause_ids["SV-C1"]
    link = (
        "INSERT INTO evidence_links (evidence_id, clause_id, linked_at, linked_by) "
        f"VALUES ({item.id}, {sv_c1}, '2021-01-10T09:00:00.000000+00:00', 'x')"
    )
    if request.node.callspec.params["opened"] == "file":
        with (
            sqlite3.connect(opened.paths.database) as connection,
            pytest.raises(sqlite3.IntegrityError, match="its own agreement"),
        ):
            connection.execute(link)
        connection.close()
    else:
        import psycopg
        from server_fixtures import libpq_url

        url = libpq_url(request.getfixturevalue("server_database"))
        with (
            psycopg.connect(url, autocommit=True) as connection,
            pytest.raises(psycopg.errors.CheckViolation, match="its own agreement"),
        ):
            connection.execute(link)  # type: ignore[arg-type]


@pytest.mark.file_only
def test_the_stores_check_names_an_item_changed_after_it_was_recorded(
    opened: Any, tmp_path: Path
) -> None:
    """An item's words changed with sqlite3 (its seal dropped first) would change
    the confidence and what a memo cites: the check says so (found in review)."""
    from vision_desk.services.safety import Safety

    item = Evidence(opened.desk).add(["SV-C1"], MINUTES)
    with sqlite3.connect(opened.paths.database) as connection:
        connection.execute("DROP TRIGGER evidence_items_no_update")
        connection.execute("UPDATE evidence_items SET reliability = 'A', credibility = 1")
    connection.close()
    report = Safety(opened.desk).check()
    assert f"evidence item {item.id} no longer says what it said when recorded" in " ".join(
        report.problems
    )


def test_a_rounds_memo_lists_each_sealed_item_once(opened: Any) -> None:
    """The same words recorded again after the round closed have the same digest:
    the round's memo still lists the one item it sealed (found in review)."""
    from vision_desk.domain.memo import MemoOptions
    from vision_desk.services.memo import build_snapshot

    desk = opened.desk
    evidence = Evidence(desk)
    rounds = Rounds(desk)
    rounds.open("December review", dt.date(2020, 12, 20))
    desk.set_status("SV-C1", Status.INITIATED)
    first = evidence.add(["SV-C1"], MINUTES)
    closed = rounds.close()
    again = evidence.add(["SV-C1"], MINUTES)
    assert again.digest == first.digest
    snapshot = build_snapshot(desk, MemoOptions(dt.date(2020, 12, 21)), round_id=closed.id)
    clause = next(c for c in snapshot.clauses if c.row.clause.ref == "SV-C1")
    assert [item.id for item in clause.evidence] == [first.id]
