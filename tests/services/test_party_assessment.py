"""A commitment that binds both parties, assessed party by party (issue 16): each
party's part and a note on it, the clause's status derived from its parts, the
history naming whose part moved, undo and redo, conflicts, and a round's record
and hash covering the parts. On both stores."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from vision_desk.domain.review import ChangeKind, PartyAssessment
from vision_desk.domain.rounds import content_hash
from vision_desk.domain.status import Status
from vision_desk.errors import ConflictError, UserError
from vision_desk.services.rounds import Rounds

AF, PK = "AF", "PK"


def _parts(opened: Any, ref: str) -> tuple[PartyAssessment, ...]:
    return opened.desk.state(ref).parts


def test_one_party_is_assessed_and_the_clause_follows_the_least_advanced(opened: Any) -> None:
    desk = opened.desk
    outcome = desk.set_status("SV-C1", Status.ADVANCED, party="Afghanistan")
    assert "Afghanistan Not assessed → Advanced" in outcome.message
    # Pakistan is not assessed yet: the clause cannot be further along than it.
    assert desk.state("SV-C1").status is Status.NOT_ASSESSED
    desk.set_status("SV-C1", Status.INITIATED, party="pk", note="Talks only.")
    state = desk.state("SV-C1")
    assert state.parts == (
        PartyAssessment(AF, Status.ADVANCED),
        PartyAssessment(PK, Status.INITIATED),
    )
    assert state.status is Status.INITIATED
    notes = desk.notes("SV-C1")
    assert [(note.text, note.party) for note in notes] == [("Talks only.", PK)]


def test_a_clause_split_from_a_whole_status_starts_every_party_there(opened: Any) -> None:
    desk = opened.desk
    desk.set_status("SV-C2", Status.ADVANCED)
    desk.set_status("SV-C2", Status.COMPLETED, party=AF)
    state = desk.state("SV-C2")
    assert state.parts == (
        PartyAssessment(AF, Status.COMPLETED),
        PartyAssessment(PK, Status.ADVANCED),
    )
    assert state.status is Status.ADVANCED


def test_a_whole_status_on_a_split_clause_is_refused_with_its_parts_named(opened: Any) -> None:
    desk = opened.desk
    desk.set_status("SV-C1", Status.ADVANCED, party=AF)
    with pytest.raises(UserError, match=r"SV-C1 is assessed per party \(Afghanistan: advanced\)"):
        desk.set_status("SV-C1", Status.COMPLETED)
    assert desk.state("SV-C1").parts == (PartyAssessment(AF, Status.ADVANCED),)


def test_a_party_the_clause_does_not_bind_is_refused_naming_those_it_does(opened: Any) -> None:
    with pytest.raises(UserError, match=r"does not bind 'IN'; it binds AF \(Afghanistan\)"):
        opened.desk.set_status("SV-C1", Status.ADVANCED, party="IN")
    with pytest.raises(UserError, match="does not bind"):
        opened.desk.add_note("SV-C1", "x", party="India")


def test_the_history_names_whose_part_moved_and_the_overall_change(opened: Any) -> None:
    desk = opened.desk
    desk.set_status("SV-C1", Status.ADVANCED, party=AF)
    desk.set_status("SV-C1", Status.INITIATED, party=PK)
    lines = [(c.kind, c.party, c.before, c.after) for c in desk.history("SV-C1")]
    assert lines == [
        (ChangeKind.PARTY_STATUS, AF, "not_assessed", "advanced"),
        (ChangeKind.PARTY_STATUS, PK, "not_assessed", "initiated"),
        (ChangeKind.STATUS, None, "not_assessed", "initiated"),
    ]
    assert desk.history("SV-C1")[0].describe(labels=True) == "AF: Not assessed → Advanced"


def test_undo_and_redo_put_the_parts_back(opened: Any) -> None:
    desk = opened.desk
    desk.set_status("SV-C1", Status.ADVANCED, party=AF)
    desk.set_status("SV-C1", Status.INITIATED, party=PK, note="Talks only.")
    desk.undo()
    assert _parts(opened, "SV-C1") == (PartyAssessment(AF, Status.ADVANCED),)
    assert desk.state("SV-C1").status is Status.NOT_ASSESSED
    assert desk.notes("SV-C1") == []
    desk.undo()
    assert _parts(opened, "SV-C1") == ()
    desk.redo()
    desk.redo()
    state = desk.state("SV-C1")
    assert state.parts == (
        PartyAssessment(AF, Status.ADVANCED),
        PartyAssessment(PK, Status.INITIATED),
    )
    assert state.status is Status.INITIATED
    assert [note.party for note in desk.notes("SV-C1")] == [PK]


def test_a_part_set_on_a_stale_version_is_refused(opened: Any) -> None:
    desk = opened.desk
    desk.set_status("SV-C1", Status.ADVANCED, party=AF)
    seen = desk.state("SV-C1").version
    desk.set_status("SV-C1", Status.INITIATED, party=PK)
    with pytest.raises(ConflictError):
        desk.set_status("SV-C1", Status.COMPLETED, party=PK, expected_version=seen)
    assert desk.state("SV-C1").parts[1] == PartyAssessment(PK, Status.INITIATED)


def test_the_last_part_taken_back_leaves_the_clause_whole_again(opened: Any) -> None:
    desk = opened.desk
    desk.set_status("SV-C1", Status.ADVANCED, party=AF)
    desk.set_status("SV-C1", Status.NOT_ASSESSED, party=AF)
    assert desk.state("SV-C1").parts == ()
    desk.set_status("SV-C1", Status.COMPLETED)  # a whole status is taken again
    assert desk.state("SV-C1").status is Status.COMPLETED


def test_a_clause_binding_one_party_has_no_parts(opened: Any, tmp_path: Any) -> None:
    from highland import import_highland

    agreement = import_highland(opened.desk, tmp_path)
    single = next(c for c in agreement.clauses if len(c.parties) == 1 and c.is_scored)
    with pytest.raises(UserError, match="binds one party only"):
        opened.desk.set_status(
            single.ref, Status.INITIATED, party=single.parties[0], agreement_id=agreement.id
        )


def test_a_round_records_the_parts_and_its_hash_covers_them(opened: Any) -> None:
    desk = opened.desk
    rounds = Rounds(desk)
    rounds.open("December review", dt.date(2020, 12, 20))
    desk.set_status("SV-C1", Status.ADVANCED, party=AF)
    desk.set_status("SV-C1", Status.INITIATED, party=PK)
    desk.set_status("SV-C2", Status.ADVANCED)
    desk.set_status("SV-C3", Status.COMPLETED, party=AF)  # PK's part carried: none
    closed = rounds.close()
    report = rounds.report(closed.id)
    assert report.verified
    by_ref = {record.ref: record for record in report.records}
    assert by_ref["SV-C1"].parts == (
        PartyAssessment(AF, Status.ADVANCED),
        PartyAssessment(PK, Status.INITIATED),
    )
    assert by_ref["SV-C1"].status is Status.INITIATED
    assert by_ref["SV-C2"].parts == ()
    # A part changed in the record would no longer match the hash.
    changed = [
        record
        if record.ref != "SV-C1"
        else record.__class__(
            record.ref,
            record.status,
            record.carried_over,
            record.assessed_at,
            record.assessed_by,
            record.rationale,
            (PartyAssessment(AF, Status.COMPLETED), PartyAssessment(PK, Status.INITIATED)),
        )
        for record in report.records
    ]
    assert content_hash(closed, changed) != closed.content_hash


def test_a_round_without_parts_hashes_in_the_first_form(opened: Any) -> None:
    """Nothing assessed per party: the record is hashed exactly as before parts
    existed (docs/rounds.md's form 1), so every hash printed before still holds."""
    from vision_desk.domain.rounds import HASH_FORMAT, canonical_form

    desk = opened.desk
    rounds = Rounds(desk)
    rounds.open("December review", dt.date(2020, 12, 20))
    desk.set_status("SV-C2", Status.ADVANCED)
    closed = rounds.close()
    records = rounds.report(closed.id).records
    form = canonical_form(closed, records)
    assert f'"format":"{HASH_FORMAT}"'.encode() in form
    assert b'"parts"' not in form


def test_undoing_a_part_in_an_open_round_puts_the_assessment_back(opened: Any) -> None:
    desk = opened.desk
    rounds = Rounds(desk)
    rounds.open("December review", dt.date(2020, 12, 20))
    desk.set_status("SV-C1", Status.ADVANCED, party=AF)
    desk.set_status("SV-C1", Status.INITIATED, party=PK)
    desk.undo()
    closed = rounds.close()
    record = next(r for r in rounds.report(closed.id).records if r.ref == "SV-C1")
    assert record.parts == (PartyAssessment(AF, Status.ADVANCED),)
    assert not record.carried_over


def test_the_memo_gets_each_partys_status_with_its_latest_note(opened: Any) -> None:
    """Provisional and from a closed round alike; a note added after the round
    closed is not in its memo."""
    from vision_desk.domain.memo import MemoOptions
    from vision_desk.services.memo import build_snapshot

    desk = opened.desk
    rounds = Rounds(desk)
    rounds.open("December review", dt.date(2020, 12, 20))
    desk.set_status("SV-C1", Status.ADVANCED, party=AF, note="Named on 2 Dec.")
    desk.add_note("SV-C1", "Confirmed in writing.", party=AF)
    desk.set_status("SV-C1", Status.INITIATED, party=PK)
    closed = rounds.close()
    desk.add_note("SV-C1", "Later words.", party=PK)
    options = MemoOptions(dt.date(2020, 12, 21))

    from_round = build_snapshot(desk, options, round_id=closed.id)
    clause = next(c for c in from_round.clauses if c.row.clause.ref == "SV-C1")
    assert clause.parts == (
        PartyAssessment(AF, Status.ADVANCED, "Confirmed in writing."),
        PartyAssessment(PK, Status.INITIATED, ""),
    )
    assert clause.row.state.parts == (
        PartyAssessment(AF, Status.ADVANCED),
        PartyAssessment(PK, Status.INITIATED),
    )
    live = build_snapshot(desk, options, as_of=dt.date(2020, 12, 21))
    clause = next(c for c in live.clauses if c.row.clause.ref == "SV-C1")
    assert clause.parts[1] == PartyAssessment(PK, Status.INITIATED, "Later words.")


def test_the_export_keeps_the_parts_and_whose_part_each_note_is_about(opened: Any) -> None:
    from vision_desk.services import transfer

    desk = opened.desk
    desk.set_status("SV-C1", Status.ADVANCED, party=AF, note="Named.")
    data = transfer.export_data(desk, dt.date(2020, 12, 21))
    clause = next(c for c in data["agreements"][0]["clauses"] if c["ref"] == "SV-C1")
    assert clause["parts"] == {"AF": "advanced"}
    assert [note["party"] for note in clause["notes"]] == [AF]
    assert [change["party"] for change in clause["history"]] == [AF, None]
    csv_text = transfer.export_csv(desk, dt.date(2020, 12, 21))
    assert "AF: advanced" in csv_text and ", about AF] Named." in csv_text


def test_undo_says_whose_part_it_took_back(opened: Any) -> None:
    desk = opened.desk
    desk.set_status("SV-C1", Status.ADVANCED, party=AF)
    desk.set_status("SV-C1", Status.INITIATED, party=PK)
    told = desk.undo().message  # names what it took back, as every undo does
    assert (
        told == "Undone: PK's status Not assessed → Initiated (overall Not assessed → "
        "Initiated) on SV-C1."
    )
    assert desk.undo().message == "Undone: AF's status Not assessed → Advanced on SV-C1."


def test_the_board_as_it_stood_keeps_each_partys_part(opened: Any, clock: Any) -> None:
    """The past board, from a closed round's record and from the history alike,
    shows a clause assessed per party with its parts, not as a whole."""
    desk = opened.desk
    rounds = Rounds(desk)

    def on(day: dt.date) -> None:
        clock.now = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)

    on(dt.date(2021, 1, 10))
    rounds.open("January review", dt.date(2021, 1, 10))
    desk.set_status("SV-C1", Status.ADVANCED)  # whole first
    on(dt.date(2021, 1, 11))
    desk.set_status("SV-C1", Status.COMPLETED, party=AF)  # then split: PK stays advanced
    desk.set_status("SV-C2", Status.INITIATED, party=PK)
    closed = rounds.close()
    on(dt.date(2021, 1, 12))
    desk.set_status("SV-C1", Status.INITIATED, party=PK)

    def row(board: Any, ref: str) -> Any:
        return next(each for each in board.rows if each.clause.ref == ref)

    sealed = row(rounds.board_at_round(closed.id), "SV-C1")
    split = (PartyAssessment(AF, Status.COMPLETED), PartyAssessment(PK, Status.ADVANCED))
    assert sealed.state.parts == split and sealed.status is Status.ADVANCED
    assert row(rounds.board_on(dt.date(2021, 1, 10)), "SV-C1").state.parts == ()
    assert row(rounds.board_on(dt.date(2021, 1, 10)), "SV-C1").status is Status.ADVANCED
    then = row(rounds.board_on(dt.date(2021, 1, 11)), "SV-C1")
    assert then.state.parts == split and then.status is Status.ADVANCED
    assert row(rounds.board_on(dt.date(2021, 1, 11)), "SV-C2").state.parts == (
        PartyAssessment(PK, Status.INITIATED),
    )
    today = row(rounds.board_on(dt.date(2021, 1, 12)), "SV-C1")
    assert today.state.parts == desk.state("SV-C1").parts
    assert today.status is desk.state("SV-C1").status is Status.INITIATED


