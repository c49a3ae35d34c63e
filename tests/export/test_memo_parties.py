"""Obligations per party in the memo, read back from the PDF: a clause assessed party
by party shows its overall status as derived from its parts, which parties decided
it, and a table of each party's status with the latest note on its part (hostile
text printed as typed, Urdu right to left); section 4 lists the commitments on
which one party is ahead of the other, by how many levels; the summary gives the
index of each party under the overall one. A memo without any clause assessed per
party keeps what it had, with one sentence saying so in section 4."""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Sequence

import pytest
from memo_snapshots import (
    URDU,
    RenderedMemo,
    SnapshotSpec,
    Word,
    build_highland_snapshot,
    build_snapshot,
    token_text,
)

from vision_desk.domain.memo import MemoClause, MemoSnapshot
from vision_desk.domain.party_status import reciprocity, split_status, summaries_by_party
from vision_desk.domain.review import PartyAssessment
from vision_desk.domain.rules import summarise
from vision_desk.domain.status import Status
from vision_desk.export.styles import FRAME_WIDTH, MARGIN_LEFT

AF, PK = "AF", "PK"
MARKUP = '<b>&amp; x <font size=5000>huge</font> <a href="javascript:alert(1)">click</a> a<b'
C1_NOTE = "Named its lead officials and held the first joint meeting."
PARTS: dict[str, tuple[PartyAssessment, ...]] = {
    # Afghanistan three levels ahead.
    "SV-C1": (
        PartyAssessment(AF, Status.COMPLETED, C1_NOTE),
        PartyAssessment(PK, Status.NOT_STARTED),
    ),
    # Afghanistan one level ahead; a note each, one hostile, one in Urdu.
    "SV-C2": (
        PartyAssessment(AF, Status.ADVANCED, MARKUP),
        PartyAssessment(PK, Status.INITIATED, URDU),
    ),
    # Pakistan one level ahead.
    "SV-C3": (
        PartyAssessment(AF, Status.NOT_STARTED),
        PartyAssessment(PK, Status.INITIATED, "Draft terms of reference circulated."),
    ),
    # Level: not a gap.
    "SV-C4": (PartyAssessment(AF, Status.COMPLETED), PartyAssessment(PK, Status.COMPLETED)),
    # Pakistan not assessed: the clause is not, and it cannot be compared.
    "SV-C6": (PartyAssessment(AF, Status.INITIATED, "Dates proposed for the visit."),),
    # A principle: judged, never in the reciprocity table.
    "SV-P3": (
        PartyAssessment(AF, Status.UPHELD),
        PartyAssessment(PK, Status.STRAINED, "Shelling reported near Torkham."),
    ),
}
NOTE_COLUMN = MARGIN_LEFT + 74 * 72 / 25.4  # the parts table's third column


def flat(text: str) -> str:
    return " ".join(text.split())


