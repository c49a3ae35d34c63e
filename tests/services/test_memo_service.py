"""The memo's snapshot: a closed round's record exactly, or the live board marked
provisional; what happened after the round closed stays out of its memo."""

from __future__ import annotations

import datetime as dt

import pytest

from vision_desk.domain.memo import MemoOptions
from vision_desk.domain.status import Status
from vision_desk.errors import UserError
from vision_desk.services import memo
from vision_desk.services.rounds import Rounds

OPTIONS = MemoOptions(
    date=dt.date(2021, 3, 15), to="Head of Department", sender="Desk Officer", subject="Review"
)


def _two_rounds(desk):  # type: ignore[no-untyped-def]
    rounds = Rounds(desk)
    rounds.open("January review", dt.date(2021, 1, 10))
    desk.set_status("SV-C1", "initiated", note="Heads of service met on 9 December.")
    desk.set_status("SV-P1", "upheld")
    first = rounds.close()
    rounds.open("March review", dt.date(2021, 3, 10))
    desk.set_status("SV-C1", "advanced", note="Joint cell formed.")
    second = rounds.close()
    return rounds, first, second


def test_without_a_closed_round_the_memo_is_provisional_as_of_its_date(desk):
    snapshot = memo.build_snapshot(desk, OPTIONS)
    assert snapshot.provisional
    assert snapshot.round is None
    assert snapshot.as_of == OPTIONS.date
    assert len(snapshot.clauses) == 24


def test_by_default_the_memo_reports_the_last_closed_round_with_its_hash_and_changes(desk):
    _rounds, first, second = _two_rounds(desk)
    snapshot = memo.build_snapshot(desk, OPTIONS)
    assert not snapshot.provisional
    assert snapshot.round is not None
    assert (snapshot.round.id, snapshot.round.content_hash) == (second.id, second.content_hash)
    assert snapshot.as_of == dt.date(2021, 3, 10)
    c1 = next(clause for clause in snapshot.clauses if clause.row.clause.ref == "SV-C1")
    assert c1.row.status is Status.ADVANCED
    assert c1.rationale is not None and c1.rationale.text == "Joint cell formed."
    assert not c1.carried_over
    p1 = next(clause for clause in snapshot.clauses if clause.row.clause.ref == "SV-P1")
    assert p1.carried_over and p1.row.status is Status.UPHELD
    assert snapshot.changes is not None
    assert snapshot.changes.previous_title == first.title
    assert [row.ref for row in snapshot.changes.changed if "improved" in row.categories] == [
        "SV-C1"
    ]


def test_a_closed_rounds_memo_ignores_what_happened_after_it_closed(desk):
    _rounds, first, _second = _two_rounds(desk)
    desk.set_status("SV-C1", "completed", note="Written after both rounds closed.")
    snapshot = memo.build_snapshot(desk, OPTIONS, round_id=first.id)
    c1 = next(clause for clause in snapshot.clauses if clause.row.clause.ref == "SV-C1")
    assert c1.row.status is Status.INITIATED
    assert all("after both rounds" not in note.text for note in c1.notes)
    assert snapshot.changes is None  # nothing closed before the first round


def test_an_open_round_or_both_choices_are_refused(desk):
    rounds = Rounds(desk)
    opened = rounds.open("Open review", dt.date(2021, 1, 10))
    with pytest.raises(UserError, match="still open"):
        memo.build_snapshot(desk, OPTIONS, round_id=opened.id)
    with pytest.raises(UserError, match="not both"):
        memo.build_snapshot(desk, OPTIONS, round_id=opened.id, as_of=dt.date(2021, 1, 1))


def test_the_memo_is_written_atomically_and_the_same_snapshot_gives_the_same_bytes(
    opened, desk, tmp_path
):
    _two_rounds(desk)
    places = opened.paths
    tmp_path = tmp_path / "memos"
    tmp_path.mkdir()
    snapshot = memo.build_snapshot(desk, OPTIONS)
    first = memo.write_memo(snapshot, tmp_path / "a.pdf", places).read_bytes()
    second = memo.write_memo(snapshot, tmp_path / "b.pdf", places).read_bytes()
    assert first.startswith(b"%PDF-") and first == second
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.pdf", "b.pdf"]
    with pytest.raises(UserError):
        memo.write_memo(snapshot, tmp_path / "missing" / "c.pdf", places)
    assert not (tmp_path / "missing").exists()
    # Never over the store: the check comes before the drawing (on a server desk,
    # over where the officer's own file would be).
    places.database.touch()
    store = places.database.read_bytes()
    with pytest.raises(UserError, match="Vision Desk's store"):
        memo.write_memo(snapshot, places.database, places)
    assert places.database.read_bytes() == store
