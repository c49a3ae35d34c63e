"""Deadlines counted from an event: the calendar rule, the words shown beside the
date, and what is overdue before and after the event (docs/agreement-format.md,
"The calendar rule" and "Deadlines that wait on an event")."""

from __future__ import annotations

import datetime as dt

import pytest
from documented_agreements import HIGHLAND_ACCORD, load
from hypothesis import given
from hypothesis import strategies as st

from vision_desk.domain.agreement import (
    SIGNATURE,
    Clause,
    ClauseKind,
    Deadline,
    Precision,
    Provenance,
    RelativeDeadline,
    TimeUnit,
)
from vision_desk.domain.deadlines import (
    NO_EVENT_DATES,
    EventRecord,
    add_months,
    add_offset,
    effective_due,
    event_dates,
    offset_text,
    resolve,
    resolve_clause,
)
from vision_desk.domain.review import BoardRow, ClauseState
from vision_desk.domain.rules import Flag, flags_for, resummarise, summarise
from vision_desk.domain.status import Status
from vision_desk.errors import UserError

D = dt.date
HIGHLAND = load(HIGHLAND_ACCORD)
SIGNED = D(2020, 2, 29)
RELEASE = EventRecord("prisoner-release", D(2020, 6, 1), "Observer Mission, report 3")


