"""The memo's index: one decimal, halves up, as the desk and `clauses --json` print
it, and the one sentence (from the domain) saying which clauses it counts."""

from __future__ import annotations

from collections.abc import Callable

from memo_snapshots import STATUSES, RenderedMemo, SnapshotSpec, build_snapshot

from vision_desk.domain.memo import MemoSnapshot
from vision_desk.domain.rules import COUNTED_WORDS
from vision_desk.domain.status import Status


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_memo_says_which_clauses_are_counted_in_the_domains_words(
    memo: RenderedMemo,
) -> None:
    first = flat(memo.pages()[0])
    assert COUNTED_WORDS in first
    # The related undertakings are still reported, in the assessments section.
    reported = "The 7 related undertakings announced beside the document are reported in section 6."
    assert reported in first
    assert "not counted here" not in first


def test_an_index_of_exactly_twelve_and_a_half_is_printed_as_it_is(
    render: Callable[[MemoSnapshot], RenderedMemo],
) -> None:
    # One commitment completed, seven not started: 3 of a possible 24 points. The
    # related undertakings are all completed and change nothing.
    statuses = {ref: status for ref, status in STATUSES.items() if ref.startswith("SV-P")}
    statuses |= {f"SV-C{number}": Status.NOT_STARTED for number in range(2, 9)}
    statuses |= {"SV-C1": Status.COMPLETED}
    statuses |= {f"SV-R{number}": Status.COMPLETED for number in range(1, 8)}
    snapshot = build_snapshot(SnapshotSpec(statuses=statuses, changes=False))
    assert snapshot.summary.index_text == "12.5%"
    first = flat(render(snapshot).pages()[0])
    assert "Implementation index: 12.5% (3 of a possible 24 points over 8 scored" in first
    assert "1 Summary 12.5% " in first  # the key figure
    assert "Implementation index: 12%" not in first and "53.3%" not in first
