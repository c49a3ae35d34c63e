"""A note a closed round recorded as a clause's reason cannot be deleted: the round
is sealed, its record keeps the words, so "deleted" would not be true. The
command says which round holds it; everything else is deleted as before."""

from __future__ import annotations

import datetime as dt

import pytest

from vision_desk.domain.status import Status
from vision_desk.errors import UserError
from vision_desk.services.desk import Desk
from vision_desk.services.rounds import Rounds

REASON = "Working group named; minutes 2 Dec."


def test_the_reason_a_closed_round_recorded_is_not_deleted(desk: Desk) -> None:
    rounds = Rounds(desk)
    rounds.open("December 2020 review", dt.date(2020, 12, 1))
    reason = desk.set_status("SV-C1", Status.INITIATED, note=REASON).note_id
    assert reason is not None
    closed = rounds.close()
    history = desk.history("SV-C1")

    with pytest.raises(UserError) as caught:
        desk.ensure_deletable(reason)
    with pytest.raises(UserError) as refused:
        desk.delete_note(reason)
    message = refused.value.message
    assert message == caught.value.message
    assert message == (
        f"Note {reason} cannot be deleted: round {closed.id} 'December 2020 review' recorded "
        "it as the reason for SV-C1, and a closed round is sealed."
    )
    # Nothing changed: the note is live, the history has no deletion, the record holds.
    assert [note.text for note in desk.notes("SV-C1")] == [REASON]
    assert desk.history("SV-C1") == history
    report = rounds.report(closed.id)
    assert report.verified is True
    assert {record.ref: record.rationale for record in report.records}["SV-C1"] == REASON


def test_other_notes_are_deleted_as_before(desk: Desk) -> None:
    rounds = Rounds(desk)
    rounds.open("December 2020 review", dt.date(2020, 12, 1))
    # A reason given while the round is open, then deleted before it closes: the
    # round records no reason.
    early = desk.set_status("SV-C2", Status.INITIATED, note="First thoughts.").note_id
    # A reason replaced by a later assessment without one: not in the record either.
    replaced = desk.set_status("SV-C3", Status.INITIATED, note="Replaced.").note_id
    desk.set_status("SV-C3", Status.ADVANCED)
    plain = desk.add_note("SV-C1", "Just a note, no assessment.").note_id
    assert early is not None and replaced is not None and plain is not None
    desk.delete_note(early)
    closed = rounds.close()
    later = desk.add_note("SV-C1", "Written after the round closed.").note_id
    assert later is not None
    for note_id in (replaced, plain, later):
        desk.ensure_deletable(note_id)
        assert desk.delete_note(note_id).message.endswith("deleted.")
    assert desk.notes("SV-C1") == [] and desk.notes("SV-C3") == []
    records = {record.ref: record for record in rounds.report(closed.id).records}
    assert records["SV-C2"].rationale is None and records["SV-C3"].rationale is None
