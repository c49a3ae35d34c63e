"""The index and the shares as README's "The scales" states them: what is counted,
how the index is rounded (one decimal, halves up, from the exact fraction), how
ties between equal remainders are broken, and what due soon leaves out."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vision_desk.domain.agreement import Clause, ClauseKind, Deadline, Precision, Provenance
from vision_desk.domain.rules import (
    COUNTED_KINDS,
    COUNTED_WORDS,
    largest_remainder_percentages,
    percent_one_decimal,
    summarise,
)
from vision_desk.domain.status import COMMITMENT_SCALE, PRINCIPLE_SCALE, Status

README = Path(__file__).resolve().parents[2] / "README.md"
D = dt.date
BY_15_DEC = Deadline("By 15 December 2020", D(2020, 12, 15), D(2020, 12, 15), Precision.DAY)


def clause(
    ref: str, kind: ClauseKind = ClauseKind.COMMITMENT, due: Deadline | None = None
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


def scales_section() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index("### The scales") : text.index("## Where your data lives")]


def whole(*shares: Fraction) -> tuple[int, ...]:
    """Shares as the whole percents they must be."""
    assert all(share.denominator == 1 for share in shares)
    return tuple(int(share) for share in shares)


def commitments(*statuses: Status) -> list[tuple[Clause, Status]]:
    return [(clause(f"C{number}"), status) for number, status in enumerate(statuses, 1)]


# -- what is counted ------------------------------------------------------------------


def test_the_readme_says_what_is_counted_in_the_words_the_program_prints() -> None:
    section = " ".join(scales_section().split())
    assert COUNTED_WORDS in section
    assert frozenset({ClauseKind.COMMITMENT}) == COUNTED_KINDS


def test_related_undertakings_assessed_change_nothing_in_the_figures() -> None:
    base = commitments(Status.COMPLETED, Status.NOT_STARTED)
    related = [
        (clause("R1", ClauseKind.RELATED), Status.COMPLETED),
        (clause("R2", ClauseKind.RELATED), Status.COMPLETED),
    ]
    alone = summarise(base, D(2021, 1, 1))
    beside = summarise(base + related, D(2021, 1, 1))
    assert beside.commitment_counts == alone.commitment_counts
    assert beside.commitment_shares == alone.commitment_shares
    assert beside.implementation_index == alone.implementation_index == Fraction(1, 2)


# -- rounding the index ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "printed"),
    [
        (Fraction(1, 8), "12.5%"),  # exactly 12.5: never "12%" or "13%"
        (Fraction(1, 16), "6.3%"),  # 6.25: half up, where float formatting gives 6.2
        (Fraction(3, 16), "18.8%"),  # 18.75
        (Fraction(2, 3), "66.7%"),
        (Fraction(1, 3), "33.3%"),
        (Fraction(1, 2), "50.0%"),
        (Fraction(0), "0.0%"),
        (Fraction(1), "100.0%"),
        (Fraction(1, 2000), "0.1%"),  # 0.05: half up
        (Fraction(1, 2001), "0.0%"),  # just under a half
    ],
)
def test_the_index_is_printed_with_one_decimal_halves_up(index: Fraction, printed: str) -> None:
    assert f"{percent_one_decimal(index)}%" == printed


def test_float_formatting_would_have_rounded_these_halves_down() -> None:
    # Why the index is not formatted from a float: the README's two examples.
    assert f"{float(Fraction(1, 8) * 100):.0f}" == "12"
    assert f"{float(Fraction(1, 16) * 100):.1f}" == "6.2"


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 5000), st.integers(1, 5000))
def test_one_decimal_half_up_on_the_exact_fraction(points: int, scored: int) -> None:
    index = Fraction(min(points, 3 * scored), 3 * scored)
    exact = Decimal(index.numerator * 100) / Decimal(index.denominator)
    # Enough digits for the exact value's first decimals, then Decimal's own rule.
    assert percent_one_decimal(index) == exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def test_the_summary_index_of_exactly_twelve_and_a_half() -> None:
    # 3 points of a possible 24 (8 scored commitments): 12.5 %.
    summary = summarise(commitments(Status.COMPLETED, *[Status.NOT_STARTED] * 7), D(2021, 1, 1))
    assert summary.implementation_index == Fraction(1, 8)
    assert summary.index_percent == Decimal("12.5")
    assert summary.index_text == "12.5%"


def test_no_score_gives_no_index() -> None:
    summary = summarise(commitments(Status.NOT_ASSESSED, Status.OVERTAKEN), D(2021, 1, 1))
    assert summary.index_percent is None
    assert summary.index_text == "—"


def test_the_readme_states_the_rounding_with_its_examples() -> None:
    section = " ".join(scales_section().split())
    assert "one decimal" in section and "halves going up" in section
    for fraction, printed in ((Fraction(1, 8), "12.5%"), (Fraction(1, 16), "6.3%")):
        assert f"`{printed}`" in section
        assert f"{percent_one_decimal(fraction)}%" == printed


# -- ties in the shares -------------------------------------------------------------------


def test_equal_counts_print_equal_shares_never_a_broken_tie() -> None:
    # One each at three levels: no whole or one-decimal shares are equal and add up
    # to 100, so each prints 33.3% and the three add up to a little less.
    summary = summarise(
        commitments(Status.INITIATED, Status.ADVANCED, Status.COMPLETED), D(2021, 1, 1)
    )
    shares = summary.commitment_shares
    assert summary.share_decimals == 1
    assert [
        summary.share_text(s) for s in (Status.INITIATED, Status.ADVANCED, Status.COMPLETED)
    ] == [
        "33.3%",
        "33.3%",
        "33.3%",
    ]
    assert sum(shares.values()) == Fraction(999, 10)


def test_one_decimal_where_whole_percents_cannot_keep_equal_counts_equal() -> None:
    # One each at four levels among eight: 12.5% each, not 13, 13, 12 and 12.
    statuses = [Status.NOT_STARTED, Status.INITIATED, Status.ADVANCED, Status.COMPLETED]
    summary = summarise(commitments(*statuses, *[Status.NOT_ASSESSED] * 4), D(2021, 1, 1))
    assert {summary.share_text(status) for status in statuses} == {"12.5%"}
    assert sum(summary.commitment_shares.values()) == 100


def test_equal_remainders_go_by_scale_order_whatever_the_levels_sizes() -> None:
    # 1, 1 and 4 of 6: 16.67, 16.67, 66.67; the two missing points go to the two
    # levels first on the scale, not to the largest level.
    statuses = [Status.NOT_STARTED, Status.INITIATED] + [Status.COMPLETED] * 4
    shares = summarise(commitments(*statuses), D(2021, 1, 1)).commitment_shares
    assert whole(
        shares[Status.NOT_STARTED], shares[Status.INITIATED], shares[Status.COMPLETED]
    ) == (
        17,
        17,
        66,
    )
    assert sum(shares.values()) == 100


def test_the_order_the_clauses_come_in_never_moves_a_tie() -> None:
    statuses = [Status.OVERTAKEN, Status.NOT_ASSESSED, Status.ADVANCED]
    forward = summarise(commitments(*statuses), D(2021, 1, 1)).commitment_shares
    backward = summarise(commitments(*reversed(statuses)), D(2021, 1, 1)).commitment_shares
    assert forward == backward
    assert list(forward) == list(COMMITMENT_SCALE)
    assert {forward[Status.NOT_ASSESSED], forward[Status.ADVANCED], forward[Status.OVERTAKEN]} == {
        Fraction(333, 10)
    }


def test_principle_shares_break_ties_in_their_scale_order() -> None:
    counts = {status: 1 for status in PRINCIPLE_SCALE if status is not Status.NOT_ASSESSED}
    shares = largest_remainder_percentages({Status.NOT_ASSESSED: 0, **counts})
    assert shares == {
        Status.NOT_ASSESSED: 0,
        Status.UPHELD: 34,
        Status.STRAINED: 33,
        Status.BREACHED: 33,
    }


def test_the_readme_states_the_tie_rule_with_its_examples() -> None:
    section = " ".join(scales_section().split())
    assert "largest remainders" in section
    assert "equal counts always print equal shares" in section
    assert "a tie between unequal counts goes to the level listed first" in section
    assert "17, 17 and 66" in section and "12.5% each" in section and "33.3% each" in section


# -- due soon ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.COMPLETED, Status.OVERTAKEN])
def test_completed_and_overtaken_clauses_are_never_due_soon(status: Status) -> None:
    rows = [(clause("C1", due=BY_15_DEC), status), (clause("C2", due=BY_15_DEC), Status.ADVANCED)]
    for day in (D(2020, 11, 15), D(2020, 12, 1), D(2020, 12, 15)):
        summary = summarise(rows, day)
        assert summary.due_soon == ("C2",), day
        assert "C1" not in summary.overdue


def test_related_undertakings_are_flagged_due_soon_like_commitments() -> None:
    rows = [(clause("R1", ClauseKind.RELATED, BY_15_DEC), Status.INITIATED)]
    assert summarise(rows, D(2020, 12, 15)).due_soon == ("R1",)  # the day itself: due soon
    assert summarise(rows, D(2020, 12, 16)).overdue == ("R1",)


def test_the_readme_and_the_format_say_what_due_soon_leaves_out() -> None:
    section = " ".join(scales_section().split())
    assert "Completed and overtaken clauses are never due soon" in section
    format_doc = README.parent / "docs" / "agreement-format.md"
    words = " ".join(format_doc.read_text(encoding="utf-8").split())
    assert re.search(
        r"\*\*due soon\*\* when it is not overdue, its status is neither completed", words
    )
