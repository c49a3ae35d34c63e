"""Obligations per party in the desk session, without Qt: whose part the keys set,
the commitments where one party is ahead of another (a filter), and the index
per party beside the overall one, patched as statuses change."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from vision_desk.domain.agreement import ClauseKind
from vision_desk.domain.party_status import summaries_by_party
from vision_desk.domain.review import PartyAssessment
from vision_desk.domain.search import Filters
from vision_desk.domain.status import Status
from vision_desk.errors import UserError
from vision_desk.services import session_changes as changes
from vision_desk.services.desk import Desk
from vision_desk.services.desk_session import DeskSession
from vision_desk.services.rounds import Rounds
from vision_desk.services.session_reads import read_live

TODAY = dt.date(2021, 1, 10)
KEYS = {"clause.choose_party": "p"}
SCORE = ClauseKind.COMMITMENT


@pytest.fixture
def session(desk: Desk) -> DeskSession:
    made = DeskSession(desk.board(TODAY), TODAY, lambda command: KEYS.get(command, "?"))
    made.attach(read_live(desk, Rounds(desk), TODAY))
    return made


def _assess(session: DeskSession, ref: str, *steps: tuple[str | None, Status]) -> None:
    """On ``ref``: for each (party, status), choose that party with the key's command
    (None: the whole clause), then set the status as a status key does."""
    session.select(ref)
    for party, status in steps:
        while session.chosen_party != party:
            session.choose_party()
        changes.set_status(session, status, SCORE)


def _fresh_party_summaries(session: DeskSession) -> dict[str, object]:
    rows = list(session.rows.values())
    return summaries_by_party(  # type: ignore[return-value]
        ((row.clause, row.status) for row in rows),
        {row.clause.ref: row.state.parts for row in rows if row.state.parts},
        session.index_parties,
        session.summary.as_of,
        session.event_dates,
    )


# -- whose part ---------------------------------------------------------------------------


def test_the_choice_cycles_whole_then_each_party_and_stays_from_clause_to_clause(
    session: DeskSession,
) -> None:
    session.select("SV-C2")
    assert session.assessing().text == "The whole clause"  # type: ignore[union-attr]
    chosen = session.choose_party()
    assert chosen.pane and session.chosen_party == "AF"
    assert chosen.message.startswith("Assessing Afghanistan's part, clause after clause")
    assert chosen.message.endswith("p: Pakistan's part.")
    assert session.assessing().text == "Afghanistan's part"  # type: ignore[union-attr]
    session.choose_party()
    assert session.chosen_party == "PK" and session.party_in_hand() == "PK"
    session.step(1)  # the next clause: still Pakistan's part
    assert session.current_ref != "SV-C2" and session.party_in_hand() == "PK"
    session.select("SV-C2")
    again = session.choose_party()
    assert session.chosen_party is None and again.message.startswith("Assessing the whole clause")


def test_a_clause_of_one_party_or_without_the_chosen_one_is_set_whole(
    session: DeskSession, desk: Desk
) -> None:
    session.select("SV-C7")  # Afghanistan's obligation only
    refused = session.choose_party()
    assert session.chosen_party is None
    assert refused.message.startswith("SV-C7 binds Afghanistan only")
    session.select("SV-C1")
    session.choose_party()
    session.choose_party()  # Pakistan
    session.select("SV-C7")
    assessing = session.assessing()
    assert assessing is not None and assessing.party is None
    assert assessing.text == "The whole clause: SV-C7 binds Afghanistan only"
    changes.set_status(session, Status.INITIATED, SCORE)
    assert desk.state("SV-C7").status is Status.INITIATED
    assert desk.state("SV-C7").parts == ()  # whole: no parts
    assert session.chosen_party == "PK"  # the choice is kept for the next clauses
    back = session.choose_party()  # on a clause of one party: back to whole clauses
    assert session.chosen_party is None
    assert back.message == (
        "Assessing the whole clause again. p: one party's part, on a clause that binds several."
    )


def test_a_status_and_a_note_go_to_the_chosen_partys_part(session: DeskSession, desk: Desk) -> None:
    _assess(session, "SV-C2", ("AF", Status.ADVANCED), ("PK", Status.INITIATED))
    row = session.rows["SV-C2"]
    assert row.state.parts == (
        PartyAssessment("AF", Status.ADVANCED),
        PartyAssessment("PK", Status.INITIATED),
    )
    assert row.status is Status.INITIATED  # the least advanced
    assessing = session.assessing()
    assert assessing is not None and assessing.status is Status.INITIATED  # Pakistan's
    added = changes.save_note(session, None, "Lead official named in Islamabad.")
    assert added.message == "Note 1 added to SV-C2, about Pakistan's part."
    assert [(note.text, note.party) for note in desk.notes("SV-C2")] == [
        ("Lead official named in Islamabad.", "PK")
    ]
    # Edited later with the whole clause chosen, the note stays about Pakistan.
    session.choose_party()
    note = desk.notes("SV-C2")[0]
    changes.note_text(session, note.id)
    changes.save_note(session, note.id, "Lead official named in Islamabad on 2 Dec.")
    assert desk.notes("SV-C2")[0].party == "PK"


def test_a_whole_status_on_a_clause_assessed_per_party_is_refused_naming_the_key(
    session: DeskSession, desk: Desk
) -> None:
    _assess(session, "SV-C2", ("AF", Status.ADVANCED))
    session.choose_party()
    session.choose_party()  # back to the whole clause
    assert session.party_in_hand() is None
    assessing = session.assessing()
    assert assessing is not None and assessing.per_party
    assert assessing.text == "Assessed per party; p chooses whose part"
    with pytest.raises(UserError, match=r"SV-C2 is assessed per party \(Afghanistan: advanced"):
        changes.set_status(session, Status.COMPLETED, SCORE)
    with pytest.raises(UserError, match="p chooses whose part the status keys set"):
        changes.set_status(session, Status.COMPLETED, SCORE)
    assert desk.state("SV-C2").parts == (PartyAssessment("AF", Status.ADVANCED),)


def test_in_a_round_the_reason_is_about_the_partys_part(session: DeskSession, desk: Desk) -> None:
    changes.open_round(session, "January review", TODAY)
    session.select("SV-C1")
    session.choose_party()
    session.choose_party()  # Pakistan
    repaint = changes.set_status(session, Status.INITIATED, SCORE)
    assert repaint.ask_reason
    changes.save_note(session, None, "Pakistan's service chief met his counterpart.", True)
    assert [note.party for note in desk.notes("SV-C1")] == ["PK"]
    assert session.progress is not None and session.progress.assessed == 1
    assert session.chosen_party == "PK"  # and on to the next clause, Pakistan's part


# -- one party ahead of another ------------------------------------------------------------------


def test_the_reciprocity_filter_shows_where_one_party_is_ahead(session: DeskSession) -> None:
    _assess(session, "SV-C2", ("AF", Status.ADVANCED), ("PK", Status.NOT_STARTED))
    _assess(session, "SV-C3", ("AF", Status.INITIATED), ("PK", Status.INITIATED))  # level
    _assess(session, "SV-C4", ("PK", Status.COMPLETED))  # Afghanistan not assessed: no gap
    _assess(session, "SV-C1", (None, Status.ADVANCED))  # whole: speaks for both
    assert session.gap_text("SV-C2") == "Afghanistan ahead of Pakistan by 2 levels"
    assert session.gap_marker("SV-C2") == "Afghanistan 2 levels ahead"
    assert session.gap_text("SV-C3") == session.gap_text("SV-C4") == ""
    shown = session.toggle("apart")
    assert shown.filters and shown.list and session.apart_only
    assert shown.message == "1 commitment where one party is ahead of another."
    assert session.list.refs() == ["SV-C2"] and session.current_ref == "SV-C2"
    assert "1 of 24 clauses shown" in session.counts_text()
    # Pakistan catches up by one level, then draws level: the gap follows at once.
    while session.chosen_party != "PK":
        session.choose_party()
    changes.set_status(session, Status.INITIATED, SCORE)
    assert session.gap_text("SV-C2") == "Afghanistan ahead of Pakistan by 1 level"
    changes.set_status(session, Status.ADVANCED, SCORE)
    assert session.gap_text("SV-C2") == "" and session.apart == frozenset()
    assert session.list.refs() == ["SV-C2"]  # kept in view until the filter runs again
    session.toggle("apart")
    session.toggle("apart")
    assert session.list.refs() == [] and session.current_ref is None
    assert session.toggle("apart").message.startswith("Every clause again")


def test_the_reciprocity_filter_combines_and_clears_like_the_others(
    session: DeskSession,
) -> None:
    _assess(session, "SV-C2", ("AF", Status.ADVANCED), ("PK", Status.NOT_STARTED))
    _assess(session, "SV-C5", ("PK", Status.INITIATED), ("AF", Status.NOT_STARTED))
    assert session.gap_text("SV-C5") == "Pakistan ahead of Afghanistan by 1 level"
    session.toggle("apart")
    assert sorted(session.list.refs()) == ["SV-C2", "SV-C5"]
    session.set_filters(Filters(text="refugee"))  # the search narrows it further
    assert session.apart_only and session.list.refs() == ["SV-C2"]
    session.set_filters(Filters(), apart_only=False)  # the filter bar's box, unticked
    assert not session.apart_only and len(session.list.refs()) == 24
    session.toggle("apart")
    cleared = session.clear_filters()
    assert cleared.filters and not session.apart_only and len(session.list.refs()) == 24


def test_gaps_are_read_with_the_board_and_undo_takes_them_back(
    session: DeskSession, desk: Desk
) -> None:
    desk.set_status("SV-C3", Status.COMPLETED, party="AF")
    desk.set_status("SV-C3", Status.NOT_STARTED, party="PK")
    session.reload()  # read afresh: the gaps come with the board
    assert session.gap_text("SV-C3") == "Afghanistan ahead of Pakistan by 3 levels"
    changes.replay(session, redo=False)  # Pakistan's part undone: not assessed again
    assert session.gap_text("SV-C3") == "" and "SV-C3" not in session.apart


# -- the index per party ----------------------------------------------------------------------


def test_the_index_per_party_beside_the_overall_one(session: DeskSession) -> None:
    assert session.index_parties == ("AF", "PK")
    assert all(summary.index_text == "—" for summary in session.party_summaries().values())
    _assess(session, "SV-C1", (None, Status.INITIATED))  # whole: 1 for both
    _assess(session, "SV-C2", ("AF", Status.ADVANCED), ("PK", Status.INITIATED))
    _assess(session, "SV-C7", (None, Status.COMPLETED))  # Afghanistan's alone
    by_party = dict(session.index_by_party())
    # Afghanistan: 1 + 2 + 3 of 9; Pakistan: 1 + 1 of 6; overall: 1 + 1 + 3 of 9.
    assert by_party["Afghanistan"].index_text == "66.7%"
    assert by_party["Pakistan"].index_text == "33.3%"
    assert session.summary.index_text == "55.6%"
    assert session.party_summaries() == _fresh_party_summaries(session)


def test_a_party_status_repaints_the_summary_even_when_the_overall_stays(
    session: DeskSession,
) -> None:
    _assess(session, "SV-C2", ("AF", Status.INITIATED), ("PK", Status.INITIATED))
    session.party_summaries()  # shown once: patched from now on
    while session.chosen_party != "AF":
        session.choose_party()
    repaint = changes.set_status(session, Status.COMPLETED, SCORE)
    assert session.rows["SV-C2"].status is Status.INITIATED  # held by Pakistan
    assert repaint.summary and repaint.rows == frozenset({"SV-C2"})
    assert dict(session.index_by_party())["Afghanistan"].index_text == "100.0%"
    changes.replay(session, redo=False)
    assert dict(session.index_by_party())["Afghanistan"].index_text == "33.3%"
    assert session.party_summaries() == _fresh_party_summaries(session)


def test_patched_summaries_agree_with_a_fresh_count_over_many_changes(
    session: DeskSession,
) -> None:
    session.party_summaries()
    steps = [
        ("SV-C1", ("PK", Status.COMPLETED)),
        ("SV-C1", ("AF", Status.NOT_STARTED)),
        ("SV-C3", (None, Status.OVERTAKEN)),
        ("SV-C4", ("AF", Status.ADVANCED)),
        ("SV-C4", ("AF", Status.NOT_ASSESSED)),  # its last part gone: whole again
        ("SV-R2", ("PK", Status.INITIATED)),
        ("SV-C1", ("PK", Status.OVERTAKEN)),
    ]
    for ref, step in steps:
        _assess(session, ref, step)
        assert session.party_summaries() == _fresh_party_summaries(session), (ref, step)
    assert session.rows["SV-C4"].state.parts == ()


def test_no_index_per_party_when_every_clause_binds_one_party(desk: Desk) -> None:
    board = desk.board(TODAY)
    alone = [replace(clause, parties=("AF",)) for clause in board.agreement.clauses]
    agreement = replace(board.agreement, clauses=tuple(alone))
    rows = tuple(replace(row, clause=clause) for row, clause in zip(board.rows, alone, strict=True))
    session = DeskSession(replace(board, agreement=agreement, rows=rows), TODAY)
    assert session.index_parties == () and session.party_summaries() == {}
    assert session.index_by_party() == []


def test_summaries_per_party_follow_the_overall_one_until_a_clause_is_split(
    desk: Desk, tmp_path: Path
) -> None:
    """Where every clause binds both parties and none is assessed per party, each
    party's summary is the overall one (not summarised apart); the first clause
    split starts each party's own from the overall as it stood, then patched."""
    from vision_desk.services import transfer

    shipped = Path(__file__).resolve().parents[2] / "resources/agreements/shared-vision.toml"
    text = shipped.read_text(encoding="utf-8")
    both = text.replace('parties = ["AF"]\n', 'parties = ["AF", "PK"]\n')
    both = both.replace('id = "shared-vision"', 'id = "shared-vision-both"', 1)
    assert both.count('"shared-vision-both"') == 1 and 'parties = ["AF"]\n' not in both
    (tmp_path / "both.toml").write_text(both, encoding="utf-8")
    transfer.import_agreement(desk, tmp_path / "both.toml", backup=False)
    desk.use_agreement("shared-vision-both")
    session = DeskSession(desk.board(TODAY), TODAY, lambda command: KEYS.get(command, "?"))
    session.attach(read_live(desk, Rounds(desk), TODAY))

    # The overall summary itself, not a copy summarised apart.
    assert all(summary is session.summary for summary in session.party_summaries().values())
    _assess(session, "SV-C1", (None, Status.ADVANCED))
    assert all(summary is session.summary for summary in session.party_summaries().values())
    assert session.party_summaries() == _fresh_party_summaries(session)
    # The first split: Pakistan behind on SV-C5; each party goes its own way.
    _assess(session, "SV-C5", ("AF", Status.COMPLETED), ("PK", Status.INITIATED))
    summaries = session.party_summaries()
    assert summaries == _fresh_party_summaries(session)
    assert summaries["AF"] != summaries["PK"] and summaries["AF"] is not session.summary
    _assess(session, "SV-C2", (None, Status.INITIATED))
    assert session.party_summaries() == _fresh_party_summaries(session)
