"""Derived facts: overdue and due soon at the edges of each precision, the shares
(largest remainder, always exactly 100) and the implementation index."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vision_desk.domain.agreement import Clause, ClauseKind, Deadline, Precision, Provenance
from vision_desk.domain.review import BoardRow, ClauseState
from vision_desk.domain.rules import (
    COUNTED_KINDS,
    DUE_SOON_DAYS,
    Flag,
    days_left,
    flags_for,
    implementation_index,
    is_due_soon,
    is_overdue,
    largest_remainder_percentages,
    summarise,
)
from vision_desk.domain.status import COMMITMENT_SCALE, PRINCIPLE_SCALE, Status

D = dt.date

BY_15_DEC = Deadline("By 15 December 2020", D(2020, 12, 15), D(2020, 12, 15), Precision.DAY)
FIRST_QUARTER = Deadline(
    "In the first quarter of 2021", D(2021, 1, 1), D(2021, 3, 31), Precision.QUARTER
)
BY_MARCH = Deadline("By March 2021", D(2021, 3, 1), D(2021, 3, 31), Precision.MONTH)
BEGINNING_OF_DECEMBER = Deadline(
    "By the beginning of December 2020", D(2020, 12, 1), D(2020, 12, 10), Precision.APPROXIMATE
)

OPEN_STATUSES = (Status.NOT_ASSESSED, Status.NOT_STARTED, Status.INITIATED, Status.ADVANCED)
CLOSED = (Status.COMPLETED, Status.OVERTAKEN)


def clause(
    ref: str,
    kind: ClauseKind = ClauseKind.COMMITMENT,
    due: Deadline | None = None,
) -> Clause:
    return Clause(
        ref=ref,
        kind=kind,
        strand="security",
        parties=("AF", "PK"),
        title=f"Clause {ref}",
        text="A summary.",
        provenance=Provenance("src", "paragraph 1"),
        due=due,
    )


# -- overdue ---------------------------------------------------------------------


@pytest.mark.parametrize("status", OPEN_STATUSES)
def test_day_deadline_is_on_time_on_the_day_itself(status: Status) -> None:
    assert not is_overdue(BY_15_DEC, status, D(2020, 12, 15))
    assert not is_overdue(BY_15_DEC, status, D(2020, 12, 14))


@pytest.mark.parametrize("status", OPEN_STATUSES)
def test_day_deadline_is_overdue_the_day_after(status: Status) -> None:
    assert is_overdue(BY_15_DEC, status, D(2020, 12, 16))
    assert is_overdue(BY_15_DEC, status, D(2021, 6, 1))


def test_quarter_deadline_runs_to_the_last_day_of_the_quarter() -> None:
    status = Status.INITIATED
    assert not is_overdue(FIRST_QUARTER, status, D(2021, 1, 1))
    assert not is_overdue(FIRST_QUARTER, status, D(2021, 2, 28))
    assert not is_overdue(FIRST_QUARTER, status, D(2021, 3, 31))
    assert is_overdue(FIRST_QUARTER, status, D(2021, 4, 1))


def test_quarter_deadline_is_not_overdue_merely_because_the_earliest_date_passed() -> None:
    # Being past `earliest` must never count: only `latest` does.
    assert FIRST_QUARTER.earliest < D(2021, 3, 15) < FIRST_QUARTER.latest
    assert not is_overdue(FIRST_QUARTER, Status.NOT_STARTED, D(2021, 3, 15))


def test_month_deadline_edges() -> None:
    assert not is_overdue(BY_MARCH, Status.ADVANCED, D(2021, 3, 31))
    assert is_overdue(BY_MARCH, Status.ADVANCED, D(2021, 4, 1))


def test_approximate_deadline_uses_the_end_of_its_window() -> None:
    # "By the beginning of December 2020": on time through 10 December.
    assert not is_overdue(BEGINNING_OF_DECEMBER, Status.INITIATED, D(2020, 12, 1))
    assert not is_overdue(BEGINNING_OF_DECEMBER, Status.INITIATED, D(2020, 12, 10))
    assert is_overdue(BEGINNING_OF_DECEMBER, Status.INITIATED, D(2020, 12, 11))


@pytest.mark.parametrize("status", CLOSED)
@pytest.mark.parametrize("due", [BY_15_DEC, FIRST_QUARTER, BEGINNING_OF_DECEMBER])
def test_completed_and_overtaken_are_never_overdue(status: Status, due: Deadline) -> None:
    for as_of in (due.latest, due.latest + dt.timedelta(days=1), D(2030, 1, 1)):
        assert not is_overdue(due, status, as_of)
        assert not is_due_soon(due, status, as_of)
        assert flags_for(clause("C", due=due), status, as_of) == ()


@pytest.mark.parametrize("status", (*OPEN_STATUSES, *PRINCIPLE_SCALE))
def test_no_deadline_is_never_overdue_nor_due_soon(status: Status) -> None:
    for as_of in (D(1990, 1, 1), D(2020, 12, 16), D(2099, 12, 31)):
        assert not is_overdue(None, status, as_of)
        assert not is_due_soon(None, status, as_of)
        assert days_left(None, as_of) is None


@pytest.mark.parametrize("status", PRINCIPLE_SCALE)
def test_principles_carry_no_flags(status: Status) -> None:
    principle = clause("P", kind=ClauseKind.PRINCIPLE)
    assert flags_for(principle, status, D(2030, 1, 1)) == ()


def test_overdue_and_due_soon_are_exclusive_flags() -> None:
    c = clause("C1", due=BY_15_DEC)
    assert flags_for(c, Status.INITIATED, D(2020, 11, 1)) == ()
    assert flags_for(c, Status.INITIATED, D(2020, 12, 1)) == (Flag.DUE_SOON,)
    assert flags_for(c, Status.INITIATED, D(2020, 12, 15)) == (Flag.DUE_SOON,)
    assert flags_for(c, Status.INITIATED, D(2020, 12, 16)) == (Flag.OVERDUE,)


# -- due soon ----------------------------------------------------------------------


def test_due_soon_within_thirty_days_inclusive() -> None:
    latest = BY_15_DEC.latest
    assert DUE_SOON_DAYS == 30
    assert is_due_soon(BY_15_DEC, Status.NOT_STARTED, latest)
    assert is_due_soon(BY_15_DEC, Status.NOT_STARTED, latest - dt.timedelta(days=1))
    assert is_due_soon(BY_15_DEC, Status.NOT_STARTED, latest - dt.timedelta(days=30))
    assert not is_due_soon(BY_15_DEC, Status.NOT_STARTED, latest - dt.timedelta(days=31))


def test_due_soon_is_measured_against_latest_not_earliest() -> None:
    # 1 January 2021 is the earliest date of the quarter but 89 days before its end.
    assert not is_due_soon(FIRST_QUARTER, Status.NOT_STARTED, D(2021, 1, 1))
    assert is_due_soon(FIRST_QUARTER, Status.NOT_STARTED, D(2021, 3, 1))


def test_not_due_soon_once_overdue() -> None:
    assert not is_due_soon(BY_15_DEC, Status.INITIATED, D(2020, 12, 16))
    assert not is_due_soon(FIRST_QUARTER, Status.INITIATED, D(2021, 4, 1))


def test_due_soon_horizon_can_be_changed() -> None:
    as_of = D(2020, 12, 5)  # ten days before
    assert is_due_soon(BY_15_DEC, Status.INITIATED, as_of, horizon_days=10)
    assert not is_due_soon(BY_15_DEC, Status.INITIATED, as_of, horizon_days=9)


# -- days left -----------------------------------------------------------------------


def test_days_left_sign() -> None:
    assert days_left(BY_15_DEC, D(2020, 12, 5)) == 10
    assert days_left(BY_15_DEC, D(2020, 12, 15)) == 0
    assert days_left(BY_15_DEC, D(2020, 12, 16)) == -1
    assert days_left(FIRST_QUARTER, D(2021, 4, 10)) == -10
    assert days_left(FIRST_QUARTER, D(2021, 1, 1)) == 89


def test_board_row_derives_flags_score_and_days_left() -> None:
    row = BoardRow(clause("C1", due=BY_15_DEC), ClauseState(Status.ADVANCED), D(2020, 12, 20))
    assert row.status is Status.ADVANCED
    assert row.score == 2
    assert row.flags == (Flag.OVERDUE,)
    assert row.days_left == -5
    unassessed = BoardRow(clause("C2"), ClauseState(), D(2020, 12, 20))
    assert unassessed.status is Status.NOT_ASSESSED
    assert unassessed.score is None
    assert unassessed.flags == ()
    assert unassessed.days_left is None


# -- shares ------------------------------------------------------------------------


def test_three_equal_thirds() -> None:
    shares = largest_remainder_percentages({"a": 1, "b": 1, "c": 1})
    assert shares == {"a": 34, "b": 33, "c": 33}
    assert all(isinstance(value, Fraction) for value in shares.values())


def test_ties_go_to_the_earlier_key_whatever_its_name() -> None:
    assert largest_remainder_percentages({"z": 1, "a": 1, "m": 1}) == {"z": 34, "a": 33, "m": 33}


def test_seven_way_split() -> None:
    # 2/7 = 28.57, 1/7 = 14.29: floors 28 + 5 × 14 = 98; the two largest
    # remainders (0.57 for 'a', then 0.29 for the first of the ones) get a unit.
    shares = largest_remainder_percentages({"a": 2, "b": 1, "c": 1, "d": 1, "e": 1, "f": 1})
    assert shares == {"a": 29, "b": 15, "c": 14, "d": 14, "e": 14, "f": 14}
    assert sum(shares.values()) == 100


def test_published_tracker_case_that_printed_101() -> None:
    # Naive rounding of 1/6, 1/6, 4/6 gives 17 + 17 + 67 = 101.
    shares = largest_remainder_percentages({"x": 1, "y": 1, "z": 4})
    assert shares == {"x": 17, "y": 17, "z": 66}


def test_all_zero_gives_zeros() -> None:
    assert largest_remainder_percentages({"a": 0, "b": 0}) == {"a": 0, "b": 0}
    assert largest_remainder_percentages({}) == {}


def test_single_category_is_the_whole() -> None:
    assert largest_remainder_percentages({"only": 7}) == {"only": 100}
    assert largest_remainder_percentages({"a": 0, "b": 3, "c": 0}) == {"a": 0, "b": 100, "c": 0}


def test_decimals_one() -> None:
    shares = largest_remainder_percentages({"a": 1, "b": 1, "c": 1}, decimals=1)
    assert shares == {
        "a": Fraction("33.4"),
        "b": Fraction("33.3"),
        "c": Fraction("33.3"),
    }


def test_exact_shares_are_not_disturbed() -> None:
    assert largest_remainder_percentages({"a": 1, "b": 3}) == {"a": 25, "b": 75}


counts_strategy = st.dictionaries(
    st.text(min_size=1, max_size=3), st.integers(0, 10_000), min_size=1, max_size=12
).filter(lambda counts: sum(counts.values()) > 0)


@settings(max_examples=300, deadline=None)
@given(counts_strategy)
def test_shares_sum_to_exactly_one_hundred(counts: dict[str, int]) -> None:
    shares = largest_remainder_percentages(counts)
    total = sum(counts.values())
    assert list(shares) == list(counts)
    assert sum(shares.values()) == 100
    for key, count in counts.items():
        exact = Fraction(100 * count, total)
        assert abs(shares[key] - exact) < 1
        assert shares[key].denominator == 1
        assert shares[key] >= 0
        if count == 0:
            assert shares[key] == 0


@settings(max_examples=200, deadline=None)
@given(counts_strategy, st.integers(1, 3))
def test_shares_with_decimals_sum_to_exactly_one_hundred(
    counts: dict[str, int], decimals: int
) -> None:
    shares = largest_remainder_percentages(counts, decimals=decimals)
    unit = Fraction(1, 10**decimals)
    total = sum(counts.values())
    assert sum(shares.values()) == 100
    for key, count in counts.items():
        assert abs(shares[key] - Fraction(100 * count, total)) < unit
        assert (shares[key] / unit).denominator == 1  # a whole number of units


# -- implementation index ---------------------------------------------------------


def test_index_is_sum_of_scores_over_three_times_number_scored() -> None:
    counts = {Status.NOT_STARTED: 1, Status.INITIATED: 1, Status.ADVANCED: 1, Status.COMPLETED: 1}
    assert implementation_index(counts) == Fraction(6, 12)
    assert implementation_index({Status.COMPLETED: 2, Status.INITIATED: 1}) == Fraction(7, 9)


def test_not_assessed_and_overtaken_are_left_out_never_counted_as_zero() -> None:
    base = {Status.COMPLETED: 1, Status.ADVANCED: 1}
    with_others = {**base, Status.NOT_ASSESSED: 5, Status.OVERTAKEN: 3}
    assert implementation_index(base) == Fraction(5, 6)
    assert implementation_index(with_others) == Fraction(5, 6)
    # ... whereas a real "not started" does pull the index down.
    assert implementation_index({**base, Status.NOT_STARTED: 1}) == Fraction(5, 9)


def test_index_is_none_when_nothing_is_scored() -> None:
    assert implementation_index({}) is None
    assert implementation_index({Status.NOT_ASSESSED: 4, Status.OVERTAKEN: 2}) is None
    assert implementation_index(dict.fromkeys(COMMITMENT_SCALE, 0)) is None


def test_index_of_all_not_started_is_zero_not_none() -> None:
    assert implementation_index({Status.NOT_STARTED: 3}) == 0
    assert implementation_index({Status.NOT_STARTED: 3}) is not None


# -- summary -----------------------------------------------------------------------


def test_summarise_a_small_agreement() -> None:
    p1 = clause("P1", kind=ClauseKind.PRINCIPLE)
    p2 = clause("P2", kind=ClauseKind.PRINCIPLE)
    c1 = clause("C1", due=BY_15_DEC)  # overdue on 2020-12-20
    c2 = clause("C2", due=FIRST_QUARTER)  # not due soon: 101 days away
    c3 = clause(
        "C3", due=Deadline("By 1 January 2021", D(2021, 1, 1), D(2021, 1, 1), Precision.DAY)
    )
    c4 = clause("C4", due=BY_15_DEC)  # completed: never overdue
    c5 = clause("C5")  # overtaken, no deadline
    c6 = clause("C6")  # not assessed
    r1 = clause("R1", kind=ClauseKind.RELATED, due=BY_15_DEC)  # flagged, but not counted
    rows = [
        (p1, Status.UPHELD),
        (p2, Status.NOT_ASSESSED),
        (c1, Status.INITIATED),
        (c2, Status.NOT_STARTED),
        (c3, Status.ADVANCED),
        (c4, Status.COMPLETED),
        (c5, Status.OVERTAKEN),
        (c6, Status.NOT_ASSESSED),
        (r1, Status.INITIATED),
    ]
    summary = summarise(rows, D(2020, 12, 20))

    assert summary.as_of == D(2020, 12, 20)
    assert summary.principle_counts == {
        Status.NOT_ASSESSED: 1,
        Status.UPHELD: 1,
        Status.STRAINED: 0,
        Status.BREACHED: 0,
    }
    assert summary.commitment_counts == {
        Status.NOT_ASSESSED: 1,
        Status.NOT_STARTED: 1,
        Status.INITIATED: 1,
        Status.ADVANCED: 1,
        Status.COMPLETED: 1,
        Status.OVERTAKEN: 1,
    }
    # Six commitments, one each: 16.67% each. Equal counts print equal shares, so no
    # level takes a point the others do not: 16.6% each, a little under 100 in all.
    assert set(summary.commitment_shares.values()) == {Fraction(166, 10)}
    assert summary.share_decimals == 1
    # (0 + 1 + 2 + 3) / (3 × 4): related R1 is not counted.
    assert summary.implementation_index == Fraction(1, 2)
    assert summary.index_percent == 50.0
    assert summary.overdue == ("C1", "R1")
    assert summary.due_soon == ("C3",)


def test_related_undertakings_are_scored_but_never_counted() -> None:
    # README, "The scales": the index and the shares count the commitments only.
    rows = [
        (clause("C1"), Status.NOT_STARTED),
        (clause("R1", kind=ClauseKind.RELATED, due=BY_15_DEC), Status.COMPLETED),
        (clause("R2", kind=ClauseKind.RELATED, due=BY_15_DEC), Status.INITIATED),
    ]
    summary = summarise(rows, D(2021, 1, 1))
    assert frozenset({ClauseKind.COMMITMENT}) == COUNTED_KINDS
    assert sum(summary.commitment_counts.values()) == 1
    assert summary.commitment_shares[Status.NOT_STARTED] == 100
    assert summary.implementation_index == 0
    # ...but they are on the board: a related undertaking falls overdue like any clause.
    assert summary.overdue == ("R2",)


def test_only_related_undertakings_scored_gives_no_index() -> None:
    rows = [(clause("R1", kind=ClauseKind.RELATED), Status.COMPLETED)]
    summary = summarise(rows, D(2021, 1, 1))
    assert sum(summary.commitment_counts.values()) == 0
    assert summary.implementation_index is None
    assert summary.index_text == "—"


def test_summarise_nothing_assessed() -> None:
    rows = [(clause("C1", due=BY_15_DEC), Status.NOT_ASSESSED)]
    summary = summarise(rows, D(2021, 1, 1))
    assert summary.implementation_index is None
    assert summary.index_percent is None
    assert summary.commitment_shares[Status.NOT_ASSESSED] == 100
    assert summary.overdue == ("C1",)  # not assessed is not closed: it is overdue


def _shared_vision_clauses() -> tuple[Clause, ...]:
    from pathlib import Path

    from vision_desk.domain.agreement_file import load_agreement

    resources = Path(__file__).resolve().parents[2] / "resources" / "agreements"
    return load_agreement(resources / "shared-vision.toml").clauses


SV_CLAUSES = _shared_vision_clauses()


@settings(max_examples=60, deadline=None)
@given(
    changes=st.lists(
        st.tuples(st.integers(0, len(SV_CLAUSES) - 1), st.integers(0, 100)),
        min_size=1,
        max_size=30,
    ),
    day=st.dates(D(2020, 11, 1), D(2021, 6, 30)),
)
def test_one_change_at_a_time_summarises_as_the_whole_board(
    changes: list[tuple[int, int]], day: dt.date
) -> None:
    from vision_desk.domain.rules import resummarise
    from vision_desk.domain.status import scale_for

    statuses = {clause.ref: Status.NOT_ASSESSED for clause in SV_CLAUSES}
    order = {clause.ref: position for position, clause in enumerate(SV_CLAUSES)}
    summary = summarise(((clause, statuses[clause.ref]) for clause in SV_CLAUSES), day)
    for position, pick in changes:
        clause = SV_CLAUSES[position]
        scale = scale_for(clause.kind)
        new = scale[pick % len(scale)]
        summary = resummarise(summary, (clause, statuses[clause.ref]), (clause, new), order)
        statuses[clause.ref] = new
        assert summary == summarise(((clause, statuses[clause.ref]) for clause in SV_CLAUSES), day)