# -- the calendar rule -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2021, 1, 31), 1, D(2021, 2, 28)),  # a shorter month: its last day
        (D(2020, 1, 31), 1, D(2020, 2, 29)),  # ... in a leap year
        (D(2020, 2, 29), 12, D(2021, 2, 28)),  # from a leap day to a common year
        (D(2020, 2, 29), 48, D(2024, 2, 29)),  # ... and to the next leap year
        (D(2020, 2, 29), 14, D(2021, 4, 29)),  # "within fourteen months"
        (D(2020, 8, 31), 1, D(2020, 9, 30)),
        (D(2020, 3, 31), 11, D(2021, 2, 28)),
        (D(2020, 12, 31), 2, D(2021, 2, 28)),
        (D(2020, 11, 15), 14, D(2022, 1, 15)),  # across two year ends
        (D(2020, 11, 19), 1, D(2020, 12, 19)),
        (D(2020, 1, 30), 1, D(2020, 2, 29)),
        (D(2020, 5, 15), 0, D(2020, 5, 15)),
    ],
)
def test_months_keep_the_day_or_take_the_month_s_last(
    start: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(start, months) == expected
    assert add_offset(start, months, TimeUnit.MONTHS) == expected


@pytest.mark.parametrize(
    ("start", "amount", "unit", "expected"),
    [
        (D(2020, 11, 19), 135, TimeUnit.DAYS, D(2021, 4, 3)),  # the example
        (D(2020, 2, 29), 135, TimeUnit.DAYS, D(2020, 7, 13)),
        (D(2020, 2, 28), 1, TimeUnit.DAYS, D(2020, 2, 29)),  # a leap day is a day
        (D(2021, 2, 28), 1, TimeUnit.DAYS, D(2021, 3, 1)),
        (D(2020, 12, 31), 1, TimeUnit.DAYS, D(2021, 1, 1)),
        (D(2020, 6, 1), 30, TimeUnit.DAYS, D(2020, 7, 1)),
        (D(2020, 2, 29), 1, TimeUnit.WEEKS, D(2020, 3, 7)),
        (D(2020, 9, 12), 3, TimeUnit.WEEKS, D(2020, 10, 3)),
        (D(2020, 2, 22), 1, TimeUnit.WEEKS, D(2020, 2, 29)),
    ],
)
def test_days_and_weeks(start: dt.date, amount: int, unit: TimeUnit, expected: dt.date) -> None:
    assert add_offset(start, amount, unit) == expected


@given(st.dates(D(1900, 1, 1), D(2100, 12, 31)), st.integers(0, 5_218))
def test_a_week_is_seven_days(start: dt.date, weeks: int) -> None:
    assert add_offset(start, weeks, TimeUnit.WEEKS) == add_offset(start, 7 * weeks, TimeUnit.DAYS)


@given(st.dates(D(1900, 1, 1), D(2100, 12, 31)), st.integers(0, 1_200))
def test_months_land_in_the_right_month_on_the_nearest_day(start: dt.date, months: int) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day == start.day or (
        result.day < start.day and (result + dt.timedelta(1)).day == 1
    )


def test_a_date_past_the_calendar_s_end_is_its_last_day() -> None:
    assert add_offset(D(9999, 12, 1), 135, TimeUnit.DAYS) == dt.date.max
    assert add_offset(D(9999, 12, 1), 5, TimeUnit.WEEKS) == dt.date.max
    assert add_offset(D(9999, 12, 1), 1, TimeUnit.MONTHS) == dt.date.max
    assert add_offset(D(9999, 11, 30), 1, TimeUnit.MONTHS) == D(9999, 12, 30)


def test_the_offset_in_words() -> None:
    assert offset_text(135, TimeUnit.DAYS) == "135 days"
    assert offset_text(1, TimeUnit.DAYS) == "1 day"
    assert offset_text(1, TimeUnit.WEEKS) == "1 week"
    assert offset_text(14, TimeUnit.MONTHS) == "14 months"
    assert offset_text(1, TimeUnit.MONTHS) == "1 month"


# -- the rule shown beside the date ------------------------------------------------------

WITHIN_135 = RelativeDeadline("Within 135 days of signature", SIGNATURE, 135, TimeUnit.DAYS)
AFTER_RELEASE = RelativeDeadline(
    "30 days after the release of prisoners", "prisoner-release", 30, TimeUnit.DAYS
)


def test_a_dated_deadline_shows_its_rule() -> None:
    resolved = resolve(WITHIN_135, "signature", {SIGNATURE: D(2020, 11, 19)})
    assert not resolved.waiting
    assert resolved.date == D(2021, 4, 3)
    assert resolved.rule == "135 days after signature (19 November 2020)"
    assert resolved.text == "135 days after signature (19 November 2020): 3 April 2021"
    assert resolved.deadline == Deadline(
        "Within 135 days of signature", D(2021, 4, 3), D(2021, 4, 3), Precision.DAY
    )


def test_a_deadline_waiting_on_its_event() -> None:
    resolved = resolve(AFTER_RELEASE, "the release of prisoners", {SIGNATURE: SIGNED})
    assert resolved.waiting
    assert (resolved.anchor_date, resolved.date, resolved.deadline) == (None, None, None)
    assert resolved.text == "waiting on the release of prisoners"
    assert resolved.rule == "30 days after the release of prisoners"


def test_an_event_after_the_date_asked_about_had_not_happened_then() -> None:
    dates = {SIGNATURE: SIGNED, "prisoner-release": D(2020, 6, 1)}
    label = "the release of prisoners"
    assert resolve(AFTER_RELEASE, label, dates, as_of=D(2020, 5, 31)).waiting
    on_the_day = resolve(AFTER_RELEASE, label, dates, as_of=D(2020, 6, 1))
    assert on_the_day.text == "30 days after the release of prisoners (1 June 2020): 1 July 2020"
    assert not resolve(AFTER_RELEASE, label, dates).waiting  # without a date: what is known


def test_the_example_s_deadlines_worked_out() -> None:
    dates = event_dates(HIGHLAND)
    texts = {
        clause.ref: resolved.text
        for clause in HIGHLAND.clauses
        if (resolved := resolve_clause(HIGHLAND, clause, dates)) is not None
    }
    assert texts == {
        "HA-2": "135 days after signature (29 February 2020): 13 July 2020",
        "HA-3": "14 months after signature (29 February 2020): 29 April 2021",
        "HA-5": "waiting on the release of prisoners",
        "HA-6": "waiting on the start of the highland talks",
        "HA-7": "2 months after signature (29 February 2020): 29 April 2020",
        "HA-R1": "12 months after signature (29 February 2020): 28 February 2021",
    }
    prisoners = HIGHLAND.clause("HA-4")
    assert prisoners is not None
    assert resolve_clause(HIGHLAND, prisoners, dates) is None  # a dated deadline


# -- the known dates of events ---------------------------------------------------------------


def test_signature_is_always_known_and_recorded_events_join_it() -> None:
    assert event_dates(HIGHLAND) == {SIGNATURE: SIGNED}
    assert event_dates(HIGHLAND, [RELEASE]) == {
        SIGNATURE: SIGNED,
        "prisoner-release": D(2020, 6, 1),
    }


def test_an_unknown_event_or_signature_cannot_be_recorded() -> None:
    with pytest.raises(UserError, match="'ceasefire' is no event of Highland Accord"):
        event_dates(HIGHLAND, [EventRecord("ceasefire", D(2020, 3, 1))])
    with pytest.raises(UserError, match="dated by the agreement"):
        event_dates(HIGHLAND, [EventRecord(SIGNATURE, D(2020, 3, 1))])


# -- overdue, before and after the event ----------------------------------------------------


def board(status: Status = Status.NOT_STARTED) -> list[tuple[Clause, Status]]:
    """Every scored clause at ``status``; the principle (which has no deadline) upheld."""
    return [(clause, status if clause.is_scored else Status.UPHELD) for clause in HIGHLAND.clauses]


def test_signature_anchored_deadlines_fall_due_after_their_date() -> None:
    dates = event_dates(HIGHLAND)
    on_the_day = summarise(board(), D(2020, 7, 13), dates)
    assert on_the_day.overdue == ("HA-4", "HA-7")
    assert "HA-2" in on_the_day.due_soon  # 13 July itself is still on time
    after = summarise(board(), D(2020, 7, 14), dates)
    assert after.overdue == ("HA-2", "HA-4", "HA-7")
    later = summarise(board(), D(2021, 4, 30), dates)
    assert later.overdue == ("HA-2", "HA-3", "HA-4", "HA-7", "HA-R1")


def test_deadlines_waiting_on_an_event_are_never_overdue() -> None:
    dates = event_dates(HIGHLAND)
    years_later = summarise(board(), D(2030, 1, 1), dates)
    assert "HA-5" not in years_later.overdue and "HA-6" not in years_later.overdue
    assert "HA-5" not in years_later.due_soon and "HA-6" not in years_later.due_soon
    talks = HIGHLAND.clause("HA-5")
    assert talks is not None
    assert flags_for(talks, Status.NOT_STARTED, D(2030, 1, 1), dates) == ()
    assert effective_due(talks, dates, D(2030, 1, 1)) is None


def test_an_event_anchored_deadline_once_the_event_is_recorded() -> None:
    dates = event_dates(HIGHLAND, [RELEASE])
    # Before the release, as of then: waiting, though the release is recorded now.
    before = summarise(board(), D(2020, 5, 31), dates)
    assert "HA-5" not in before.overdue and "HA-5" not in before.due_soon
    # From the release on, the clock runs: due on 1 July 2020, overdue from the 2nd.
    assert "HA-5" in summarise(board(), D(2020, 6, 1), dates).due_soon
    assert "HA-5" in summarise(board(), D(2020, 7, 1), dates).due_soon
    assert "HA-5" in summarise(board(), D(2020, 7, 2), dates).overdue
    # The talks have not started: HA-6 still waits.
    assert "HA-6" not in summarise(board(), D(2030, 1, 1), dates).overdue
    started = event_dates(HIGHLAND, [RELEASE, EventRecord("talks-start", D(2020, 9, 12))])
    assert "HA-6" not in summarise(board(), D(2020, 10, 3), started).overdue
    assert "HA-6" in summarise(board(), D(2020, 10, 4), started).overdue


def test_a_completed_or_overtaken_clause_is_not_overdue_after_its_event() -> None:
    dates = event_dates(HIGHLAND, [RELEASE])
    for status in (Status.COMPLETED, Status.OVERTAKEN):
        assert summarise(board(status), D(2030, 1, 1), dates).overdue == ()


def test_without_event_dates_no_relative_deadline_has_a_date() -> None:
    # The rules' default knows no event, not even signature: only dated deadlines
    # count. Callers pass ``event_dates(agreement, records)``.
    summary = summarise(board(), D(2030, 1, 1))
    assert summary.overdue == ("HA-4",)
    assert summarise(board(), D(2030, 1, 1), NO_EVENT_DATES) == summary


def test_one_change_at_a_time_keeps_the_event_dates() -> None:
    dates = event_dates(HIGHLAND, [RELEASE])
    day = D(2020, 7, 14)
    statuses = {clause.ref: status for clause, status in board()}
    order = {clause.ref: index for index, clause in enumerate(HIGHLAND.clauses)}
    summary = summarise(board(), day, dates)
    talks = HIGHLAND.clause("HA-5")
    assert talks is not None
    for new in (Status.COMPLETED, Status.INITIATED):
        summary = resummarise(summary, (talks, statuses["HA-5"]), (talks, new), order, dates)
        statuses["HA-5"] = new
        rows = [(clause, statuses[clause.ref]) for clause in HIGHLAND.clauses]
        assert summary == summarise(rows, day, dates)
    assert "HA-5" in summary.overdue


def test_a_board_row_measures_against_the_relative_deadline() -> None:
    dates = event_dates(HIGHLAND)
    reduction = HIGHLAND.clause("HA-2")
    assert reduction is not None
    state = ClauseState(Status.INITIATED)
    row = BoardRow(reduction, state, D(2020, 7, 10), event_dates=dates)
    assert row.due is not None and row.due.latest == D(2020, 7, 13)
    assert row.days_left == 3
    assert row.flags == (Flag.DUE_SOON,)
    late = BoardRow(reduction, state, D(2020, 7, 20), event_dates=dates)
    assert late.flags == (Flag.OVERDUE,)
    assert late.days_left == -7
    # Without event dates the row knows no date: no flag, no days left.
    unknown = BoardRow(reduction, state, D(2020, 7, 20))
    assert (unknown.due, unknown.days_left, unknown.flags) == (None, None, ())
    assert hash(row) == hash(BoardRow(reduction, state, D(2020, 7, 10), event_dates=dates))


def test_a_dated_deadline_is_measured_as_before() -> None:
    clause = Clause(
        ref="C1",
        kind=ClauseKind.COMMITMENT,
        strand="security",
        parties=("AF",),
        title="A clause",
        text="A summary.",
        provenance=Provenance("src", "paragraph 1"),
        due=Deadline("By 15 December 2020", D(2020, 12, 15), D(2020, 12, 15), Precision.DAY),
    )
    assert effective_due(clause, NO_EVENT_DATES) is clause.due
    assert effective_due(clause, {SIGNATURE: D(2020, 1, 1)}, D(2019, 1, 1)) is clause.due
    assert flags_for(clause, Status.NOT_STARTED, D(2020, 12, 16)) == (Flag.OVERDUE,)
