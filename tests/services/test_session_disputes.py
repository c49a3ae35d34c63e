"""Disputed assessments and evidence in the desk session, without Qt: a party's
stated position set against ours marks the clause disputed (a filter, a few words
for the list), follows our status and the party's newer statements, reaches the
session from another officer; the clause's evidence is read in one go, its
confidence said in words, and each field of a new item checked on its own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from vision_desk.domain.agreement import ClauseKind
from vision_desk.domain.evidence import Confidence, EvidenceKind
from vision_desk.domain.search import Filters
from vision_desk.domain.status import Status
from vision_desk.errors import UserError
from vision_desk.services import session_changes as changes
from vision_desk.services import session_evidence as evidence
from vision_desk.services.desk import Desk
from vision_desk.services.desk_session import DeskSession
from vision_desk.services.evidence import Evidence, NewItem
from vision_desk.services.rounds import Rounds
from vision_desk.services.session_reads import read_live

TODAY = dt.date(2021, 1, 10)
SAID_ON = dt.date(2020, 12, 3)
SCORE = ClauseKind.COMMITMENT
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MINUTES = NewItem(
    EvidenceKind.MEETING_RECORD, "Minutes of the JWG", "MoFA Kabul", SAID_ON, "B2", "p. 3"
)


@pytest.fixture
def session(desk: Desk) -> DeskSession:
    made = DeskSession(
        desk.board(TODAY), TODAY, lambda command: {"clause.choose_party": "p"}.get(command, "?")
    )
    made.attach(read_live(desk, Rounds(desk), TODAY))
    return made


def _claim(session: DeskSession, ref: str, party: str, status: Status, on: dt.date = SAID_ON):
    session.select(ref)
    return evidence.record_position(
        session, party, status, "All lead officials named.", "Press briefing, Islamabad", on
    )


def test_a_party_claiming_more_than_we_assess_marks_the_clause_disputed(
    session: DeskSession,
) -> None:
    session.select("SV-C1")
    changes.set_status(session, Status.INITIATED, SCORE)
    repaint = _claim(session, "SV-C1", "Pakistan", Status.COMPLETED)
    assert session.disputed == frozenset({"SV-C1"})
    assert repaint.rows == frozenset({"SV-C1"}) and repaint.pane
    assert repaint.message == (
        "Recorded: Pakistan says SV-C1 is completed; disputed: we assess the clause "
        "initiated, 2 levels apart."
    )
    assert session.dispute_marker("SV-C1") == "PK says completed"
    assert session.dispute_marker("SV-C2") == ""
    [line] = evidence.position_lines(session, "SV-C1")
    assert line.disputed
    assert line.text == (
        "Pakistan says completed (3 Dec 2020, Press briefing, Islamabad): “All lead "
        "officials named.” — disputed: we assess the clause initiated, 2 levels apart."
    )


def test_the_disputed_filter_shows_only_them_and_clears_with_the_rest(
    session: DeskSession,
) -> None:
    _claim(session, "SV-C1", "PK", Status.COMPLETED)  # we have not assessed it: no dispute
    assert session.disputed == frozenset()
    session.select("SV-C1")
    changes.set_status(session, Status.NOT_STARTED, SCORE)  # now one is set against it
    assert session.disputed == frozenset({"SV-C1"})
    _claim(session, "SV-C3", "AF", Status.ADVANCED)
    session.select("SV-C3")
    changes.set_status(session, Status.ADVANCED, SCORE)  # as they say: no dispute

    toggled = session.toggle("disputed")
    assert toggled.filters and toggled.list
    assert session.disputed_only and session.list.refs() == ["SV-C1"]
    assert session.current_ref == "SV-C1"
    assert toggled.message == (
        "1 disputed clause: a party's stated position differs from our assessment."
    )
    # With the other filters: both apply.
    session.set_filters(Filters(overdue=True))
    assert session.list.refs() == ["SV-C1"]
    cleared = session.clear_filters()
    assert not session.disputed_only and len(session.list.refs()) == 24
    assert cleared.filters
    off = session.toggle("disputed")
    assert off.message.startswith("1 disputed clause")
    assert session.toggle("disputed").message == "Every clause again, disputed or not."


def test_our_status_and_their_newer_statement_settle_the_dispute(session: DeskSession) -> None:
    session.select("SV-C1")
    changes.set_status(session, Status.INITIATED, SCORE)
    _claim(session, "SV-C1", "PK", Status.COMPLETED)
    session.toggle("disputed")
    changes.set_status(session, Status.COMPLETED, SCORE)  # we agree now
    assert session.disputed == frozenset() and session.dispute_marker("SV-C1") == ""
    assert session.list.refs() == ["SV-C1"]  # still shown until the filter is set again
    changes.set_status(session, Status.ADVANCED, SCORE)
    assert session.dispute_marker("SV-C1") == "PK says completed"
    # A newer statement replaces the older; an older one recorded late does not.
    _claim(session, "SV-C1", "PK", Status.ADVANCED, dt.date(2020, 12, 20))
    assert session.disputed == frozenset()
    _claim(session, "SV-C1", "PK", Status.NOT_STARTED, dt.date(2020, 12, 1))
    assert session.disputed == frozenset()
    # Off the ladder: a claim of "overtaken" disputes nothing.
    _claim(session, "SV-C1", "AF", Status.OVERTAKEN, dt.date(2020, 12, 21))
    assert session.disputed == frozenset()
    lines = evidence.position_lines(session, "SV-C1")
    assert [line.text.split(" (")[0] for line in lines] == [
        "Afghanistan says overtaken",
        "Pakistan says advanced",
    ]
    assert lines[0].text.endswith("— off the ladder: it disputes nothing.")
    assert lines[1].text.endswith("— not in dispute.")


def test_a_clause_assessed_per_party_is_disputed_on_the_partys_own_part(
    session: DeskSession,
) -> None:
    session.select("SV-C2")
    while session.chosen_party != "PK":
        session.choose_party()
    changes.set_status(session, Status.INITIATED, SCORE)
    _claim(session, "SV-C2", "AF", Status.COMPLETED)  # Afghanistan's part: not assessed
    assert session.disputed == frozenset()
    _claim(session, "SV-C2", "PK", Status.ADVANCED)
    assert session.dispute_marker("SV-C2") == "PK says advanced"
    [_, pakistan] = evidence.position_lines(session, "SV-C2")
    assert pakistan.text.endswith("disputed: we assess Pakistan's part initiated, 1 level apart.")


def test_positions_recorded_before_the_desk_opened_are_there_when_it_goes_live(
    desk: Desk,
) -> None:
    desk.set_status("SV-C4", Status.NOT_STARTED)
    Evidence(desk).record_position("SV-C4", "AF", "advanced", "Proposal drafted.", "Kabul", SAID_ON)
    first = DeskSession(desk.board(TODAY), TODAY)  # the first board: no store yet
    assert first.disputed == frozenset()
    repaint = first.attach(read_live(desk, Rounds(desk), TODAY))
    assert first.disputed == frozenset({"SV-C4"})
    assert "SV-C4" in repaint.rows
    assert first.dispute_marker("SV-C4") == "AF says advanced"


def test_another_officers_position_reaches_the_session(
    session: DeskSession, second_officer: Desk
) -> None:
    session.select("SV-C1")
    changes.set_status(session, Status.INITIATED, SCORE)
    session.select("SV-P2")
    Evidence(second_officer).record_position(
        "SV-C1", "PK", "completed", "Done.", "Islamabad", SAID_ON
    )
    repaint = session.apply_elsewhere(session.elsewhere_reader()())
    assert session.disputed == frozenset({"SV-C1"}) and "SV-C1" in repaint.rows
    assert session.current_ref == "SV-P2"  # the officer stays where they are


def test_a_clause_with_its_evidence_read_in_one_go(session: DeskSession, tmp_path: Path) -> None:
    session.select("SV-C1")
    empty = evidence.read_clause_evidence(session, "SV-C1")
    assert empty.items == () and evidence.confidence_text(empty.confidence) == (
        "Confidence: low, by the rule"
    )
    kept = evidence.clause_evidence(session, "SV-C2")
    assert evidence.clause_evidence(session, "SV-C1") is evidence.clause_evidence(session, "SV-C1")
    file = tmp_path / "minutes.pdf"
    file.write_bytes(PDF)
    added = evidence.attach(session, MINUTES, ["sv-c3"], file)
    # Only the clauses the item supports are read again; the others' stays true.
    assert set(session.evidence_cache) == {"SV-C2"}
    assert evidence.clause_evidence(session, "SV-C2") is kept
    assert len(evidence.clause_evidence(session, "SV-C3").items) == 1
    assert added.evidence
    assert added.message.startswith(
        "Evidence 1 (B2) recorded for SV-C1, SV-C3; file minutes.pdf · "
    )
    shown = evidence.read_clause_evidence(session, "SV-C1")
    [item] = shown.items
    assert evidence.item_file_text(item) == f"minutes.pdf · {item.attachment.sha256[:12]}"  # type: ignore[union-attr]
    assert evidence.confidence_text(shown.confidence) == "Confidence: medium, by the rule"
    overridden = evidence.override_confidence(session, Confidence.LOW, "One briefing, twice.")
    assert overridden.evidence
    assert overridden.message == (
        "SV-C1: Confidence: low, set by Test Officer: One briefing, twice.; the rule gives medium."
    )
    back = evidence.override_confidence(session, None, "Checked again.")
    assert back.message == "SV-C1: Confidence: medium, by the rule."
    session.select("SV-C2")
    assert [found.id for found in evidence.citable(session)] == [item.id]
    assert evidence.cite(session, item.id).message == "Evidence 1 now supports SV-C2."
    assert evidence.cite(session, item.id).message == "Evidence 1 already supported SV-C2."
    assert evidence.citable(session) == []
    copy = evidence.viewer_copy(session, item.id, tmp_path / "copies")
    assert copy.read_bytes() == PDF and copy.parent.parent == tmp_path / "copies"


def test_each_field_of_a_new_item_is_checked_on_its_own(
    session: DeskSession, tmp_path: Path
) -> None:
    forged = tmp_path / "report.pdf"
    forged.write_bytes(b"MZ\x90\x00 a program")
    problems = evidence.check_item(session, " ", "MoFA", "", "Z9", "SV-C3 SV-X9", str(forged))
    assert set(problems) == {"title", "grade", "more", "file"}
    assert problems["title"] == "An item of evidence needs its title; nothing was recorded."
    assert problems["grade"].startswith("'Z9' is not a grade")
    assert problems["more"] == "There is no clause 'SV-X9' in A Shared Vision."
    assert "named as a PDF file but its contents are not" in problems["file"]
    fine = tmp_path / "minutes.pdf"
    fine.write_bytes(PDF)
    assert evidence.check_item(session, "Minutes", "MoFA", "p. 3", "b2", "", str(fine)) == {}
    assert evidence.split_refs(" SV-C3,SV-C4 ; sv-c5 ") == ["SV-C3", "SV-C4", "sv-c5"]


def test_nothing_is_recorded_on_a_past_board(session: DeskSession) -> None:
    session.select("SV-C1")
    session.show_past(session.desk.board(dt.date(2020, 12, 1)), "1 December 2020")  # type: ignore[union-attr]
    with pytest.raises(UserError, match="read-only"):
        evidence.attach(session, MINUTES, [], None)
    with pytest.raises(UserError, match="read-only"):
        _claim(session, "SV-C1", "PK", Status.COMPLETED)