def between(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def entry(rendered: RenderedMemo, heading: str, following: str) -> str:
    """A clause's entry in section 6, as drawn (``-raw``: a table's cells in turn)."""
    assessments = between(flat(rendered.text("-raw")), "6 Assessments, clause by clause", "Annex A")
    return between(assessments, heading, following)


@pytest.fixture(scope="module")
def snapshot() -> MemoSnapshot:
    return build_snapshot(SnapshotSpec(parts=PARTS))


@pytest.fixture(scope="module")
def parties_memo(
    render: Callable[[MemoSnapshot], RenderedMemo], snapshot: MemoSnapshot
) -> RenderedMemo:
    return render(snapshot)


def test_the_snapshot_is_as_the_desk_would_make_it(snapshot: MemoSnapshot) -> None:
    """The statuses below are the domain's, derived from the parts."""
    by_ref = {item.row.clause.ref: item for item in snapshot.clauses}
    assert by_ref["SV-C1"].row.status is Status.NOT_STARTED
    assert by_ref["SV-C2"].row.status is Status.INITIATED
    assert by_ref["SV-C6"].row.status is Status.NOT_ASSESSED
    assert by_ref["SV-P3"].row.status is Status.STRAINED
    assert by_ref["SV-C2"].row.state.parts == (
        PartyAssessment(AF, Status.ADVANCED),
        PartyAssessment(PK, Status.INITIATED),
    )


def test_a_clause_assessed_per_party_shows_its_parts_and_who_decided(
    parties_memo: RenderedMemo,
) -> None:
    c1 = entry(parties_memo, "SV-C1 Joint intelligence-led", "SV-C2 Joint proposal")
    assert "Status: Not started (0 of 3), derived from its parts" in c1
    assert "Decided by Pakistan, the least advanced party." in c1
    assert (
        f"Party Status Latest note on its part Afghanistan Completed (3 of 3) {C1_NOTE} "
        "Pakistan Not started (0 of 3) No note on its part. Rationale" in c1
    )
    # The rationale and the notes follow as for any clause; a note on a party's part
    # says whose it is.
    assert "Rationale A. Officer, 12 March 2021, 16:00 UTC Lead officials named" in c1
    assert f"A. Officer, 10 March 2021, 14:00 UTC · on the part of Afghanistan {C1_NOTE}" in c1

    c2 = entry(parties_memo, "SV-C2 Joint proposal on refugees' return", "SV-C3 Joint proposal")
    assert "Status: Initiated (1 of 3), derived from its parts" in c2
    assert "Decided by Pakistan, the least advanced party." in c2
    # The markup comes back as typed, in the Afghanistan row.
    assert f"Party Status Latest note on its part Afghanistan Advanced (2 of 3) {MARKUP} " in c2
    assert "Pakistan Initiated (1 of 3)" in c2

    c4 = entry(parties_memo, "SV-C4 Lead officials", "SV-C6 Afghan President")
    assert "Status: Completed (3 of 3), derived from its parts" in c4
    assert "Decided by Afghanistan and Pakistan, level with each other." in c4

    c6 = entry(parties_memo, "SV-C6 Afghan President", "SV-C7 Summary")
    assert "Status: Not assessed, derived from its parts" in c6
    assert "Decided by Pakistan, which is not yet assessed" in c6
    assert "Pakistan Not assessed No note on its part." in c6

    p3 = entry(parties_memo, "SV-P3 No use of territory", "SV-P4 Regional")
    assert "Status: Strained, derived from its parts" in p3
    assert "Decided by Pakistan, whose part stands lowest." in p3
    assert "Afghanistan Upheld No note on its part. Pakistan Strained Shelling reported" in p3

    # A clause assessed as a whole reads as before.
    p1 = entry(parties_memo, "SV-P1 A special relationship", "SV-P2")
    assert "Status: Upheld No rationale recorded; no notes." in p1
    assert "derived from its parts" not in p1


def test_a_hostile_note_on_a_part_is_text_never_markup(parties_memo: RenderedMemo) -> None:
    data = parties_memo.data
    assert b"/URI" not in data and b"/JavaScript" not in data and b"/Annot" not in data
    assert b"/Subtype /Image" not in data
    text = flat(parties_memo.text())
    # Twice: in the parts table and under the notes, exactly as typed.
    assert text.count(MARKUP) == 2
    assert "huge</font>" in text


def test_the_urdu_note_on_a_part_reads_right_to_left_in_its_cell(
    parties_memo: RenderedMemo,
) -> None:
    page = next(
        number
        for number, text in enumerate(parties_memo.pages(), start=1)
        if "Status: Initiated (1 of 3), derived from its parts" in text
    )
    words = parties_memo.words(page)
    # Pakistan's row of SV-C2's table: its name in the first column, on a line with
    # Arabic script; the cell goes down to the rationale's label.
    row = next(
        word
        for word in words
        if word.text == "Pakistan"
        and word.x0 < MARGIN_LEFT + 10
        and any(arabic(other.text) and abs(other.y0 - word.y0) < 4 for other in words)
    )
    rationale = min(
        (word for word in words if word.text == "Rationale" and word.y0 > row.y0),
        key=lambda word: word.y0,
    )
    cell = [
        word
        for word in words
        if row.y0 - 4 < word.y0 < rationale.y0 and word.x0 >= NOTE_COLUMN - 1 and arabic(word.text)
    ]
    lines = lines_of(cell)
    assert len(lines) >= 2  # wrapped in its cell
    right = MARGIN_LEFT + FRAME_WIDTH - 4  # the cell's right edge, inside its padding
    for line in lines:
        assert max(word.x1 for word in line) == pytest.approx(right, abs=2)
    read = [w.text[::-1] for line in lines for w in sorted(line, key=lambda w: -w.x1)]
    assert read[:4] == URDU.split()[:4]
    assert "[U+" not in flat(parties_memo.text())


def test_reciprocity_lists_who_is_ahead_by_how_many_levels(
    parties_memo: RenderedMemo, snapshot: MemoSnapshot
) -> None:
    section = between(
        flat(parties_memo.text("-raw")),
        "4 Reciprocity between the parties",
        "5 Disputed assessments",
    )
    assert "on which one party has acted further than another, and by how many levels" in section
    assert (
        "Ref Clause Party ahead Party behind Levels "
        "SV-C1 Joint intelligence-led work against enemies of peace "
        "Afghanistan Completed (3 of 3) Pakistan Not started (0 of 3) 3 "
        "SV-C2 Joint proposal on refugees' return "
        "Afghanistan Advanced (2 of 3) Pakistan Initiated (1 of 3) 1 "
        "SV-C3 Joint proposal on regional connectivity "
        "Pakistan Initiated (1 of 3) Afghanistan Not started (0 of 3) 1 "
        "Not compared, as a party there is not assessed or overtaken: SV-C6."
    ) in section
    # Level, a principle, or assessed as a whole: not listed.
    for ref in ("SV-C4", "SV-P3", "SV-C5", "SV-C8"):
        assert ref not in section.replace("SV-C6", "")
    # The levels are the domain's.
    gaps = reciprocity(snapshot.agreement.clauses, PARTS, AF, PK)
    assert [(gap.ref, gap.ahead, gap.levels) for gap in gaps] == [
        ("SV-C1", AF, 3),
        ("SV-C2", AF, 1),
        ("SV-C3", PK, 1),
    ]


def test_the_summary_gives_the_index_of_each_party_under_the_overall(
    parties_memo: RenderedMemo, snapshot: MemoSnapshot
) -> None:
    first = flat(parties_memo.pages()[0])
    # Overall: SV-C1 0, C2 1, C3 0, C4 3, C5 1 = 5 of 15. Afghanistan adds SV-C6 at
    # its own status (initiated) and counts C1 3, C2 2: 10 of 18. Pakistan: C1 0,
    # C2 1, C3 1, C4 3, C5 1 = 6 of 15 (SV-C6 not assessed for it; SV-C7 binds
    # Afghanistan alone).
    assert snapshot.summary.index_text == "33.3%"
    assert (
        "Implementation index: 33.3% (5 of a possible 15 points over 5 scored commitments; "
        "commitments not assessed or overtaken are left out, never counted as 0). "
        "By party, each commitment at that party's own status: Afghanistan 55.6% · "
        "Pakistan 40.0%."
    ) in first
    by_party = summaries_by_party(
        ((item.row.clause, item.row.status) for item in snapshot.clauses),
        PARTS,
        snapshot.agreement.parties,
        snapshot.as_of,
    )
    assert [by_party[party].index_text for party in (AF, PK)] == ["55.6%", "40.0%"]
    # The summary, its chart and its note still share the first page.
    assert "1 Summary 33.3% " in first
    assert "Darker is further along; hatched: not a score." in first


def test_a_memo_without_parts_keeps_what_it_had(memo: RenderedMemo) -> None:
    text = flat(memo.text("-raw"))
    section = between(text, "4 Reciprocity between the parties", "5 Disputed assessments")
    assert section.strip() == (
        "No clause is assessed party by party yet: each status speaks for every party its "
        "clause binds, so no party stands ahead of another."
    )
    for absent in (
        "derived from its parts",
        "Latest note on its part",
        "on the part of",
        "Decided by",
        "A clause assessed party by party",
    ):
        assert absent not in text
    # Every clause assessed as a whole: each party's index counts the clauses binding
    # it at the clause's status (SV-C7, Afghanistan's alone, is overtaken).
    assert (
        "By party, each commitment at that party's own status: Afghanistan 38.9% · "
        "Pakistan 38.9%." in flat(memo.pages()[0])
    )


def test_an_agreement_of_one_party_has_no_reciprocity_and_numbers_on(
    render: Callable[[MemoSnapshot], RenderedMemo],
) -> None:
    snapshot = build_snapshot()
    alone = dataclasses.replace(
        snapshot.agreement,
        parties=(AF,),
        clauses=tuple(dataclasses.replace(c, parties=(AF,)) for c in snapshot.agreement.clauses),
    )
    items = tuple(
        dataclasses.replace(item, row=dataclasses.replace(item.row, clause=clause))
        for item, clause in zip(snapshot.clauses, alone.clauses, strict=True)
    )
    text = flat(render(dataclasses.replace(snapshot, agreement=alone, clauses=items)).text())
    assert "Reciprocity" not in text and "By party" not in text
    assert "3 Changes since the previous round" in text
    # The disputed assessments come next, numbered on from the changes.
    assert "4 Disputed assessments" in text
    assert "5 Assessments, clause by clause" in text and "5.4 Not assessed" in text
    assert "6 Sign-off" in text
    assert "are reported in section 5." in text


def test_the_parties_are_named_as_the_agreement_file_names_them(
    render: Callable[[MemoSnapshot], RenderedMemo],
) -> None:
    """The Highland Accord (three parties): HA-4 binds Veltria and the Front."""
    snapshot = build_highland_snapshot()
    parts = (
        PartyAssessment("VT", Status.COMPLETED, "All 120 listed prisoners released."),
        PartyAssessment("HLF", Status.INITIATED, "First 40 released; lists disputed."),
    )
    items = []
    for item in snapshot.clauses:
        clause = item.row.clause
        if clause.ref == "HA-4":
            overall = split_status(clause, parts).overall
            state = dataclasses.replace(
                item.row.state,
                status=overall,
                parts=tuple(PartyAssessment(p.party, p.status) for p in parts),
            )
            item = MemoClause(dataclasses.replace(item.row, state=state), parts=parts)
        items.append(item)
    summary = summarise(((i.row.clause, i.row.status) for i in items), snapshot.as_of)
    rendered = render(dataclasses.replace(snapshot, clauses=tuple(items), summary=summary))
    raw = flat(rendered.text("-raw"))
    assert (
        "Republic of Veltria Completed (3 of 3) Highland Liberation Front Initiated (1 of 3) 2"
        in between(raw, "4 Reciprocity between the parties", "5 Disputed assessments")
    )
    ha4 = entry(rendered, "HA-4 (Part One, B) Release of prisoners", "HA-5 (")
    assert "Decided by Highland Liberation Front, the least advanced party." in ha4
    assert (
        "Republic of Veltria Completed (3 of 3) All 120 listed prisoners released. "
        "Highland Liberation Front Initiated (1 of 3) First 40 released; lists disputed." in ha4
    )
    first = flat(rendered.pages()[0])
    assert "By party, each commitment at that party's own status: Republic of Veltria " in first
    assert "· Highland Liberation Front 33.3% · International Observer Mission for the" in first


def test_a_note_on_a_part_longer_than_a_page_goes_on_over_pages(
    render: Callable[[MemoSnapshot], RenderedMemo],
) -> None:
    long = token_text("part", 1500, 3)
    parts = {"SV-C2": (PartyAssessment(AF, Status.ADVANCED, long), PARTS["SV-C2"][1])}
    rendered = render(build_snapshot(SnapshotSpec(parts=parts)))
    words = flat(rendered.text()).split()
    # Every word twice (the parts table, and the notes), none lost or doubled more.
    printed = [word for word in words if word.startswith("partw")]
    assert sorted(set(printed)) == sorted(f"partw{number}" for number in range(1500))
    assert len(printed) == 3000
    # Each page the table goes on to names the clause and repeats the table's header.
    pages = [flat(page) for page in rendered.pages()]
    going_on = [page for page in pages if page.count("partw") and "(continued)" in page]
    assert going_on
    for page in going_on[:2]:
        assert "SV-C2 Joint proposal on refugees' return (continued)" in page


def arabic(text: str) -> bool:
    return any("ARABIC" in unicodedata.name(character, "") for character in text)


def lines_of(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into lines, top to bottom (vertical centres within 4 pt)."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda word: word.y0 + word.y1):
        centre = (word.y0 + word.y1) / 2
        if lines and abs(centre - (lines[-1][0].y0 + lines[-1][0].y1) / 2) < 4:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines
