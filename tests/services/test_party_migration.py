"""A store made before obligations per party (schema 0007) is brought to 0008 with
everything in it kept: every status, note, history line, the open round's
assessments and a closed round, whose hash still verifies in form 1; then its
commitments can be assessed party by party and a round with parts closes in form
2. On a file (at the next start) and on a team desk's server (``server migrate``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from test_event_migration import down_to, facts, work

from vision_desk.domain.review import PartyAssessment
from vision_desk.domain.rounds import HASH_FORMAT_PARTS, canonical_form
from vision_desk.domain.status import Status
from vision_desk.services.rounds import Rounds


def test_a_store_at_0007_is_migrated_with_everything_kept(
    opened: Any, reopen: Callable[[], Any], request: pytest.FixtureRequest
) -> None:
    closed = work(opened.desk)
    before = facts(opened.desk, closed)
    assert before["report"].verified

    down_to(opened, request, "0007")
    again = reopen()
    try:
        desk = again.desk
        desk.clock = opened.desk.clock
        after = facts(desk, closed)
        assert after == before
        assert after["report"].verified  # the old round, by its old hash
        # And it now takes parts per party, in the round still open.
        desk.set_status("SV-C3", Status.COMPLETED, party="AF")
        assert desk.state("SV-C3").parts == (PartyAssessment("AF", Status.COMPLETED),)
        rounds = Rounds(desk)
        closed_now = rounds.close()
        report = rounds.report(closed_now.id)
        assert report.verified
        assert f'"format":"{HASH_FORMAT_PARTS}"'.encode() in canonical_form(
            closed_now, report.records
        )
        assert rounds.report(closed).verified
        assert desk.board(dt.date(2021, 1, 10)).summary is not None
    finally:
        again.close()
