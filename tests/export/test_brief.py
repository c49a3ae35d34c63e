"""The one-page pre-meeting brief, read back from the PDF: always exactly one page,
even with the densest data the benchmarks build (5,000 clauses, over a thousand
overdue, hundreds changed, 60 disputes, long and Urdu titles), each list cut to what
fits and saying exactly how many more there are; with little data everything is
listed and nothing says "more". Typed text is printed as typed, right to left where
it is written so; the same snapshot gives the same bytes."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pypdf
import pytest
from brief_snapshots import (
    MORE,
    SINCE,
    dense_brief,
    more_count,
    page_count,
    render_brief_to,
    shared_vision_brief,
)
from evidence_snapshots import HOSTILE_TITLE, URDU_TITLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from memo_snapshots import FONTS, RenderedMemo, Word

from vision_desk.domain.disputes import Dispute
from vision_desk.domain.memo import BriefSnapshot
from vision_desk.domain.review import BoardRow
from vision_desk.export.brief import render_brief
from vision_desk.export.brief_lists import SAID_LIMIT, UPCOMING

HEADINGS = ("Overdue (", "Change", "Disputed assessments (", "Next deadlines")

Render = Callable[[BriefSnapshot], RenderedMemo]


@pytest.fixture(scope="module")
def render(tmp_path_factory: pytest.TempPathFactory) -> Render:
    directory = tmp_path_factory.mktemp("briefs")
    counter = iter(range(1_000_000))
    return lambda snapshot: render_brief_to(directory, snapshot, f"brief-{next(counter)}.pdf")


@pytest.fixture(scope="module")
def dense() -> BriefSnapshot:
    return dense_brief()


@pytest.fixture(scope="module")
def dense_pdf(render: Render, dense: BriefSnapshot) -> RenderedMemo:
    return render(dense)


def flat(text: str) -> str:
    return " ".join(text.split())


def sections(rendered: RenderedMemo) -> dict[str, str]:
    """The text of each list, from its heading to the next (``-raw``: a table's
    cells in the order drawn)."""
    text = flat(rendered.text("-raw"))
    starts = [text.index(heading, text.index("Standing principles")) for heading in HEADINGS]
    ends = [*starts[1:], len(text)]
    keys = ("overdue", "changes", "disputes", "upcoming")
    return {key: text[start:end] for key, start, end in zip(keys, starts, ends, strict=True)}


def shown_of(section: str, refs: Sequence[str]) -> int:
    """How many of ``refs`` the section lists: the first ones, and none after them."""
    words = set(section.split())
    shown = 0
    while shown < len(refs) and refs[shown] in words:
        shown += 1
    assert not [ref for ref in refs[shown:] if ref in words], "listed out of order"
    return shown


def lists_of(snapshot: BriefSnapshot) -> dict[str, list[str]]:
    changed = [item.ref for item in snapshot.changes or () if item.changed]
    return {
        "overdue": [row.clause.ref for row in snapshot.overdue],
        "changes": changed,
        "disputes": [dispute.row.clause.ref for dispute in snapshot.disputes],
        "upcoming": [row.clause.ref for row in snapshot.upcoming],
    }


# -- the densest data: one page, every list cut, the counts right ---------------------------


def test_the_densest_brief_is_exactly_one_page(
    dense: BriefSnapshot, dense_pdf: RenderedMemo
) -> None:
    assert len(dense.agreement.clauses) >= 5000
    assert len(dense.overdue) >= 300 and len(dense.disputes) >= 36
    assert sum(1 for item in dense.changes or () if item.changed) >= 300
    assert page_count(dense_pdf.path) == 1
    assert len(pypdf.PdfReader(dense_pdf.path).pages) == 1
    assert "Page 1 of 1" in dense_pdf.text()


def test_every_list_is_cut_and_says_exactly_how_many_more(
    dense: BriefSnapshot, dense_pdf: RenderedMemo
) -> None:
    found = sections(dense_pdf)
    for key, refs in lists_of(dense).items():
        section = found[key]
        shown = shown_of(section, refs)
        # Each list keeps rows on the page (cut evenly, not one list emptied for
        # another), and the next five deadlines all of theirs: a meeting plans on them.
        assert shown >= 2, key
        if key == "upcoming":
            assert shown == min(UPCOMING, len(refs))
        assert shown <= (UPCOMING if key == "upcoming" else len(refs))
        assert more_count(section) == len(refs) - shown, key
    assert f"Overdue ({len(dense.overdue):,})" in found["overdue"]
    changed = len(lists_of(dense)["changes"])
    assert found["changes"].startswith(f"Changed since {dense.since} ({changed:,})")
    assert f"Disputed assessments ({len(dense.disputes)})" in found["disputes"]
    assert "and 1 more" not in dense_pdf.text()  # "and N more", never a bare count


def test_the_head_gives_the_index_and_the_figures(
    dense: BriefSnapshot, dense_pdf: RenderedMemo
) -> None:
    text = flat(dense_pdf.text())
    assert text.count("OFFICIAL-SENSITIVE") == 2  # at the top and the foot
    assert "Pre-meeting brief — Bench Accord" in text
    assert "As of 30 June 2024" in text
    assert f"{dense.summary.index_text} implementation index" in text
    assert f"{len(dense.overdue):,} overdue" in text


def test_the_same_snapshot_gives_the_same_bytes(dense: BriefSnapshot) -> None:
    assert render_brief(dense, FONTS) == render_brief(dense, FONTS)


def test_long_titles_are_cut_with_an_ellipsis_in_their_cell(dense_pdf: RenderedMemo) -> None:
    text = flat(dense_pdf.text("-raw"))
    assert "including the staffing, funding…" in text or "including the staffing…" in text
    assert "until the review conference decides otherwise" not in text


# -- little data: everything listed ---------------------------------------------------------


@pytest.fixture(scope="module")
def small() -> BriefSnapshot:
    return shared_vision_brief()


@pytest.fixture(scope="module")
def small_pdf(render: Render, small: BriefSnapshot) -> RenderedMemo:
    return render(small)


def test_a_small_brief_lists_everything_and_says_no_more(
    small: BriefSnapshot, small_pdf: RenderedMemo
) -> None:
    assert page_count(small_pdf.path) == 1
    text = small_pdf.text("-raw")
    assert not MORE.search(text) and not re.search(r"\band \S+ more\b", flat(text))
    found = sections(small_pdf)
    for key, refs in lists_of(small).items():
        assert refs, key
        assert shown_of(found[key], refs) == len(refs), key
    assert found["changes"].startswith(f"Changed since {SINCE} (4)")
    assert "Pre-meeting brief — A Shared Vision" in flat(text)


def test_a_small_brief_gives_the_disputes_side_by_side(small_pdf: RenderedMemo) -> None:
    disputes = sections(small_pdf)["disputes"]
    assert (
        "SV-C1 Joint intelligence-led work against enemies of peace Pakistan says completed; "
        "we assess initiated (2 levels apart) All lead officials are named and working "
        "press conference in Islamabad, 3 Dec 2020" in disputes
    )
    # Hostile words printed as typed.
    assert "<b>A draft</b> & more is with the committee" in disputes


def test_the_changes_list_only_what_changed(small: BriefSnapshot, small_pdf: RenderedMemo) -> None:
    changes = sections(small_pdf)["changes"]
    assert "SV-C2 Joint proposal on refugees' return Initiated to Advanced" in changes
    assert "not overdue to overdue improved, newly overdue" in changes
    unchanged = [item.ref for item in small.changes or () if not item.changed]
    assert unchanged and not [ref for ref in unchanged if ref in changes.split()]


def test_without_a_closed_round_the_brief_says_so(render: Render) -> None:
    rendered = render(shared_vision_brief(changes=False))
    text = flat(rendered.text())
    assert "No round has closed yet" in text
    assert "— changed: no round has closed yet" in text


def test_empty_lists_are_said_in_a_sentence(render: Render, small: BriefSnapshot) -> None:
    empty = dataclasses.replace(small, overdue=(), disputes=(), upcoming=(), changes=())
    text = flat(render(empty).text())
    assert "Nothing is overdue." in text
    assert "No clause changed since the last round." in text
    assert "No party has stated a position that differs from our assessment." in text
    assert "No deadline is still to come." in text
    assert not MORE.search(text)


# -- typed text ------------------------------------------------------------------------------


def _with_titles(snapshot: BriefSnapshot, titles: dict[str, str]) -> BriefSnapshot:
    def retitled(row: BoardRow) -> BoardRow:
        title = titles.get(row.clause.ref)
        if title is None:
            return row
        return dataclasses.replace(row, clause=dataclasses.replace(row.clause, title=title))

    disputes = tuple(
        dataclasses.replace(dispute, row=retitled(dispute.row)) for dispute in snapshot.disputes
    )
    return dataclasses.replace(
        snapshot, overdue=tuple(retitled(row) for row in snapshot.overdue), disputes=disputes
    )


def test_hostile_titles_and_claims_are_printed_as_typed_with_no_link_or_image(
    render: Render, small: BriefSnapshot
) -> None:
    snapshot = _with_titles(small, {"SV-C3": HOSTILE_TITLE})
    rendered = render(snapshot)
    text = flat(rendered.text("-raw"))
    assert flat(HOSTILE_TITLE)[:50] in text  # cut at its cell's limit, never parsed
    assert b"/Annot" not in rendered.data and b"/Subtype /Image" not in rendered.data
    assert b"/URI" not in rendered.data and b"/JavaScript" not in rendered.data
    info = pypdf.PdfReader(rendered.path).metadata
    assert info is not None and "<" not in str(info.title)


def test_an_urdu_title_runs_right_to_left(render: Render, small: BriefSnapshot) -> None:
    rendered = render(_with_titles(small, {"SV-C2": URDU_TITLE}))
    words = rendered.words(1)
    logical = URDU_TITLE.split()

    def on_line(word: str, of: Word) -> Word:
        return next(w for w in words if w.text[::-1] == word and abs(w.y0 - of.y0) < 2)

    second = next(word for word in words if word.text[::-1] == logical[1])
    first, third = on_line(logical[0], second), on_line(logical[2], second)
    # Read right to left: the first word rightmost, each next one to the left.
    assert third.x1 <= second.x0 and second.x1 <= first.x0


def test_a_dispute_names_the_party_as_the_agreement_does(
    render: Render, small: BriefSnapshot
) -> None:
    agreement = small.agreement
    party = agreement.party("PK")
    renamed = dataclasses.replace(
        party, name="Islamic Republic of Pakistan", short_name="Pakistan (IRP)"
    )
    registry = tuple(
        renamed if entry.code == "PK" else entry for entry in agreement.party_registry
    ) or (renamed, agreement.party("AF"))
    snapshot = dataclasses.replace(
        small, agreement=dataclasses.replace(agreement, party_registry=registry)
    )
    disputes = sections(render(snapshot))["disputes"]
    assert "Pakistan (IRP) says completed" in disputes


def test_the_brief_needs_its_fonts(small: BriefSnapshot, tmp_path: Path) -> None:
    with pytest.raises(Exception, match="fonts are missing"):
        render_brief(small, tmp_path)


def test_many_disputes_alone_still_fit_one_page(render: Render, dense: BriefSnapshot) -> None:
    many: tuple[Dispute, ...] = dense.disputes * 20
    snapshot = dataclasses.replace(dense, disputes=many, overdue=(), changes=None, upcoming=())
    rendered = render(snapshot)
    assert page_count(rendered.path) == 1
    section = sections(rendered)["disputes"]
    more = more_count(section)
    assert more is not None and section.count(" says ") == len(many) - more >= 10
    assert f"Disputed assessments ({len(many):,})" in section


# -- any sizes, any text: one page ------------------------------------------------------------

_TYPED = st.lists(
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            ["<b>", "&amp;", '<img src="/etc/hosts"/>', "\x00", "\u202e", "محمد", "ټګښځ", "😀"]
        ),
    ),
    max_size=8,
).map("".join)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    overdue=st.integers(0, 1400),
    changed=st.integers(0, 500),
    disputes=st.integers(0, 60),
    upcoming=st.integers(0, 40),
)
def test_any_sizes_fit_one_page_and_count_what_is_left_out(
    render: Render, dense: BriefSnapshot, overdue: int, changed: int, disputes: int, upcoming: int
) -> None:
    changes = [item for item in dense.changes or () if item.changed][:changed]
    snapshot = dataclasses.replace(
        dense,
        overdue=dense.overdue[:overdue],
        changes=tuple(changes),
        disputes=dense.disputes[:disputes],
        upcoming=dense.upcoming[:upcoming],
    )
    rendered = render(snapshot)
    assert page_count(rendered.path) == 1
    found = sections(rendered)
    for key, refs in lists_of(snapshot).items():
        shown = shown_of(found[key], refs)
        assert more_count(found[key]) == (len(refs) - shown or None), key
        assert shown >= min(len(refs), 2), key


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=_TYPED, claim=_TYPED, where=_TYPED, since=_TYPED)
def test_any_typed_text_fits_one_page_with_no_link_or_image(
    render: Render, small: BriefSnapshot, title: str, claim: str, where: str, since: str
) -> None:
    disputes = tuple(
        dataclasses.replace(
            dispute, position=dataclasses.replace(dispute.position, claim=claim, where=where)
        )
        for dispute in small.disputes
    )
    snapshot = _with_titles(
        dataclasses.replace(small, disputes=disputes, since=since), {"SV-C1": title}
    )
    rendered = render(snapshot)
    assert page_count(rendered.path) == 1
    data = rendered.data
    assert b"/Annot" not in data and b"/Subtype /Image" not in data and b"/URI" not in data
    text = rendered.text()
    # Typed words come back as typed (a claim longer than its cell is cut).
    said = claim if len(" ".join(claim.split())) <= SAID_LIMIT else ""
    for token in (said + " " + since).split():
        if 3 <= len(token) <= 12 and token.isascii() and token.isalnum():
            assert token in text
