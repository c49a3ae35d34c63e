"""Obligations per party: the overall status derived from the parts, the
reciprocity view and the index per party (docs/agreement-format.md,
"Obligations per party")."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from documented_agreements import HIGHLAND_ACCORD, load
from hypothesis import given
from hypothesis import strategies as st

from vision_desk.domain.agreement import Clause, ClauseKind, Deadline, Precision, Provenance
from vision_desk.domain.deadlines import event_dates
from vision_desk.domain.party_status import (
    PartyAssessment,
    ReciprocityGap,
    party_status,
    reciprocity,
    split_status,
    summaries_by_party,
)
from vision_desk.domain.rules import summarise
from vision_desk.domain.status import COMMITMENT_SCALE, PRINCIPLE_SCALE, Status
from vision_desk.errors import UserError

D = dt.date
S = Status


def clause(
    ref: str = "C1",
    parties: tuple[str, ...] = ("AF", "PK"),
    kind: ClauseKind = ClauseKind.COMMITMENT,
    due: Deadline | None = None,
) -> Clause:
    return Clause(
        ref=ref,
        kind=kind,
        strand="security",
        parties=parties,
        title=f"Clause {ref}",
        text="A summary.",
        provenance=Provenance("src", "paragraph 1"),
        due=due,
    )


def parts(**statuses: Status) -> list[PartyAssessment]:
    return [PartyAssessment(party, status) for party, status in statuses.items()]


# -- the overall status --------------------------------------------------------------


def test_the_least_advanced_party_decides() -> None:
    split = split_status(clause(), parts(AF=S.ADVANCED, PK=S.INITIATED))
    assert split.overall is S.INITIATED
    assert split.decided_by == ("PK",)
    assert [(part.party, part.status) for part in split.parts] == [
        ("AF", S.ADVANCED),
        ("PK", S.INITIATED),
    ]


def test_both_completed_is_completed_and_a_tie_names_both() -> None:
    split = split_status(clause(), parts(AF=S.COMPLETED, PK=S.COMPLETED))
    assert (split.overall, split.decided_by) == (S.COMPLETED, ("AF", "PK"))
    split = split_status(clause(), parts(AF=S.NOT_STARTED, PK=S.NOT_STARTED))
    assert (split.overall, split.decided_by) == (S.NOT_STARTED, ("AF", "PK"))


def test_a_party_not_assessed_holds_the_clause_at_not_assessed() -> None:
    split = split_status(clause(), parts(AF=S.COMPLETED))
    assert split.overall is S.NOT_ASSESSED
    assert split.decided_by == ("PK",)
    part = split.part("PK")
    assert part is not None and part.status is S.NOT_ASSESSED  # filled in, not left out
    nothing = split_status(clause(), [])
    assert (nothing.overall, nothing.decided_by) == (S.NOT_ASSESSED, ("AF", "PK"))


def test_an_overtaken_party_drops_out() -> None:
    split = split_status(clause(), parts(AF=S.OVERTAKEN, PK=S.INITIATED))
    assert (split.overall, split.decided_by) == (S.INITIATED, ("PK",))
    everyone = split_status(clause(), parts(AF=S.OVERTAKEN, PK=S.OVERTAKEN))
    assert (everyone.overall, everyone.decided_by) == (S.OVERTAKEN, ("AF", "PK"))
    # Overtaken for one, not yet assessed for the other: not assessed.
    assert split_status(clause(), parts(AF=S.OVERTAKEN)).overall is S.NOT_ASSESSED


def test_a_principle_stands_where_its_worst_party_stands() -> None:
    principle = clause(kind=ClauseKind.PRINCIPLE)
    assert split_status(principle, parts(AF=S.UPHELD, PK=S.BREACHED)).overall is S.BREACHED
    assert split_status(principle, parts(AF=S.UPHELD, PK=S.STRAINED)).overall is S.STRAINED
    assert split_status(principle, parts(AF=S.UPHELD, PK=S.UPHELD)).overall is S.UPHELD


def test_three_parties_and_the_parts_in_the_clause_s_order() -> None:
    three = clause(parties=("VT", "HLF", "OBS"))
    given = [
        PartyAssessment("OBS", S.COMPLETED, "Report published."),
        PartyAssessment("HLF", S.ADVANCED, "Most prisoners released."),
        PartyAssessment("VT", S.ADVANCED),
    ]
    split = split_status(three, given)
    assert [part.party for part in split.parts] == ["VT", "HLF", "OBS"]
    assert split.part("HLF") == given[1]  # the note comes along
    assert (split.overall, split.decided_by) == (S.ADVANCED, ("VT", "HLF"))
    assert split.part("AF") is None


def test_parts_that_cannot_be() -> None:
    with pytest.raises(UserError, match="C1 does not bind 'IN'"):
        split_status(clause(), parts(IN=S.INITIATED))
    with pytest.raises(UserError, match="two assessments for 'AF'"):
        split_status(clause(), [PartyAssessment("AF", S.INITIATED)] * 2)
    with pytest.raises(UserError, match="'upheld' is not on the scale of C1"):
        split_status(clause(), parts(AF=S.UPHELD))
    with pytest.raises(UserError, match="'overtaken' is not on the scale"):
        split_status(clause(kind=ClauseKind.PRINCIPLE), parts(AF=S.OVERTAKEN))


LADDER = (S.NOT_STARTED, S.INITIATED, S.ADVANCED, S.COMPLETED)


@given(st.lists(st.sampled_from(COMMITMENT_SCALE), min_size=1, max_size=4))
def test_the_overall_status_is_one_of_the_parts_and_never_ahead_of_any(
    statuses: list[Status],
) -> None:
    codes = tuple(f"P{index}" for index in range(len(statuses)))
    split = split_status(clause(parties=codes), map(PartyAssessment, codes, statuses))
    assert split.overall in statuses
    assert set(split.decided_by) <= set(codes)
    if split.overall in LADDER:
        for status in statuses:
            assert status is S.OVERTAKEN or LADDER.index(split.overall) <= LADDER.index(status)


@given(st.lists(st.sampled_from(PRINCIPLE_SCALE[1:]), min_size=1, max_size=3))
def test_a_principle_is_never_judged_better_than_any_party(statuses: list[Status]) -> None:
    codes = tuple(f"P{index}" for index in range(len(statuses)))
    overall = split_status(
        clause(parties=codes, kind=ClauseKind.PRINCIPLE), map(PartyAssessment, codes, statuses)
    ).overall
    worst_first = (S.BREACHED, S.STRAINED, S.UPHELD)
    assert overall is min(statuses, key=worst_first.index)


def test_where_a_party_stands() -> None:
    one = clause()
    assert party_status(one, S.ADVANCED, [], "AF") is S.ADVANCED  # the whole clause speaks
    assert party_status(one, S.INITIATED, parts(AF=S.ADVANCED), "AF") is S.ADVANCED
    assert party_status(one, S.INITIATED, parts(AF=S.ADVANCED), "PK") is S.NOT_ASSESSED
    assert party_status(one, S.ADVANCED, [], "IN") is None


# -- reciprocity -------------------------------------------------------------------------


def test_reciprocity_lists_who_is_ahead_and_by_how_much() -> None:
    clauses = [clause("C1"), clause("C2"), clause("C3"), clause("C4"), clause("C5")]
    assessed = {
        "C1": parts(AF=S.ADVANCED, PK=S.INITIATED),
        "C2": parts(AF=S.NOT_STARTED, PK=S.COMPLETED),
        "C3": parts(AF=S.INITIATED, PK=S.INITIATED),  # level: not listed
        "C4": parts(AF=S.COMPLETED),  # PK not assessed: no comparison
        "C5": parts(AF=S.COMPLETED, PK=S.OVERTAKEN),  # off the ladder
    }
    assert reciprocity(clauses, assessed, "AF", "PK") == (
        ReciprocityGap("C1", "AF", S.ADVANCED, "PK", S.INITIATED, 1),
        ReciprocityGap("C2", "PK", S.COMPLETED, "AF", S.NOT_STARTED, 3),
    )
    # The same gaps whichever party is named first.
    assert reciprocity(clauses, assessed, "PK", "AF") == reciprocity(clauses, assessed, "AF", "PK")


def test_reciprocity_leaves_out_what_cannot_show_it() -> None:
    principle = clause("P1", kind=ClauseKind.PRINCIPLE)
    one_sided = clause("C1", parties=("AF",))
    whole = clause("C2")  # assessed as a whole: no parts
    assessed = {
        "P1": parts(AF=S.UPHELD, PK=S.BREACHED),
        "C1": parts(AF=S.COMPLETED),
    }
    assert reciprocity([principle, one_sided, whole], assessed, "AF", "PK") == ()


def test_reciprocity_on_the_example_between_a_state_and_an_armed_group() -> None:
    highland = load(HIGHLAND_ACCORD)
    assessed = {
        "HA-4": parts(VT=S.ADVANCED, HLF=S.INITIATED),
        "HA-5": parts(VT=S.INITIATED, HLF=S.INITIATED),
    }
    assert reciprocity(highland.clauses, assessed, "VT", "HLF") == (
        ReciprocityGap("HA-4", "VT", S.ADVANCED, "HLF", S.INITIATED, 1),
    )


# -- the index per party ------------------------------------------------------------------


def test_the_index_per_party_beside_the_overall_index() -> None:
    by_15_dec = Deadline("By 15 December 2020", D(2020, 12, 15), D(2020, 12, 15), Precision.DAY)
    both = clause("C1", due=by_15_dec)
    only_af = clause("C2", parties=("AF",))
    whole = clause("C3")
    related = clause("R1", kind=ClauseKind.RELATED)
    principle = clause("P1", kind=ClauseKind.PRINCIPLE)
    assessed = {"C1": parts(AF=S.COMPLETED, PK=S.NOT_STARTED)}
    overall_c1 = split_status(both, assessed["C1"]).overall
    rows = [
        (both, overall_c1),
        (only_af, S.ADVANCED),
        (whole, S.INITIATED),
        (related, S.COMPLETED),
        (principle, S.UPHELD),
    ]
    as_of = D(2021, 1, 1)
    overall = summarise(rows, as_of)
    by_party = summaries_by_party(rows, assessed, ("AF", "PK"), as_of)
    # Overall: C1 not started (0), C2 advanced (2), C3 initiated (1): 3 of 9.
    assert overall.implementation_index == Fraction(3, 9)
    # Afghanistan: C1 completed (3), C2 advanced (2), C3 initiated (1): 6 of 9.
    assert by_party["AF"].implementation_index == Fraction(6, 9)
    assert by_party["AF"].index_text == "66.7%"
    # Pakistan: C1 not started (0), C3 initiated (1); C2 does not bind it: 1 of 6.
    assert by_party["PK"].implementation_index == Fraction(1, 6)
    assert by_party["PK"].commitment_counts[S.ADVANCED] == 0
    # A related undertaking is scored but, as overall, not counted.
    assert by_party["AF"].commitment_counts[S.COMPLETED] == 1
    # Overdue for the party that has not done it, not for the one that has.
    assert by_party["PK"].overdue == ("C1",)
    assert by_party["AF"].overdue == ()
    assert overall.overdue == ("C1",)
    assert by_party["AF"].principle_counts[S.UPHELD] == 1


def test_the_index_per_party_of_the_example() -> None:
    highland = load(HIGHLAND_ACCORD)
    rows = [
        (clause_, S.INITIATED if clause_.is_scored else S.UPHELD) for clause_ in highland.clauses
    ]
    assessed = {"HA-4": parts(VT=S.COMPLETED, HLF=S.NOT_STARTED)}
    summaries = summaries_by_party(
        rows, assessed, highland.parties, D(2020, 7, 14), event_dates(highland)
    )
    assert set(summaries) == {"VT", "HLF", "OBS"}
    # The Front is bound by HA-4 and HA-5 (HA-1 is a principle): 0 + 1 of 6.
    assert summaries["HLF"].implementation_index == Fraction(1, 6)
    assert summaries["HLF"].overdue == ("HA-4",)
    # Veltria: HA-2, HA-3, HA-5, HA-6 initiated and HA-4 completed: 7 of 15.
    assert summaries["VT"].implementation_index == Fraction(7, 15)
    assert summaries["VT"].overdue == ("HA-2",)  # 135 days after signature, passed
    # The Observer Mission: HA-7 initiated (HA-R1 is related, not counted).
    assert summaries["OBS"].implementation_index == Fraction(1, 3)
    assert summaries["OBS"].overdue == ("HA-7",)
