"""Search and filters: the order of matches, and the remembering ``Search`` the
search field uses giving exactly what ``apply_filters`` gives, keystroke by
keystroke."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from documented_agreements import HIGHLAND_ACCORD, load
from hypothesis import given, settings
from hypothesis import strategies as st

from vision_desk.domain.agreement_file import load_agreement
from vision_desk.domain.review import BoardRow, ClauseState
from vision_desk.domain.search import Filters, Search, apply_filters, haystack
from vision_desk.domain.status import Status

AGREEMENT = load_agreement(
    Path(__file__).resolve().parents[2] / "resources" / "agreements" / "shared-vision.toml"
)
DAY = dt.date(2021, 1, 10)
ROWS = [BoardRow(clause, ClauseState(), DAY) for clause in AGREEMENT.clauses]
NOTES = {
    "SV-C1": ["Draft exchanged on 3 Dec; j k n 0 1"],
    "SV-P2": ["مشترکہ ورکنگ گروپ کا اجلاس", "refugee return discussed"],
    "SV-R3": ["SV-C1 slipped"],
}
HAYSTACKS = {row.clause.ref: haystack(row, NOTES.get(row.clause.ref, ())) for row in ROWS}
BY_REF = {row.clause.ref: row for row in ROWS}


def _refs(rows: list[BoardRow]) -> list[str]:
    return [row.clause.ref for row in rows]


def test_an_exact_reference_comes_first_then_references_that_start_with_the_text() -> None:
    found = _refs(apply_filters(ROWS, Filters(text="sv-c1"), HAYSTACKS))
    assert found[0] == "SV-C1"
    assert "SV-R3" in found  # its note names SV-C1
    assert found.index("SV-R3") > found.index("SV-C1")


def test_notes_are_searched() -> None:
    assert _refs(apply_filters(ROWS, Filters(text="ورکنگ"), HAYSTACKS)) == ["SV-P2"]


WORDS = st.sampled_from(
    [
        "sv-",
        "sv-c1",
        "ref",
        "refugee",
        "joint",
        "ورکنگ",
        "zz",
        "3 dec",
        "c",
        "joint proposal",
        "j k n",
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    typed=st.lists(WORDS, min_size=1, max_size=4),
    status=st.sampled_from([None, Status.NOT_ASSESSED, Status.ADVANCED]),
    overdue=st.booleans(),
    distinct_words=st.booleans(),
)
def test_search_gives_what_apply_filters_gives_at_every_keystroke(
    typed: list[str], status: Status | None, overdue: bool, distinct_words: bool
) -> None:
    search = Search(ROWS, HAYSTACKS, distinct_words)
    for word in typed:
        # Typed one character at a time, then taken back one at a time.
        steps = [word[:end] for end in range(1, len(word) + 1)]
        for text in steps + steps[::-1][1:]:
            filters = Filters(text=text, status=status, overdue=overdue)
            assert _refs(search.apply(BY_REF, filters)) == _refs(
                apply_filters(ROWS, filters, HAYSTACKS)
            ), text


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="ab -\n\t", max_size=30), min_size=1, max_size=6),
    needle=st.text(alphabet="ab -", min_size=1, max_size=6),
)
def test_searching_distinct_words_finds_exactly_what_the_whole_text_has(
    texts: list[str], needle: str
) -> None:
    """Words split at white space, spaces in the text typed: the same clauses."""
    rows = ROWS[: len(texts)]
    haystacks = {
        row.clause.ref: f"{row.clause.ref}\n{text}" for row, text in zip(rows, texts, strict=False)
    }
    by_ref = {row.clause.ref: row for row in rows}
    if not needle.strip():
        return
    expected = _refs(apply_filters(rows, Filters(text=needle), haystacks))
    assert (
        _refs(Search(rows, haystacks, distinct_words=True).apply(by_ref, Filters(text=needle)))
        == expected
    )


@pytest.mark.parametrize("distinct_words", [False, True])
def test_a_changed_note_is_found_after_update(distinct_words: bool) -> None:
    search = Search(ROWS, HAYSTACKS, distinct_words)
    assert _refs(search.apply(BY_REF, Filters(text="xylophone"))) == []
    row = BY_REF["SV-C4"]
    search.update("SV-C4", haystack(row, ["Xylophone monitors agreed"]))
    assert _refs(search.apply(BY_REF, Filters(text="xylophone"))) == ["SV-C4"]
    assert _refs(search.apply(BY_REF, Filters(text="xylophone m"))) == ["SV-C4"]


def test_a_changed_status_needs_no_rebuild() -> None:
    search = Search(ROWS, HAYSTACKS)
    only_advanced = Filters(text="sv-c", status=Status.ADVANCED)
    assert search.apply(BY_REF, only_advanced) == []
    changed = dict(BY_REF)
    changed["SV-C2"] = BoardRow(BY_REF["SV-C2"].clause, ClauseState(Status.ADVANCED), DAY)
    assert _refs(search.apply(changed, only_advanced)) == ["SV-C2"]


def test_a_clause_is_found_by_its_text_in_any_language_and_its_own_numbering() -> None:
    highland = load(HIGHLAND_ACCORD)
    rows = [BoardRow(clause, ClauseState(), DAY) for clause in highland.clauses]
    haystacks = {row.clause.ref: haystack(row) for row in rows}
    search = Search(rows, haystacks, distinct_words=True)
    by_ref = {row.clause.ref: row for row in rows}
    for text, refs in [
        ("نیروهای", ["HA-2", "HA-3"]),  # Dari: "forces"
        ("ځواکونه", ["HA-2"]),  # Pashto: "forces", in HA-2's Pashto text only
        ("ولسوالی‌های کوهستانی", ["HA-1", "HA-2", "HA-3"]),  # with its zero-width non-joiner
        ("part one, a", ["HA-2", "HA-3"]),  # the document's own numbering
        ("withdraws", ["HA-3"]),  # the English working text, as always
    ]:
        assert _refs(apply_filters(rows, Filters(text=text), haystacks)) == refs, text
        assert _refs(search.apply(by_ref, Filters(text=text))) == refs, text


def test_a_version_1_clause_s_haystack_is_as_it_was() -> None:
    row = BY_REF["SV-C1"]
    clause = row.clause
    assert (
        haystack(row)
        == "\n".join([clause.ref, clause.title, clause.text, *clause.quotes]).casefold()
    )
