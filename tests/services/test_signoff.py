"""Sign-off: a closed round is submitted, then reviewed, then approved; each step
names the round's content hash; on a team desk nobody signs off their own
submission and each step needs its role; an approved round takes nothing more."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from server_fixtures import make_role

from vision_desk import app
from vision_desk.domain.signoff import Stage, Step
from vision_desk.domain.status import Status
from vision_desk.errors import UserError
from vision_desk.services.desk import Desk
from vision_desk.services.rounds import Rounds
from vision_desk.services.signoff import SignOffs
from vision_desk.storage.store import Store

AS_OF = dt.date(2021, 1, 10)

Colleague = Callable[[str, str], Desk]


@pytest.fixture
def colleague(request: pytest.FixtureRequest, desk: Desk) -> Iterator[Colleague]:
    """Another officer on the same desk, in a desk role: on a file, another name
    (a file has no roles); on a server, their own login granted that role."""
    opened: list[object] = []

    def make(name: str, desk_role: str) -> Desk:
        if request.node.callspec.params["opened"] == "file":
            return Desk(desk.store, name)
        server_database = request.getfixturevalue("server_database")
        url = make_role(server_database, name)
        app.grant_on_server(server_database, name, desk_role)
        other = app.open_server_desk(url)
        other.desk.clock = desk.clock
        opened.append(other)
        return other.desk

    yield make
    for other in opened:
        other.close()  # type: ignore[attr-defined]


def submit(desk: Desk) -> int:
    rounds = Rounds(desk)
    rounds.open("January 2021 review", AS_OF)
    desk.set_status("SV-C1", Status.ADVANCED, note="Two joint meetings held.")
    return rounds.close().id


def test_a_round_is_submitted_reviewed_then_approved(desk: Desk, colleague: Colleague) -> None:
    round_id = submit(desk)
    submitted = SignOffs(desk).of(round_id)
    assert submitted.stage is Stage.SUBMITTED
    assert submitted.submitted_by == "Test Officer"

    reviewed = SignOffs(colleague("Rev Iewer", "reviewer")).take(Step.REVIEWED)
    assert reviewed.stage is Stage.REVIEWED
    approved = SignOffs(colleague("Dee Rector", "director")).take(Step.APPROVED, round_id)

    assert approved.stage is Stage.APPROVED
    assert approved.reviewed is not None and approved.approved is not None
    assert approved.reviewed.signed_by == "Rev Iewer"
    assert approved.approved.signed_by == "Dee Rector"
    content_hash = Rounds(desk).get(round_id).content_hash
    assert approved.reviewed.content_hash == approved.approved.content_hash == content_hash
    # Read back by anyone on the desk, as stored.
    assert SignOffs(desk).of(round_id) == approved


def test_steps_come_in_order_and_nothing_follows_an_approval(
    desk: Desk, colleague: Colleague
) -> None:
    rounds = Rounds(desk)
    still_open = rounds.open("Open still", AS_OF)
    director = SignOffs(colleague("Dee Rector", "director"))
    with pytest.raises(UserError, match="is still open; closing it submits it"):
        director.take(Step.REVIEWED, still_open.id)
    round_id = rounds.close().id
    with pytest.raises(UserError, match="must be reviewed before it is approved"):
        director.take(Step.APPROVED)
    reviewer = SignOffs(colleague("Rev Iewer", "reviewer"))
    reviewer.take(Step.REVIEWED)
    with pytest.raises(UserError, match="was already reviewed by Rev Iewer"):
        director.take(Step.REVIEWED)
    director.take(Step.APPROVED)
    for step in Step:
        with pytest.raises(UserError, match="approved by Dee Rector; an approved round is sealed"):
            director.take(step, round_id)
    assert SignOffs(desk).of(round_id).stage is Stage.APPROVED


def test_nothing_to_sign_before_a_round_is_closed(desk: Desk) -> None:
    with pytest.raises(UserError, match=r"No round of .* has been closed yet"):
        SignOffs(desk).take(Step.REVIEWED)


@pytest.mark.file_only  # only a file's triggers can be dropped by its owner
def test_a_record_changed_behind_the_programs_back_is_not_signed(
    tmp_path: Path, desk: Desk
) -> None:
    round_id = submit(desk)
    copy = tmp_path / "tampered.sqlite3"
    source, target = sqlite3.connect(desk.store.path), sqlite3.connect(copy)
    try:
        source.backup(target)
        target.execute("DROP TRIGGER round_records_no_update")
        target.execute("UPDATE round_records SET status = 'completed' WHERE ref = 'SV-C1'")
        target.commit()
    finally:
        target.close()
        source.close()
    tampered = Store.open(copy)
    try:
        sign_offs = SignOffs(Desk(tampered, "Test Officer"))
        with pytest.raises(UserError, match="no longer gives its content hash"):
            sign_offs.take(Step.REVIEWED, round_id)
        assert sign_offs.of(round_id).stage is Stage.SUBMITTED
    finally:
        tampered.close()


@pytest.mark.file_only
def test_on_an_officers_own_file_the_officer_holds_every_role(desk: Desk) -> None:
    round_id = submit(desk)
    sign_offs = SignOffs(desk)
    assert sign_offs.one_officer
    sign_offs.take(Step.REVIEWED)
    approved = sign_offs.take(Step.APPROVED)
    assert approved.stage is Stage.APPROVED
    assert {approved.submitted_by, approved.reviewed.signed_by, approved.approved.signed_by} == {  # type: ignore[union-attr]
        "Test Officer"
    }
    assert SignOffs(desk).of(round_id).stage is Stage.APPROVED


@pytest.mark.server_only
def test_nobody_reviews_or_approves_their_own_submission(desk: Desk, colleague: Colleague) -> None:
    submit(desk)  # by Test Officer, a director
    sign_offs = SignOffs(desk)
    assert not sign_offs.one_officer
    with pytest.raises(UserError, match="was submitted by you; another officer must review it"):
        sign_offs.take(Step.REVIEWED)
    SignOffs(colleague("Rev Iewer", "reviewer")).take(Step.REVIEWED)
    with pytest.raises(UserError, match="was submitted by you; another officer must approve it"):
        sign_offs.take(Step.APPROVED)
    assert sign_offs.latest().stage is Stage.REVIEWED  # type: ignore[union-attr]


@pytest.mark.server_only
def test_each_step_needs_its_role(desk: Desk, colleague: Colleague) -> None:
    submit(desk)
    with pytest.raises(UserError, match="Only a reviewer marks a round reviewed; Plain Officer"):
        SignOffs(colleague("Plain Officer", "officer")).take(Step.REVIEWED)
    reviewer = SignOffs(colleague("Rev Iewer", "reviewer"))
    reviewer.take(Step.REVIEWED)
    with pytest.raises(UserError, match="Only a director approves a round; Rev Iewer"):
        reviewer.take(Step.APPROVED)
    assert reviewer.latest().stage is Stage.REVIEWED  # type: ignore[union-attr]


@pytest.mark.file_only  # a file pushed to a server, and pulled back
@pytest.mark.server
def test_a_push_and_a_pull_keep_the_sign_off(
    desk: Desk, data_dir: Path, server_database: str, tmp_path: Path
) -> None:
    round_id = submit(desk)
    SignOffs(desk).take(Step.REVIEWED)
    SignOffs(desk).take(Step.APPROVED)
    signed = SignOffs(desk).of(round_id)

    pushed = app.push_to_server(server_database, str(data_dir))
    assert pushed.rows["round_signoffs"] == 2
    on_server = app.open_server_desk(server_database)
    try:
        assert SignOffs(on_server.desk).of(round_id) == signed  # names as the file had them
    finally:
        on_server.close()

    pulled = app.pull_from_server(server_database, tmp_path / "trip.sqlite3")
    assert pulled.rows["round_signoffs"] == 2
    copy = Store.open(pulled.path)
    try:
        assert SignOffs(Desk(copy, "reader")).of(round_id) == signed
    finally:
        copy.close()


def test_the_memo_of_a_round_carries_its_sign_off(desk: Desk, colleague: Colleague) -> None:
    from vision_desk.domain.memo import MemoOptions
    from vision_desk.services.memo import build_snapshot

    round_id = submit(desk)
    SignOffs(colleague("Rev Iewer", "reviewer")).take(Step.REVIEWED)
    snapshot = build_snapshot(desk, MemoOptions(date=AS_OF), round_id=round_id)
    assert snapshot.round is not None and snapshot.round.sign_off is not None
    assert snapshot.round.sign_off.stage is Stage.REVIEWED
    assert snapshot.round.one_officer is (not desk.on_server)


@pytest.mark.server_only
def test_a_copy_pulled_for_a_trip_keeps_the_servers_checks(
    desk: Desk, colleague: Colleague, server_database: str, tmp_path: Path
) -> None:
    """Whether one officer held every role is read from the steps, not from the kind
    of store the memo is drawn from: a team desk's round stays checked on a copy."""
    from vision_desk.domain.memo import MemoOptions
    from vision_desk.services.memo import build_snapshot

    round_id = submit(desk)
    SignOffs(colleague("Rev Iewer", "reviewer")).take(Step.REVIEWED)
    SignOffs(colleague("Dee Rector", "director")).take(Step.APPROVED)
    pulled = app.pull_from_server(server_database, tmp_path / "trip.sqlite3")
    copy = Store.open(pulled.path)
    try:
        snapshot = build_snapshot(Desk(copy, "reader"), MemoOptions(date=AS_OF), round_id=round_id)
    finally:
        copy.close()
    assert snapshot.round is not None and snapshot.round.sign_off is not None
    assert all(step.checked_by_server for step in snapshot.round.sign_off.steps)
    assert snapshot.round.one_officer is False
