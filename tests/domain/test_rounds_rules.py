"""What changed between two closed rounds, at the edges of every rule; the canonical
form and its hash; the review schedule. Pure domain: no store, no clock."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from documented_rounds import blocks, round_from_shown

from vision_desk.domain.agreement import Agreement, Clause, ClauseKind
from vision_desk.domain.agreement_file import load_agreement
from vision_desk.domain.review import BoardRow, ClauseState
from vision_desk.domain.rounds import (
    DEFAULT_CADENCE_DAYS,
    DIFF_LISTS,
    HASH_FORMAT,
    Round,
    RoundDiff,
    RoundRecord,
    canonical_form,
    content_hash,
    diff_rounds,
    next_review,
    refs_due_for_review,
)
from vision_desk.domain.status import Status

REPO = Path(__file__).resolve().parents[2]
SHARED_VISION = REPO / "resources" / "agreements" / "shared-vision.toml"
ROUNDS_DOC = REPO / "docs" / "rounds.md"

D = dt.date
S = Status
OPENED = dt.datetime(2021, 1, 10, 9, 0, tzinfo=dt.UTC)
DECEMBER_1 = D(2020, 12, 1)
JANUARY_10 = D(2021, 1, 10)

AGREEMENT: Agreement = load_agreement(SHARED_VISION)
CLAUSES = AGREEMENT.clauses


def _round(round_id: int, as_of: dt.date, title: str = "") -> Round:
    return Round(
        id=round_id,
        agreement_id=AGREEMENT.id,
        title=title or f"Round {round_id}",
        as_of=as_of,
        opened_at=OPENED,
        opened_by="officer",
        closed_at=OPENED + dt.timedelta(days=round_id),
        closed_by="officer",
        content_hash="0" * 64,
    )


def diff(
    before: Mapping[str, Status],
    after: Mapping[str, Status],
    earlier_as_of: dt.date = DECEMBER_1,
    later_as_of: dt.date = JANUARY_10,
) -> RoundDiff:
    return diff_rounds(
        CLAUSES, _round(1, earlier_as_of), dict(before), _round(2, later_as_of), dict(after)
    )


def lists_holding(difference: RoundDiff, ref: str) -> set[str]:
    return {name for name in DIFF_LISTS if ref in getattr(difference, name)}


def test_the_shared_vision_clauses_used_here_have_the_documented_deadlines() -> None:
    due = {clause.ref: clause.due for clause in CLAUSES if clause.due is not None}
    assert due["SV-C1"].latest == D(2020, 12, 15)
    assert due["SV-C2"].latest == due["SV-C3"].latest == D(2021, 1, 1)
    assert (due["SV-C4"].earliest, due["SV-C4"].latest) == (D(2020, 12, 1), D(2020, 12, 10))
    assert (due["SV-C6"].earliest, due["SV-C6"].latest) == (D(2021, 1, 1), D(2021, 3, 31))
    assert len(CLAUSES) == 24


# -- newly overdue ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "latest"),
    [
        ("SV-C1", D(2020, 12, 15)),  # day precision
        ("SV-C2", D(2021, 1, 1)),  # day precision
        ("SV-C4", D(2020, 12, 10)),  # approximate: "by the beginning of December"
        ("SV-C6", D(2021, 3, 31)),  # quarter: "in the first quarter of 2021"
    ],
)
def test_a_deadline_on_the_later_as_of_date_is_not_newly_overdue_the_day_after_is(
    ref: str, latest: dt.date
) -> None:
    statuses = {ref: S.INITIATED}
    earlier = latest - dt.timedelta(days=40)
    on_the_day = diff(statuses, statuses, earlier, latest)
    assert ref not in on_the_day.newly_overdue
    day_after = diff(statuses, statuses, earlier, latest + dt.timedelta(days=1))
    assert ref in day_after.newly_overdue


def test_the_quarter_runs_to_its_last_day_not_its_first() -> None:
    # SV-C6 is due "in the first quarter of 2021": early January is not late.
    statuses = {"SV-C6": S.NOT_STARTED}
    assert "SV-C6" not in diff(statuses, statuses, D(2020, 12, 1), D(2021, 1, 2)).newly_overdue
    assert "SV-C6" not in diff(statuses, statuses, D(2020, 12, 1), D(2021, 3, 31)).newly_overdue
    assert "SV-C6" in diff(statuses, statuses, D(2020, 12, 1), D(2021, 4, 1)).newly_overdue


def test_the_approximate_deadline_is_measured_from_its_latest_date() -> None:
    # SV-C4 "by the beginning of December 2020": 1..10 December.
    statuses = {"SV-C4": S.INITIATED}
    assert "SV-C4" not in diff(statuses, statuses, D(2020, 11, 20), D(2020, 12, 2)).newly_overdue
    assert "SV-C4" not in diff(statuses, statuses, D(2020, 11, 20), D(2020, 12, 10)).newly_overdue
    assert "SV-C4" in diff(statuses, statuses, D(2020, 11, 20), D(2020, 12, 11)).newly_overdue


def test_overdue_at_both_rounds_is_not_newly_overdue() -> None:
    statuses = {"SV-C1": S.INITIATED}
    difference = diff(statuses, statuses, D(2020, 12, 16), D(2021, 1, 10))
    assert "SV-C1" not in difference.newly_overdue


def test_a_clause_that_was_completed_then_reopened_past_its_deadline_is_newly_overdue() -> None:
    # Completed at the earlier round (no clock), back to advanced at the later one.
    difference = diff({"SV-C1": S.COMPLETED}, {"SV-C1": S.ADVANCED}, D(2020, 12, 20))
    assert "SV-C1" in difference.newly_overdue
    assert "SV-C1" in difference.regressed


def test_never_assessed_clauses_fall_overdue_too() -> None:
    # "Not assessed" is not a closing status: the deadline still passes.
    difference = diff({}, {}, D(2020, 12, 1), D(2021, 1, 10))
    assert difference.newly_overdue == ("SV-C1", "SV-C2", "SV-C3", "SV-C4")


def test_completed_by_the_later_round_is_not_overdue() -> None:
    difference = diff({"SV-C1": S.INITIATED}, {"SV-C1": S.COMPLETED})
    assert "SV-C1" not in difference.newly_overdue
    assert lists_holding(difference, "SV-C1") == {"improved"}


# -- overtaken -----------------------------------------------------------------------


@pytest.mark.parametrize("before", [S.NOT_STARTED, S.INITIATED, S.ADVANCED, S.COMPLETED])
def test_a_clause_overtaken_between_rounds_is_neither_better_nor_worse_nor_overdue(
    before: Status,
) -> None:
    # SV-C1 was due on 15 December 2020: the later round is well past it.
    difference = diff({"SV-C1": before}, {"SV-C1": S.OVERTAKEN}, D(2020, 12, 1), D(2021, 1, 10))
    assert lists_holding(difference, "SV-C1") == set()


def test_a_clause_no_longer_overtaken_is_neither_better_nor_worse() -> None:
    difference = diff({"SV-C7": S.OVERTAKEN}, {"SV-C7": S.ADVANCED})
    assert lists_holding(difference, "SV-C7") == set()


def test_overtaken_in_both_rounds_is_unchanged_and_not_stalled() -> None:
    difference = diff({"SV-C1": S.OVERTAKEN}, {"SV-C1": S.OVERTAKEN})
    assert lists_holding(difference, "SV-C1") == {"unchanged"}


def test_back_to_not_assessed_is_in_none_of_the_movement_lists() -> None:
    difference = diff({"SV-C5": S.ADVANCED}, {"SV-C5": S.NOT_ASSESSED})
    assert lists_holding(difference, "SV-C5") == set()


# -- the two ladders -------------------------------------------------------------------

COMMITMENT_LADDER = [S.NOT_STARTED, S.INITIATED, S.ADVANCED, S.COMPLETED]
PRINCIPLE_LADDER = [S.BREACHED, S.STRAINED, S.UPHELD]


@pytest.mark.parametrize(
    ("ref", "ladder"),
    [
        ("SV-C5", COMMITMENT_LADDER),  # a commitment without a deadline
        ("SV-R3", COMMITMENT_LADDER),  # a related undertaking: the same 0-3 scale
        ("SV-P1", PRINCIPLE_LADDER),
    ],
)
def test_every_step_up_the_ladder_improves_and_every_step_down_regresses(
    ref: str, ladder: list[Status]
) -> None:
    for low_index, low in enumerate(ladder):
        for high in ladder[low_index + 1 :]:
            up = diff({ref: low}, {ref: high})
            assert lists_holding(up, ref) == {"improved"}, (low, high)
            down = diff({ref: high}, {ref: low})
            assert lists_holding(down, ref) == {"regressed"}, (high, low)


def test_principles_rank_breached_below_strained_below_upheld() -> None:
    difference = diff(
        {"SV-P1": S.BREACHED, "SV-P2": S.UPHELD, "SV-P3": S.STRAINED},
        {"SV-P1": S.STRAINED, "SV-P2": S.STRAINED, "SV-P3": S.UPHELD},
    )
    assert difference.improved == ("SV-P1", "SV-P3")
    assert difference.regressed == ("SV-P2",)


# -- newly assessed, unchanged, stalled -------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "after"),
    [
        ("SV-C5", S.NOT_STARTED),
        ("SV-C5", S.COMPLETED),
        ("SV-C5", S.OVERTAKEN),
        ("SV-P2", S.BREACHED),
    ],
)
def test_newly_assessed_is_from_not_assessed_to_any_status(ref: str, after: Status) -> None:
    difference = diff({}, {ref: after})
    assert lists_holding(difference, ref) == {"newly_assessed"}


def test_not_assessed_in_both_rounds_is_unchanged_and_not_stalled() -> None:
    difference = diff({}, {})
    assert difference.unchanged == tuple(clause.ref for clause in CLAUSES)
    assert difference.stalled == ()
    assert difference.newly_assessed == difference.improved == difference.regressed == ()


@pytest.mark.parametrize("status", [S.NOT_STARTED, S.INITIATED, S.ADVANCED])
def test_a_commitment_still_under_way_and_unchanged_is_stalled(status: Status) -> None:
    difference = diff({"SV-C5": status}, {"SV-C5": status})
    assert lists_holding(difference, "SV-C5") == {"unchanged", "stalled"}


def test_a_completed_commitment_unchanged_is_not_stalled() -> None:
    difference = diff({"SV-C5": S.COMPLETED}, {"SV-C5": S.COMPLETED})
    assert lists_holding(difference, "SV-C5") == {"unchanged"}


@pytest.mark.parametrize("status", [S.UPHELD, S.STRAINED, S.BREACHED])
def test_a_principle_never_stalls(status: Status) -> None:
    difference = diff({"SV-P4": status}, {"SV-P4": status})
    assert lists_holding(difference, "SV-P4") == {"unchanged"}


def test_a_commitment_that_moved_is_not_stalled() -> None:
    difference = diff({"SV-C5": S.INITIATED}, {"SV-C5": S.ADVANCED})
    assert "SV-C5" not in difference.stalled


def test_the_lists_keep_document_order_whatever_order_the_statuses_came_in() -> None:
    before = {"SV-R2": S.INITIATED, "SV-C8": S.INITIATED, "SV-P9": S.STRAINED}
    after = {"SV-P9": S.UPHELD, "SV-R2": S.ADVANCED, "SV-C8": S.COMPLETED}
    difference = diff(before, after)
    assert difference.improved == ("SV-P9", "SV-C8", "SV-R2")


def test_a_full_comparison_on_the_shared_vision() -> None:
    before = {
        "SV-P1": S.UPHELD,
        "SV-P2": S.STRAINED,
        "SV-C1": S.INITIATED,
        "SV-C2": S.NOT_STARTED,
        "SV-C5": S.ADVANCED,
        "SV-C6": S.INITIATED,
    }
    after = {
        "SV-P1": S.STRAINED,  # regressed
        "SV-P2": S.STRAINED,  # unchanged, a principle: not stalled
        "SV-P3": S.UPHELD,  # newly assessed
        "SV-C1": S.OVERTAKEN,  # neither
        "SV-C2": S.NOT_STARTED,  # unchanged, stalled, overdue since 2 January
        "SV-C5": S.COMPLETED,  # improved
        "SV-C6": S.INITIATED,  # stalled; due end of March: not overdue yet
    }
    difference = diff(before, after, D(2020, 12, 20), D(2021, 1, 10))
    assert difference.improved == ("SV-C5",)
    assert difference.regressed == ("SV-P1",)
    assert "SV-P2" in difference.unchanged and "SV-C2" in difference.unchanged
    assert difference.newly_assessed == ("SV-P3",)
    assert difference.stalled == ("SV-C2", "SV-C6")
    # SV-C1 was overdue already on 20 December (and is overtaken now); SV-C4 was too.
    assert difference.newly_overdue == ("SV-C2", "SV-C3")


# -- the canonical form ----------------------------------------------------------------


def _records() -> list[RoundRecord]:
    at = dt.datetime(2021, 1, 12, 10, 30, tzinfo=dt.UTC)
    return [
        RoundRecord("SV-P1", S.UPHELD, False, at, "officer", "Held in talks."),
        RoundRecord("SV-C1", S.ADVANCED, False, at, "officer", None),
        RoundRecord("SV-C2", S.NOT_ASSESSED, True),
    ]


def test_the_canonical_form_is_sorted_compact_utf8_json() -> None:
    round_ = _round(3, D(2021, 1, 15), "Révision de janvier")
    form = canonical_form(round_, _records())
    document = json.loads(form.decode("utf-8"))
    assert list(document) == sorted(document)
    assert document["format"] == HASH_FORMAT == "vision-desk-round/1"
    assert document["agreement"] == AGREEMENT.id
    assert document["as_of"] == "2021-01-15"
    assert [record["ref"] for record in document["records"]] == ["SV-C1", "SV-C2", "SV-P1"]
    assert document["records"][0] == {
        "assessed_at": "2021-01-12T10:30:00.000000+00:00",
        "assessed_by": "officer",
        "carried_over": False,
        "rationale": None,
        "ref": "SV-C1",
        "status": "advanced",
    }
    assert b'", "' not in form and b'": ' not in form and b"\n" not in form  # compact
    assert "Révision".encode() in form  # UTF-8, not \\u escapes
    assert content_hash(round_, _records()) == hashlib.sha256(form).hexdigest()


def test_the_same_assessments_in_any_order_give_the_same_hash() -> None:
    round_ = _round(3, D(2021, 1, 15))
    assert content_hash(round_, _records()) == content_hash(round_, list(reversed(_records())))


def test_the_round_id_and_closing_time_are_not_part_of_the_form() -> None:
    a = _round(3, D(2021, 1, 15), "January")
    b = Round(99, a.agreement_id, a.title, a.as_of, OPENED + dt.timedelta(hours=5), "someone else")
    assert canonical_form(a, _records()) == canonical_form(b, _records())


def test_assessment_times_are_written_in_utc_whatever_zone_they_come_in() -> None:
    round_ = _round(3, D(2021, 1, 15))
    kabul = dt.timezone(dt.timedelta(hours=4, minutes=30))
    local = dt.datetime(2021, 1, 12, 15, 0, tzinfo=kabul)
    form = canonical_form(round_, [RoundRecord("SV-C1", S.ADVANCED, False, local, "o")])
    assert b'"assessed_at":"2021-01-12T10:30:00.000000+00:00"' in form


@pytest.mark.parametrize(
    "change",
    [
        lambda r: RoundRecord(
            r.ref, S.COMPLETED, r.carried_over, r.assessed_at, r.assessed_by, r.rationale
        ),
        lambda r: RoundRecord(
            r.ref, r.status, not r.carried_over, r.assessed_at, r.assessed_by, r.rationale
        ),
        lambda r: RoundRecord(r.ref, r.status, r.carried_over, r.assessed_at, "other", r.rationale),
        lambda r: RoundRecord(
            r.ref, r.status, r.carried_over, r.assessed_at, r.assessed_by, "Held."
        ),
        lambda r: RoundRecord(
            r.ref,
            r.status,
            r.carried_over,
            r.assessed_at + dt.timedelta(microseconds=1),
            r.assessed_by,
            r.rationale,
        ),
    ],
)
def test_any_change_to_a_record_changes_the_hash(change) -> None:  # type: ignore[no-untyped-def]
    round_ = _round(3, D(2021, 1, 15))
    records = _records()
    changed = [change(records[0]), *records[1:]]
    assert content_hash(round_, changed) != content_hash(round_, records)


def test_the_title_and_as_of_date_are_sealed_too() -> None:
    round_ = _round(3, D(2021, 1, 15), "January")
    base = content_hash(round_, _records())
    retitled = Round(3, round_.agreement_id, "February", round_.as_of, OPENED, "officer")
    redated = Round(3, round_.agreement_id, "January", D(2021, 1, 16), OPENED, "officer")
    assert content_hash(retitled, _records()) != base
    assert content_hash(redated, _records()) != base


# -- the review schedule -----------------------------------------------------------------


def _clause(ref: str) -> Clause:
    clause = AGREEMENT.clause(ref)
    assert clause is not None
    return clause


def _row(ref: str, status: Status, changed: dt.date | None) -> BoardRow:
    at = None if changed is None else dt.datetime.combine(changed, dt.time(12), tzinfo=dt.UTC)
    state = ClauseState(status, at, "officer" if at else None)
    return BoardRow(_clause(ref), state, D(2021, 6, 1))


def test_default_cadences_by_kind() -> None:
    assert DEFAULT_CADENCE_DAYS == {
        ClauseKind.COMMITMENT: 30,
        ClauseKind.RELATED: 60,
        ClauseKind.PRINCIPLE: 90,
    }
    day = D(2021, 1, 10)
    assert next_review(_clause("SV-C1"), day) == D(2021, 2, 9)
    assert next_review(_clause("SV-R1"), day) == D(2021, 3, 11)
    assert next_review(_clause("SV-P1"), day) == D(2021, 4, 10)
    assert next_review(_clause("SV-P1"), day, cadence_days=7) == D(2021, 1, 17)
    assert next_review(_clause("SV-P1"), None) is None


def test_due_for_review_on_the_day_the_cadence_ends_not_the_day_before() -> None:
    rows = [
        _row("SV-C1", S.ADVANCED, D(2021, 1, 10)),  # commitment: 30 days -> 9 February
        _row("SV-P1", S.UPHELD, D(2021, 1, 10)),  # principle: 90 days -> 10 April
        _row("SV-R1", S.INITIATED, D(2021, 1, 10)),  # related, own cadence 7 days
        _row("SV-C2", S.NOT_ASSESSED, None),  # never assessed: due at once
    ]
    cadences = {"SV-R1": 7}
    assert refs_due_for_review(rows, cadences, D(2021, 1, 16)) == ["SV-C2"]
    assert refs_due_for_review(rows, cadences, D(2021, 1, 17)) == ["SV-R1", "SV-C2"]
    assert refs_due_for_review(rows, cadences, D(2021, 2, 8)) == ["SV-R1", "SV-C2"]
    assert refs_due_for_review(rows, cadences, D(2021, 2, 9)) == ["SV-C1", "SV-R1", "SV-C2"]
    assert refs_due_for_review(rows, cadences, D(2021, 4, 10)) == [
        "SV-C1",
        "SV-P1",
        "SV-R1",
        "SV-C2",
    ]


def test_a_clause_set_back_to_not_assessed_is_due_at_once() -> None:
    rows = [_row("SV-C1", S.NOT_ASSESSED, D(2021, 1, 10))]
    assert refs_due_for_review(rows, {}, D(2021, 1, 10)) == ["SV-C1"]


# -- docs/rounds.md: the worked example, recomputed ------------------------------------


def test_the_documented_example_hashes_as_the_doc_says() -> None:
    text = ROUNDS_DOC.read_text(encoding="utf-8")
    shown = next(json.loads(block) for block in blocks(text, "json") if '"records"' in block)
    form_block, digest_block = blocks(text, "text")[:2]
    form = form_block.removesuffix("\n").encode("utf-8")
    digest = digest_block.strip()
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert shown["hash"] == digest and shown["verified"] is True
    assert hashlib.sha256(form).hexdigest() == digest
    assert f"one line of {len(form)} bytes" in text

    # Vision Desk's own canonical form of the documented round gives those bytes.
    round_, records = round_from_shown(shown)
    assert canonical_form(round_, records) == form
    assert content_hash(round_, records) == digest


def test_the_documented_check_script_prints_the_documented_hash() -> None:
    """The standard-library script an auditor would run, run on the example."""
    text = ROUNDS_DOC.read_text(encoding="utf-8")
    script = next(block for block in blocks(text, "python") if "json.load(sys.stdin)" in block)
    example = next(block for block in blocks(text, "json") if '"records"' in block)
    digest = blocks(text, "text")[1].strip()
    checked = subprocess.run(
        [sys.executable, "-I", "-c", script],
        input=example.encode("utf-8"),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.decode().strip() == digest
    assert f"it prints\n`{digest}`" in text


def test_the_doc_names_the_format_the_lists_and_the_form_as_the_code_has_them() -> None:
    text = ROUNDS_DOC.read_text(encoding="utf-8")
    assert f'`"{HASH_FORMAT}"`' in text
    for name in DIFF_LISTS:
        assert f"| `{name}` |" in text
    assert 'json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)' in text
    for status in Status:
        assert f"`{status.value}`" in text
