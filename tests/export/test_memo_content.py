"""What the memo says, read back from the PDF with poppler (pdftotext) and pypdf:
the memo block, the marking and "Page X of Y" on every page, the summary, the
deadlines, the changes, each clause's assessment and notes, the annex, metadata and
bookmarks; and that qpdf finds nothing wrong with the file."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable

import pypdf
import pytest
from memo_snapshots import (
    CONTENT_HASH,
    DARI,
    FONTS,
    MIXED,
    RenderedMemo,
    SnapshotSpec,
    build_snapshot,
)

from vision_desk.domain.memo import MemoOptions, MemoSnapshot
from vision_desk.domain.rules import printed_shares
from vision_desk.domain.status import COMMITMENT_SCALE
from vision_desk.errors import UserError
from vision_desk.export.memo import render_memo


def flat(text: str) -> str:
    """Text with every run of white space made one space (pdftotext breaks lines)."""
    return " ".join(text.split())


def test_qpdf_finds_nothing(memo: RenderedMemo, provisional_memo: RenderedMemo) -> None:
    for rendered in (memo, provisional_memo):
        result = subprocess.run(
            ["qpdf", "--check", str(rendered.path)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors found" in result.stdout


def test_memo_block_round_as_of_and_content_hash(memo: RenderedMemo) -> None:
    first = flat(memo.pages()[0])
    assert "REVIEW MEMO" in first
    for expected in (
        "To Director, South Asia Division",
        "From Desk Officer, Afghanistan–Pakistan",
        "Date 19 March 2021",
        "Subject The Shared Vision four months on: first-quarter review",
        "Round Q1 2021 review, as of 15 March 2021; closed 16 March 2021, 17:45 UTC",
        "As of 15 March 2021",
    ):
        assert expected in first
    # The hash is printed whole, so it can be copied and compared with the store.
    assert f"SHA-256 {CONTENT_HASH}" in first
    assert "provisional" not in first.lower()


def sign_off_page(rendered: RenderedMemo) -> str:
    """The text of the sign-off section, from its heading to the annex."""
    whole = flat(" ".join(rendered.pages()))
    return whole.split("7 Sign-off", 1)[1].split("Annex A", 1)[0]


def test_the_memo_prints_who_submitted_reviewed_and_approved(memo: RenderedMemo) -> None:
    first = flat(memo.pages()[0])
    assert "closed 16 March 2021, 17:45 UTC; approved by C. Director, 18 March 2021" in first
    section = sign_off_page(memo)
    assert (
        "Step By When "
        "Submitted A. Officer 16 March 2021, 17:45 UTC "
        "Reviewed B. Reviewer 17 March 2021, 11:30 UTC "
        "Approved C. Director 18 March 2021, 11:30 UTC"
    ) in section
    assert (
        f"Each step signed the content hash on the first page: SHA-256 {CONTENT_HASH}." in section
    )
    assert "Awaiting" not in section and "one officer" not in section


@pytest.mark.parametrize(
    ("stage", "awaited", "head"),
    [
        (
            "submitted",
            "Awaiting review, then approval: this memo is not yet approved.",
            "submitted, awaiting review",
        ),
        (
            "reviewed",
            "Awaiting approval: this memo is not yet approved.",
            "reviewed, awaiting approval",
        ),
    ],
)
def test_a_memo_before_approval_says_what_is_awaited(
    render: Callable[..., RenderedMemo], stage: str, awaited: str, head: str
) -> None:
    rendered = render(build_snapshot(SnapshotSpec(sign_off=stage)))
    assert f"17:45 UTC; {head}" in flat(rendered.pages()[0])
    section = sign_off_page(rendered)
    assert section.startswith(f" {awaited}")
    assert "Approved awaited —" in section
    assert "approved by" not in flat(rendered.pages()[0])


def test_one_officers_memo_says_plainly_that_they_held_every_role(
    render: Callable[..., RenderedMemo],
) -> None:
    section = sign_off_page(render(build_snapshot(SnapshotSpec(one_officer=True))))
    assert "Approved A. Officer 18 March 2021, 11:30 UTC" in section
    assert (
        "Signed off on one officer's own store: there the officer holds every role, so "
        "each such step is the officer's own and no server checked that a second officer "
        "took it."
    ) in section
    assert "(own store)" not in section  # every step was: the sentence says it once


def test_a_provisional_memo_has_no_sign_off(provisional_memo: RenderedMemo) -> None:
    assert "Sign-off" not in flat(" ".join(provisional_memo.pages()))


def test_provisional_memo_says_so_and_has_no_hash(provisional_memo: RenderedMemo) -> None:
    pages = [flat(page) for page in provisional_memo.pages()]
    assert "Round No closed round: provisional" in pages[0]
    assert "It has no content hash" in pages[0]
    assert "SHA-256" not in " ".join(pages)
    assert "Changes since the previous round" in " ".join(pages)
    for page in pages:
        assert "PROVISIONAL: no closed round" in page


def test_marking_and_page_x_of_y_on_every_page(memo: RenderedMemo) -> None:
    pages = memo.pages()
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        # The marking heads and foots every page.
        assert lines[0] == "OFFICIAL-SENSITIVE"
        assert lines[-1] == "OFFICIAL-SENSITIVE"
        assert f"Page {number} of {len(pages)}" in page


def test_marking_follows_the_options(
    render: Callable[[MemoSnapshot], RenderedMemo],
) -> None:
    options = MemoOptions(date=build_snapshot().options.date, classification="SECRET // UK EYES")
    rendered = render(build_snapshot(SnapshotSpec(options=options)))
    for page in rendered.pages():
        assert page.count("SECRET // UK EYES") == 2


def test_summary_shares_add_to_100_and_equal_counts_print_equal(memo: RenderedMemo) -> None:
    snapshot = build_snapshot()
    summary = snapshot.summary
    first = flat(memo.pages()[0])
    # One commitment at each of four levels among eight: 12.5 % each. Whole percents
    # would have to print 13, 13, 12 and 12 for four equal counts to add up to 100;
    # the memo gives one decimal instead, so equal counts print equal.
    shares, decimals = printed_shares(summary.commitment_counts)
    assert decimals == 1
    assert sum(shares.values()) == 100
    for status in COMMITMENT_SCALE:
        count = summary.commitment_counts[status]
        assert f"{status.label} {count} {float(shares[status]):.1f}%" in first
    assert "Not assessed 1 12.5%" in first and "Overtaken 1 12.5%" in first
    assert "Not started 2 25.0%" in first and "Initiated 2 25.0%" in first
    # 7 of a possible 18 points: 38.888… %, printed with one decimal everywhere.
    assert summary.index_text == "38.9%"
    assert "Implementation index: 38.9% (7 of a possible 18 points" in first
    assert "1 Summary 38.9% " in first  # the key figure, first on the page
    # The principles' key figure says what each number counts.
    assert "4 upheld · 2 strained · 1 breached" in first
    assert "standing principles, of 9; 2 not assessed" in first
    assert "Upheld 4" in first and "Strained 2" in first and "Breached 1" in first
    assert "22% 45% 22% 11%" in first  # the principles' bar: 2, 4, 2 and 1 of 9
    # How ties are broken is said under the chart.
    assert "equal counts print equal shares (they take a point together or none does" in first


def test_time_bound_commitments_with_deadline_status_and_days_overdue(memo: RenderedMemo) -> None:
    text = flat(memo.text("-layout"))
    section = text[text.index("2 Time-bound commitments") : text.index("3 Changes since")]
    # SV-C1 is due by 15 December 2020: on 15 March 2021 that is 90 days late.
    assert re.search(
        r"SV-C1 Joint intelligence-led work against .*?By 15 December 2020 Initiated 90", section
    )
    assert re.search(
        r"SV-C2 Joint proposal on refugees' return By 1 January 2021 Advanced 73", section
    )
    assert re.search(r"SV-C4 Lead officials .*?Completed —", section)
    # The first quarter of 2021 runs to 31 March: due in 16 days, not overdue.
    assert "In the first quarter of 2021 Not started due in 16" in section
    assert "SV-C5" not in section  # no deadline


def test_changes_since_the_previous_round(memo: RenderedMemo) -> None:
    text = flat(memo.text())
    section = text[text.index("3 Changes since") : text.index("4 Reciprocity")]
    assert "Compared with December 2020 stock-take, as of 31 December 2020." in section
    # The desk's comparison, clause by clause: status and overdue then -> now.
    assert "4 clauses of 24 changed" in section
    assert (
        "SV-C2 Joint proposal on refugees' return Initiated to Advanced not overdue to overdue "
        "improved, newly overdue" in section
    )
    assert re.search(r"SV-P5 .*?Strained to Breached not overdue regressed", section)
    assert "[U+" not in section  # every character in the memo's fonts
    assert re.search(r"SV-C3 .*? stalled", section)
    assert "What the categories mean: improved, higher on its scale" in section
    assert "SV-C5" not in section  # unchanged: not listed


def test_no_previous_round_is_said_plainly(
    render: Callable[[MemoSnapshot], RenderedMemo],
) -> None:
    rendered = render(build_snapshot(SnapshotSpec(changes=False)))
    assert "There is no earlier closed round to compare this one with." in flat(rendered.text())


def test_each_assessment_has_its_rationale_and_notes_with_author_and_date(
    memo: RenderedMemo,
) -> None:
    text = flat(memo.text())
    section = text[text.index("6 Assessments") : text.index("Annex A")]
    c1 = section[section.index("SV-C1") : section.index("SV-C2 Joint proposal")]
    assert "Status: Initiated (1 of 3)" in c1
    assert "Rationale A. Officer, 12 March 2021, 16:00 UTC Lead officials named (verifiable)" in c1
    assert "Notes (2) A. Officer, 1 February 2021, 10:15 UTC Joint working group met twice" in c1
    assert "A. Officer, 2 February 2021, 10:15 UTC" in c1
    assert "No rationale recorded; no notes." in section  # SV-P1: upheld, nothing said
    # SV-C5, carried over with nothing recorded, is a line of the gathered table.
    gathered = section[section.index("6.4 Not assessed or carried over") :]
    assert "SV-C5 Leaders visit each other's capitals in turn" in gathered
    assert "Initiated (1 of 3), carried over (set 1 March 2021)" in gathered


def test_annex_has_every_clause_text_quotes_marked_and_provenance(memo: RenderedMemo) -> None:
    text = flat(memo.text())
    annex = text[text.index("Annex A") :]
    agreement = build_snapshot().agreement
    for clause in agreement.clauses:
        assert f"{clause.ref} {flat(clause.title)}" in annex
        assert flat(clause.text) in annex
        for quote in clause.quotes:
            # Verbatim quotes are set in quotation marks under their own label.
            assert f"“{flat(quote)}”" in annex
        assert flat(clause.provenance.locator) in annex
    assert annex.count("Verbatim from the source") == sum(1 for c in agreement.clauses if c.quotes)
    assert "Annex B Sources" in annex
    assert "Pakistan, Afghanistan agree to protect each other’s territory" in annex


def test_metadata_holds_the_memo_block_and_never_a_note(memo: RenderedMemo) -> None:
    reader = pypdf.PdfReader(memo.path)
    info = reader.metadata
    assert info is not None
    assert info.title == "Review memo: A Shared Vision, Q1 2021 review"
    assert info.author == "Desk Officer, Afghanistan–Pakistan"
    assert info.subject == "The Shared Vision four months on: first-quarter review"
    assert "OFFICIAL-SENSITIVE" in (info.get("/Keywords") or "")
    assert info.get("/CreationDate", "").startswith("D:20210319")
    metadata = " ".join(str(value) for value in info.values())
    for note in (MIXED, DARI, "Joint working group", "Lead officials named"):
        assert note not in metadata
        assert note[:12] not in metadata


def test_outline_has_the_sections_and_each_clause(memo: RenderedMemo) -> None:
    reader = pypdf.PdfReader(memo.path)
    entries: list[tuple[int, str, int]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                entries.append((depth, item.title, reader.get_destination_page_number(item) + 1))  # type: ignore[attr-defined]

    walk(reader.outline, 0)
    top = [title for depth, title, _ in entries if depth == 0]
    assert top == [
        "Memorandum",
        "1  Summary",
        "2  Time-bound commitments",
        "3  Changes since the previous round",
        "4  Reciprocity between the parties",
        "5  Disputed assessments",
        "6  Assessments, clause by clause",
        "7  Sign-off",
        "Annex A  Text of the clauses",
        "Annex B  Sources",
    ]
    clause_entries = [title for depth, title, _ in entries if depth == 2]
    assert len(clause_entries) == len(build_snapshot().clauses)
    # Each bookmark leads to the page where its heading is printed.
    pages = memo.pages()
    for depth, title, page in entries[1:]:
        if depth <= 1:
            assert flat(title) in flat(pages[page - 1]), title


def test_missing_fonts_are_an_expected_error(tmp_path: pytest.TempPathFactory) -> None:
    with pytest.raises(UserError, match="fonts are missing"):
        render_memo(build_snapshot(), tmp_path)  # type: ignore[arg-type]
    assert FONTS.is_dir()


def test_no_heading_or_label_ends_a_page(render: Callable[[MemoSnapshot], RenderedMemo]) -> None:
    """Headings, facts, status, labels and bylines go with the text under them."""
    long_note = "\n".join(
        f"Paragraph {number}: the working group met and agreed on the next steps." * 2
        for number in range(9)
    )
    notes = {clause: (long_note, long_note) for clause in ("SV-C1", "SV-C2", "SV-C3", "SV-P1")}
    rendered = render(build_snapshot(SnapshotSpec(notes=notes)))
    heads = re.compile(
        r"^(SV-[CPR]\d+ |Commitment ·|Principle ·|Status:|Rationale$|Notes \(|A\. Officer,)"
    )
    # A row of the gathered table starts with a reference too, and may end a page.
    row = re.compile(r"^SV-[CPR]\d+ .*\s{2,}(Commitment|Principle|Related undertaking)\s{2,}")
    for number, page in enumerate(rendered.pages()[:-1], start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = lines[:-2]  # the footer: running title and page number, then the marking
        if row.match(body[-1]):
            continue
        assert not heads.match(flat(body[-1])), (number, body[-1])
    text = flat(rendered.text())
    assert text.count("Paragraph 8: the working group") == 16


def test_clauses_with_nothing_recorded_are_one_table_not_a_paragraph_each(
    memo: RenderedMemo, render: Callable[[MemoSnapshot], RenderedMemo]
) -> None:
    snapshot = build_snapshot()
    text = flat(memo.text("-layout"))
    section = text[text.index("6 Assessments") : text.index("Annex A")]
    gathered = section[section.index("6.4 Not assessed or carried over, with nothing recorded") :]
    listed = ["SV-C5", "SV-C8", "SV-P8", "SV-P9", "SV-R2", "SV-R4", "SV-R5", "SV-R6", "SV-R7"]
    assert (
        "9 clauses with neither a rationale nor a note: 8 clauses not assessed, 1 carried over"
        in (gathered)
    )
    assert re.findall(r"\bSV-[CPR]\d+\b", gathered) == listed
    for ref in listed:
        # No block of their own above: no heading, no "Status: Not assessed".
        title = next(c.row.clause.title for c in snapshot.clauses if c.row.clause.ref == ref)
        assert f"{ref} {title}" not in section[: section.index("6.4 ")]
    assert "Status: Not assessed" not in section
    # Each still has its bookmark, at the table.
    reader = pypdf.PdfReader(memo.path)
    titles = [entry.title for entry in _flat_outline(reader.outline)]
    assert "SV-R7  Reduction in violence leading to a ceasefire" in titles
    # A clause not assessed but with a note keeps its block, with the note.
    notes = {"SV-R7": ("Talks on a ceasefire are said to resume in April.",)}
    spec = SnapshotSpec(notes=notes, provisional=True, carried_over=())
    text = flat(render(build_snapshot(spec)).text("-layout"))
    section = text[text.index("6 Assessments") : text.index("Annex A")]
    assert "SV-R7 Reduction in violence leading to a ceasefire" in section
    assert "Status: Not assessed" in section and "Talks on a ceasefire" in section
    # Provisional: no round, nothing carried over, and the memo does not talk of it.
    assert "carried over" not in section
    gathered = section[section.index("6.4 Not assessed, with nothing recorded") :]
    assert "SV-R7" not in gathered and "SV-R6" in gathered


def _flat_outline(items: list[object]) -> list[pypdf.generic.Destination]:
    found: list[pypdf.generic.Destination] = []
    for item in items:
        if isinstance(item, list):
            found += _flat_outline(item)
        else:
            assert isinstance(item, pypdf.generic.Destination)
            found.append(item)
    return found
