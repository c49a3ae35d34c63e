"""How the memo breaks across pages, read back from the PDF (pdftotext -layout):
no page of the assessments or the annex opens with a label, a byline or a line of
text that belongs to a clause named on the page before (a page that goes on with a
clause opens with its continuation head); no page ends with a head; a note is never
cut with fewer than two of its lines on either side; a clause never leaves its
heading with a single line under it, nor its tail alone on a page. And nothing is
lost or printed twice on the way: every word of every note is printed once."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from memo_snapshots import RenderedMemo, build_snapshot, long_spec

from vision_desk.domain.memo import MemoSnapshot

LABEL = re.compile(
    r"^(Rationale|(Other )?[Nn]otes \(\d+\)|Verbatim from the source \(\d+\)"
    r"|Summary \(the project's words\))$"
)
BYLINE = re.compile(r"^A\. Officer, \d")
FACTS = re.compile(r"^(Commitment|Principle|Related undertaking) · ")
SECTION = re.compile(r"^(\d(\.\d)? |Annex [AB] )")
TOKEN = re.compile(r"^([nr][A-Z]*\d+)w\d+$")
TABLE_HEADER = "Ref Clause Kind Status"


def flat(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Line:
    kind: str  # heading, continued, section, label, byline, facts, status, text, other
    text: str
    ref: str = ""  # the clause of a heading or a continuation head
    owner: str = ""  # the note or rationale a line of text belongs to


HEADS = {"heading", "continued", "section", "label", "byline", "facts", "status"}


def classify(line: str, titles: dict[str, str]) -> Line:
    text = flat(line)
    if text in titles:
        return Line("heading", text, titles[text])
    if text.endswith(" (continued)") and text.removesuffix(" (continued)") in titles:
        return Line("continued", text, titles[text.removesuffix(" (continued)")])
    for kind, pattern in (("label", LABEL), ("byline", BYLINE), ("facts", FACTS)):
        if pattern.match(text):
            return Line(kind, text)
    if text.startswith("Status: "):
        return Line("status", text)
    if SECTION.match(text):
        return Line("section", text)
    owners = {match.group(1) for word in text.split() if (match := TOKEN.match(word))}
    if owners and all(TOKEN.match(word) for word in text.split()):
        assert len(owners) == 1, text  # a line never mixes two notes
        return Line("text", text, owner=owners.pop())
    return Line("other", text)


def read_pages(rendered: RenderedMemo, snapshot: MemoSnapshot) -> list[list[Line]]:
    """Each page's lines between header and footer, classified."""
    titles = {
        flat(f"{item.row.clause.ref} {item.row.clause.title}"): item.row.clause.ref
        for item in snapshot.clauses
    }
    pages = []
    for number, page in enumerate(rendered.pages(), start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        # Marking (and on later pages the running header) above; footer and marking below.
        body = lines[1 if number == 1 else 2 : -2]
        pages.append([classify(line, titles) for line in body])
    return pages


def clause_pages(pages: list[list[Line]]) -> range:
    """The pages from the one after "6 Assessments" starts: the blocks' pages."""
    start = next(
        number
        for number, page in enumerate(pages)
        if any(line.text == "6 Assessments, clause by clause" for line in page)
    )
    return range(start + 1, len(pages))


def check_page_breaks(rendered: RenderedMemo, snapshot: MemoSnapshot) -> None:
    pages = read_pages(rendered, snapshot)
    blocks = clause_pages(pages)
    assert len(blocks) >= 3
    for number in blocks:
        first = pages[number][0]
        # A page opens with a clause, a clause going on, a section, or the table's head.
        assert first.kind in {"heading", "continued", "section"} or first.text == TABLE_HEADER, (
            number + 1,
            first,
        )
    for number in [blocks.start - 1, *blocks][:-1]:
        last = pages[number][-1]
        assert last.kind not in HEADS, (number + 1, last)
    # A clause that goes on to the next page leaves at least two lines of its text
    # under its heading, and takes at least two over; the next page names it.
    for number in blocks[:-1]:
        page, following = pages[number], pages[number + 1]
        if following[0].kind != "continued":
            continue
        ref = following[0].ref
        opened = [index for index, line in enumerate(page) if line.ref == ref]
        assert opened, (number + 1, ref)
        stays = [line for line in page[opened[-1] :] if line.kind in {"text", "other"}]
        assert len(stays) >= 2, (number + 1, ref, stays)
        tail: list[Line] = []
        for line in following[1:]:
            if line.kind in {"heading", "section"}:
                break
            if line.kind in {"text", "other"}:
                tail.append(line)
        assert len(tail) >= 2, (number + 2, ref, tail)
    # A note (or rationale) cut by a page break keeps two of its lines on each side.
    spread: dict[str, Counter[int]] = defaultdict(Counter)
    for number, page in enumerate(pages):
        for line in page:
            if line.kind == "text":
                spread[line.owner][number] += 1
    for owner, per_page in spread.items():
        if len(per_page) > 1:
            assert min(per_page.values()) >= 2, (owner, dict(per_page))


def test_the_shared_vision_memo_breaks_only_where_a_reader_can_follow(
    memo: RenderedMemo,
) -> None:
    snapshot = build_snapshot()
    check_page_breaks(memo, snapshot)
    # The annex's clause cut by a page goes on under its name, not under a bare
    # "Verbatim from the source (1)".
    pages = read_pages(memo, snapshot)
    assert not any(line.kind == "label" for page in pages for line in page[:1])
    assert any(page[0].kind == "continued" for page in pages)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_a_long_memo_breaks_only_where_a_reader_can_follow(
    render: Callable[[MemoSnapshot], RenderedMemo], seed: int
) -> None:
    snapshot = build_snapshot(long_spec(seed))
    rendered = render(snapshot)
    assert len(rendered.pages()) >= 15
    check_page_breaks(rendered, snapshot)
    # Some block did go over a page, with its continuation head.
    pages = read_pages(rendered, snapshot)
    assert any(page[0].kind == "continued" for page in pages)
    # Every word of every note and rationale is printed, once.
    words = Counter(word for word in flat(rendered.text("-layout")).split() if TOKEN.match(word))
    expected = Counter(
        word
        for item in snapshot.clauses
        for note in (*item.notes, *([item.rationale] if item.rationale else []))
        for word in note.text.split()
    )
    assert words == expected


def test_a_rationale_is_printed_once_not_again_under_notes(
    render: Callable[[MemoSnapshot], RenderedMemo],
) -> None:
    # The desk records the reason given with a status as a note on the clause too.
    snapshot = build_snapshot(long_spec(7, twins=("SV-C1", "SV-C2", "SV-P3")))
    rendered = render(snapshot)
    text = flat(rendered.text("-layout"))
    for ref in ("SV-C1", "SV-C2", "SV-P3"):
        item = next(item for item in snapshot.clauses if item.row.clause.ref == ref)
        assert item.rationale is not None and item.notes[0].text == item.rationale.text
        first_word = item.rationale.text.split()[0]
        assert text.count(first_word + " ") == 1, ref
        assessments = text[text.index("6 Assessments, clause by clause") :]
        section = assessments[assessments.index(f"{ref} {item.row.clause.title}") :]
        assert f"Other notes ({len(item.notes) - 1})" in section[:4000]
    # A clause whose rationale is not among its notes keeps its plain label.
    assert "Notes (" in text
    check_page_breaks(rendered, snapshot)