def test_the_board_as_it_stood_after_an_undo_made_a_clause_whole_again(
    opened: Any, clock: Any
) -> None:
    """An undo of a clause's first split leaves no line saying it is whole again; a
    whole status set after it (which the desk takes only on a whole clause) says so,
    and a later part starts from that whole status, as on the desk."""
    desk = opened.desk
    rounds = Rounds(desk)
    clock.now = dt.datetime(2021, 1, 10, 9, tzinfo=dt.UTC)
    desk.set_status("SV-C1", Status.ADVANCED)
    desk.set_status("SV-C1", Status.COMPLETED, party=AF)
    desk.undo()
    assert desk.state("SV-C1").parts == ()
    desk.set_status("SV-C1", Status.COMPLETED)
    desk.set_status("SV-C1", Status.INITIATED, party=AF)
    shown = next(
        row for row in rounds.board_on(dt.date(2021, 1, 10)).rows if row.clause.ref == "SV-C1"
    )
    state = desk.state("SV-C1")
    assert state.parts == (
        PartyAssessment(AF, Status.INITIATED),
        PartyAssessment(PK, Status.COMPLETED),
    )
    assert (shown.state.parts, shown.status) == (state.parts, state.status)


def test_a_part_at_the_status_the_whole_clause_has_leaves_it_whole(opened: Any) -> None:
    """The whole status already speaks for every party: setting one party's part to
    it changes nothing, writes nothing and says so (no split the history cannot
    tell)."""
    desk = opened.desk
    desk.set_status("SV-C1", Status.ADVANCED)
    history = desk.history("SV-C1")
    outcome = desk.set_status("SV-C1", Status.ADVANCED, party=AF)
    assert outcome.message == "SV-C1 is already advanced for Afghanistan."
    assert desk.state("SV-C1").parts == () and desk.history("SV-C1") == history
    # A different status for the party splits it, the other party kept at the whole.
    desk.set_status("SV-C1", Status.COMPLETED, party=AF)
    assert _parts(opened, "SV-C1") == (
        PartyAssessment(AF, Status.COMPLETED),
        PartyAssessment(PK, Status.ADVANCED),
    )
