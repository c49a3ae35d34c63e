"""A version-2 agreement in the memo (the Highland Accord of docs/agreement-format.md):
the document's own numbering beside each reference, the parties by the names the
file gives, deadlines counted from an event with their rule and date (or waiting on
the event, never overdue), and the clause's texts in the languages it was signed in,
right to left where they run so. Read back from the PDF."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from memo_snapshots import RenderedMemo, Word, build_highland_snapshot

from vision_desk.domain.deadlines import EventRecord
from vision_desk.domain.memo import MemoSnapshot
from vision_desk.export.styles import FRAME_WIDTH, MARGIN_LEFT

RELEASED = EventRecord("prisoner-release", dt.date(2020, 6, 1), "observer report")
RIGHT_EDGE = MARGIN_LEFT + FRAME_WIDTH


@pytest.fixture(scope="module")
def highland(render: Callable[[MemoSnapshot], RenderedMemo]) -> RenderedMemo:
    """As of 1 August 2020, no event recorded: HA-5 and HA-6 wait on theirs."""
    return render(build_highland_snapshot())


@pytest.fixture(scope="module")
def released(render: Callable[[MemoSnapshot], RenderedMemo]) -> RenderedMemo:
    """The same, the prisoners released on 1 June 2020: HA-5 due 1 July, overdue."""
    return render(build_highland_snapshot([RELEASED]))


def flat(text: str) -> str:
    return " ".join(text.split())


def section(memo: RenderedMemo, start: str, end: str) -> str:
    """A part of the memo as drawn (``-raw``: each table row's cells in turn)."""
    text = memo.text("-raw")
    return text.split(start, 1)[1].split(end, 1)[0]


def deadline_rows(memo: RenderedMemo) -> dict[str, str]:
    """Section 2's table, row by row, by reference."""
    table = section(memo, "Ref Commitment Deadline Status Days", "3 Changes since")
    rows = re.split(r"\n(?=HA-)", table.split("overdue\n", 1)[1])
    return {row.split()[0]: flat(row) for row in rows if row.strip()}


def test_the_memo_names_the_parties_as_the_file_does(highland: RenderedMemo) -> None:
    text = flat(highland.text())
    assert (
        "Parties: Republic of Veltria, Highland Liberation Front and International Observer "
        "Mission for the Highlands." in text
    )
    # A clause's facts name its own parties the same way.
    assert "Commitment · Prisoners · Republic of Veltria and Highland Liberation Front" in text
    assert "International Observer Mission for the Highlands · Within two months" in text


def test_each_heading_gives_the_documents_numbering_beside_the_reference(
    highland: RenderedMemo,
) -> None:
    assessments = flat(section(highland, "6 Assessments, clause by clause", "Annex A"))
    annex = flat(section(highland, "Annex A", "Annex B"))
    for heading in (
        "HA-2 (Part One, A, 1) Forces in the highlands reduced by half",
        "HA-1 (Part Two, 1) No use of the highlands against others",
        "HA-7 (Part Three, 1) First monitoring report",
    ):
        assert heading in assessments
        assert heading in annex
    # HA-R1 has no numbering in the file: its heading is as a version-1 clause's.
    assert "HA-R1 Donors' conference for the highlands" in annex
    assert "HA-R1 (" not in annex
    # The time-bound table puts it under the title.
    assert deadline_rows(highland)["HA-2"].startswith(
        "HA-2 Forces in the highlands reduced by half Part One, A, 1"
    )


def test_a_deadline_counted_from_signature_shows_its_rule_and_date(
    highland: RenderedMemo,
) -> None:
    rows = deadline_rows(highland)
    assert rows["HA-2"] == (
        "HA-2 Forces in the highlands reduced by half Part One, A, 1 Within the first 135 days "
        "135 days after signature (29 February 2020): 13 July 2020 Advanced 19"
    )
    # Twelve months from 29 February 2020 is 28 February 2021 (the calendar rule).
    assert "12 months after signature (29 February 2020): 28 February 2021" in rows["HA-R1"]
    assert rows["HA-7"].endswith(
        "2 months after signature (29 February 2020): 29 April 2020 Initiated 94"
    )
    # A dated deadline reads as before.
    assert rows["HA-4"] == "HA-4 Release of prisoners Part One, B By 10 March 2020 Completed —"
    # Section 4 says it too, with how late it is.
    assert (
        "Within the first 135 days · 135 days after signature (29 February 2020): 13 July 2020 "
        "· overdue by 19 days" in flat(highland.text())
    )


def test_a_deadline_whose_event_has_not_happened_waits_and_is_never_overdue(
    highland: RenderedMemo,
) -> None:
    rows = deadline_rows(highland)
    assert rows["HA-5"] == (
        "HA-5 Highland talks begin Part Two, 2 30 days after the release of prisoners "
        "waiting on the release of prisoners Not assessed waiting"
    )
    assert rows["HA-6"].endswith("waiting on the start of the highland talks Not assessed waiting")
    text = flat(highland.text())
    assert "2 clauses are overdue (HA-2, HA-7)." in text
    assert "it is waiting on it, and never overdue" in text
    assert "30 days after the release of prisoners · waiting on the release of prisoners" not in (
        # HA-5 has nothing recorded: it is in the gathered table, not a block of facts.
        flat(section(highland, "6 Assessments", "6.3"))
    )


def test_once_the_event_is_dated_the_deadline_counts_from_it(released: RenderedMemo) -> None:
    rows = deadline_rows(released)
    assert rows["HA-5"] == (
        "HA-5 Highland talks begin Part Two, 2 30 days after the release of prisoners "
        "30 days after the release of prisoners (1 June 2020): 1 July 2020 Not assessed 31"
    )
    assert "3 clauses are overdue (HA-2, HA-5, HA-7)." in flat(released.text())
    # The other event is still awaited.
    assert rows["HA-6"].endswith("Not assessed waiting")


def test_the_annex_prints_the_texts_of_each_language_under_the_english(
    highland: RenderedMemo,
) -> None:
    annex = flat(section(highland, "Annex A", "Annex B"))
    ha2 = annex.split("HA-2 (Part One, A, 1)", 1)[1].split("HA-3 (", 1)[0]
    summary = ha2.index("Summary (the project's words) Veltria reduces its forces")
    dari = ha2.index("In Dari (the document's words; authoritative)")
    pashto = ha2.index("In Pashto (the document's words)")
    assert summary < dari < pashto < ha2.index("Provenance:")
    # A clause the file gives in English only has no such label.
    ha5 = annex.split("HA-5 (Part Two, 2)", 1)[1].split("HA-6 (", 1)[0]
    assert "the document's words" not in ha5
    assert "where the document says which text prevails, that one is marked authoritative" in (
        flat(section(highland, "Annex A", "HA-1"))
    )


def test_the_texts_run_right_to_left_in_the_annex(highland: RenderedMemo) -> None:
    """Every line of Dari or Pashto is set against the right margin, and read from
    the right it reads as written: HA-2's Dari and Pashto texts begin "ولتریا ظرف"
    and "ولتریا به د لومړیو" (pdftotext gives an Arabic-script word as drawn, that
    is reversed)."""
    read: list[list[str]] = []
    annex = next(
        number for number, page in enumerate(highland.pages(), start=1) if "Annex A" in page
    )
    for page in range(annex, len(highland.pages()) + 1):
        for line in _lines(highland.words(page)):
            if not any(_arabic(word.text) for word in line):
                continue
            assert max(word.x1 for word in line) == pytest.approx(RIGHT_EDGE, abs=2)
            ordered = sorted(line, key=lambda word: -word.x1)
            read.append([w.text[::-1] if _arabic(w.text) else w.text for w in ordered])
    assert ["ولتریا", "ظرف", "۱۳۵"] in [words[:3] for words in read]
    assert ["ولتریا", "به", "د", "لومړیو"] in [words[:4] for words in read]
    assert ["جبهه", "به", "هیچ"] in [words[:3] for words in read]


def _arabic(text: str) -> bool:
    """Arabic-script letters (Eastern digits run left to right, and come out so)."""
    return any("\u0600" <= c <= "\u06ff" and not c.isdigit() for c in text)


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines, top to bottom (centres within 4 pt)."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda word: word.y0 + word.y1):
        centre = (word.y0 + word.y1) / 2
        if lines and abs(centre - (lines[-1][0].y0 + lines[-1][0].y1) / 2) < 4:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines
