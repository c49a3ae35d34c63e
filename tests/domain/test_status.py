"""The two scales, scores, and reading a status name for a clause."""

from __future__ import annotations

import pytest

from vision_desk.domain.agreement import Clause, ClauseKind, Provenance
from vision_desk.domain.status import (
    CLOSED_STATUSES,
    COMMITMENT_SCALE,
    PRINCIPLE_SCALE,
    Status,
    parse_status,
    scale_for,
    score_of,
    status_for_score,
)
from vision_desk.errors import UserError


def clause(ref: str, kind: ClauseKind) -> Clause:
    return Clause(
        ref=ref,
        kind=kind,
        strand="political",
        parties=("AF", "PK"),
        title="A clause",
        text="A summary.",
        provenance=Provenance("src", "paragraph 2"),
    )


PRINCIPLE = clause("SV-P3", ClauseKind.PRINCIPLE)
COMMITMENT = clause("SV-C2", ClauseKind.COMMITMENT)
RELATED = clause("SV-R1", ClauseKind.RELATED)

COMMITMENT_NAMES = "not_assessed, not_started, initiated, advanced, completed, overtaken"
PRINCIPLE_NAMES = "not_assessed, upheld, strained, breached"


def test_commitment_scale_is_the_peace_accords_matrix_in_order() -> None:
    assert [s.value for s in COMMITMENT_SCALE] == COMMITMENT_NAMES.split(", ")
    assert [s.label for s in COMMITMENT_SCALE] == [
        "Not assessed",
        "Not started",
        "Initiated",
        "Advanced",
        "Completed",
        "Overtaken",
    ]


def test_principle_scale() -> None:
    assert [s.value for s in PRINCIPLE_SCALE] == PRINCIPLE_NAMES.split(", ")
    assert [s.label for s in PRINCIPLE_SCALE] == ["Not assessed", "Upheld", "Strained", "Breached"]


def test_every_status_is_on_some_scale_and_has_a_label() -> None:
    assert set(COMMITMENT_SCALE) | set(PRINCIPLE_SCALE) == set(Status)
    assert set(COMMITMENT_SCALE) & set(PRINCIPLE_SCALE) == {Status.NOT_ASSESSED}
    assert all(status.label for status in Status)


def test_scale_for_each_kind() -> None:
    assert scale_for(ClauseKind.PRINCIPLE) == PRINCIPLE_SCALE
    assert scale_for(ClauseKind.COMMITMENT) == COMMITMENT_SCALE
    assert scale_for(ClauseKind.RELATED) == COMMITMENT_SCALE


def test_scores_run_zero_to_three() -> None:
    assert score_of(Status.NOT_STARTED) == 0
    assert score_of(Status.INITIATED) == 1
    assert score_of(Status.ADVANCED) == 2
    assert score_of(Status.COMPLETED) == 3


@pytest.mark.parametrize(
    "status",
    [Status.NOT_ASSESSED, Status.OVERTAKEN, Status.UPHELD, Status.STRAINED, Status.BREACHED],
)
def test_statuses_that_are_not_scores(status: Status) -> None:
    # None, never 0: "not assessed" must not count as "not started".
    assert score_of(status) is None


def test_status_for_score_round_trips() -> None:
    for score in range(4):
        status = status_for_score(score)
        assert score_of(status) == score


@pytest.mark.parametrize("score", [-1, 4, 10])
def test_status_for_a_score_out_of_range(score: int) -> None:
    with pytest.raises(UserError, match=rf"^{score} is not a score"):
        status_for_score(score)


def test_closed_statuses() -> None:
    assert frozenset({Status.COMPLETED, Status.OVERTAKEN}) == CLOSED_STATUSES


@pytest.mark.parametrize("status", COMMITMENT_SCALE)
def test_parse_every_commitment_status(status: Status) -> None:
    assert parse_status(status.value, COMMITMENT) is status
    assert parse_status(status.value, RELATED) is status


@pytest.mark.parametrize("status", PRINCIPLE_SCALE)
def test_parse_every_principle_status(status: Status) -> None:
    assert parse_status(status.value, PRINCIPLE) is status


def test_parse_status_forgives_case_and_surrounding_space() -> None:
    assert parse_status("  Advanced\n", COMMITMENT) is Status.ADVANCED
    assert parse_status("UPHELD", PRINCIPLE) is Status.UPHELD


def test_unknown_status_names_the_clause_and_the_allowed_names() -> None:
    with pytest.raises(UserError) as caught:
        parse_status("finished", COMMITMENT)
    message = caught.value.message
    assert "'finished'" in message
    assert "SV-C2" in message
    assert COMMITMENT_NAMES in message


def test_unknown_status_on_a_principle_lists_the_principle_scale() -> None:
    with pytest.raises(UserError) as caught:
        parse_status("", PRINCIPLE)
    message = caught.value.message
    assert "SV-P3" in message
    assert PRINCIPLE_NAMES in message
    assert "completed" not in message


def test_completed_is_not_on_a_principles_scale() -> None:
    with pytest.raises(UserError) as caught:
        parse_status("completed", PRINCIPLE)
    message = caught.value.message
    assert "'completed'" in message
    assert "SV-P3" in message
    assert "principle" in message
    assert PRINCIPLE_NAMES in message


@pytest.mark.parametrize("name", ["upheld", "strained", "breached"])
@pytest.mark.parametrize("target", [COMMITMENT, RELATED], ids=["commitment", "related"])
def test_principle_statuses_are_not_on_a_commitments_scale(name: str, target: Clause) -> None:
    with pytest.raises(UserError) as caught:
        parse_status(name, target)
    message = caught.value.message
    assert f"'{name}'" in message
    assert target.ref in message
    assert target.kind.value in message
    assert COMMITMENT_NAMES in message
