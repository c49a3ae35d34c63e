"""The status change walked before the first key (``rehearse_status_change``)
changes nothing: no status, no history, no journal entry, no round assessment; and
a store that takes no change is left alone."""

from __future__ import annotations

import datetime as dt

from vision_desk.domain.status import Status
from vision_desk.services.desk import Desk
from vision_desk.services.rehearsal import rehearse_status_change
from vision_desk.services.rounds import Rounds


def snapshot(desk: Desk) -> tuple[object, ...]:
    first = "SV-C1"
    return (
        desk.state(first),
        desk.history(first),
        desk.last_change_id(),
        desk.board(dt.date(2021, 1, 10)).rows,
    )


def test_a_rehearsal_leaves_no_trace(desk: Desk) -> None:
    desk.set_status("SV-C2", Status.INITIATED)  # something to undo afterwards
    Rounds(desk).open("January 2021 review", dt.date(2021, 1, 10))
    before = snapshot(desk)
    assert rehearse_status_change(desk)
    assert snapshot(desk) == before
    assert Rounds(desk).progress() is not None and Rounds(desk).progress().assessed == 0  # type: ignore[union-attr]
    # The journal is as it was: undo takes back the officer's own last change.
    assert desk.undo().clause_ref == "SV-C2"


def test_the_first_change_after_a_rehearsal_is_an_ordinary_one(desk: Desk) -> None:
    rehearse_status_change(desk)
    outcome = desk.set_status("SV-C1", Status.ADVANCED, expected_version=0)
    assert outcome.status_changed
    assert desk.state("SV-C1").version == 1
    assert [change.after for change in desk.history("SV-C1")] == ["advanced"]


def test_a_store_that_takes_no_change_is_not_rehearsed(desk: Desk) -> None:
    desk.store.refuse_writes = "a pulled copy"  # type: ignore[union-attr]
    try:
        assert not rehearse_status_change(desk)
    finally:
        desk.store.refuse_writes = None  # type: ignore[union-attr]
