"""Undo and redo never wipe out another officer's assessment in the open round,
and a reason added to an assessment never writes over one made meanwhile (found
in review: both lost an acknowledged assessment on a team desk)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import pytest

from vision_desk.domain.review import PartyAssessment
from vision_desk.domain.status import Status
from vision_desk.errors import ConflictError
from vision_desk.services.desk import Desk
from vision_desk.services.rounds import Rounds
from vision_desk.storage import rounds as rounds_store


def _assessment(desk: Desk, ref: str) -> rounds_store.Assessment | None:
    stored = desk.stored(None)
    with desk.store.read() as session:
        round_ = rounds_store.open_for(session, stored.agreement.id)
        assert round_ is not None
        return rounds_store.assessment(session, round_.id, stored.clause_ids[ref])


@pytest.mark.server_only  # on a file one officer's journal is one chain
def test_undo_never_wipes_out_anothers_confirmation(desk: Desk, second_officer: Desk) -> None:
    Rounds(desk).open("Review", dt.date(2020, 12, 20))
    desk.set_status("SV-C1", Status.ADVANCED, party="AF")
    second_officer.set_status("SV-C1", Status.ADVANCED, party="AF", note="Checked: AF advanced.")
    theirs = _assessment(desk, "SV-C1")
    with pytest.raises(ConflictError, match=r"^Undo would write over a later assessment of SV-C1"):
        desk.undo()
    assert _assessment(desk, "SV-C1") == theirs


@pytest.mark.server_only
def test_undoing_a_reason_never_wipes_out_anothers_part(desk: Desk, second_officer: Desk) -> None:
    Rounds(desk).open("Review", dt.date(2020, 12, 20))
    desk.set_status("SV-C1", Status.ADVANCED, party="AF")
    desk.add_note("SV-C1", "AF reason", rationale=True, party="AF")
    second_officer.set_status("SV-C1", Status.INITIATED, party="PK", note="PK named officials.")
    theirs = _assessment(desk, "SV-C1")
    with pytest.raises(ConflictError, match="later assessment of SV-C1"):
        desk.undo()
    assert _assessment(desk, "SV-C1") == theirs
    assert theirs is not None and theirs.parts == (
        PartyAssessment("AF", Status.ADVANCED),
        PartyAssessment("PK", Status.INITIATED),
    )


@pytest.mark.server_only
def test_a_reason_added_waits_for_an_assessment_being_made(
    desk: Desk, second_officer: Desk, monkeypatch: Any
) -> None:
    """The reason's transaction is held between reading the round's assessment and
    writing it back; another officer's assessment meanwhile waits, then lands."""
    from vision_desk.services import desk as desk_module

    Rounds(desk).open("Review", dt.date(2020, 12, 20))
    desk.set_status("SV-C1", Status.ADVANCED, party="AF")
    real = rounds_store.assessment
    read = threading.Event()

    def slow(session: Any, round_id: int, clause_id: int) -> Any:
        found = real(session, round_id, clause_id)
        if threading.current_thread().name == "reason":
            read.set()
            time.sleep(1.0)
        return found

    monkeypatch.setattr(desk_module.rounds_store, "assessment", slow)
    reason = threading.Thread(
        target=lambda: desk.add_note("SV-C1", "AF: cell set up", rationale=True, party="AF"),
        name="reason",
    )
    reason.start()
    assert read.wait(10)
    second_officer.set_status("SV-C1", Status.INITIATED, party="PK", note="PK named officials.")
    reason.join()
    monkeypatch.undo()
    after = _assessment(desk, "SV-C1")
    assert after is not None and after.status is Status.INITIATED
    assert after.parts[1] == PartyAssessment("PK", Status.INITIATED)
    assert after.assessed_by == second_officer.author
