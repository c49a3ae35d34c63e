"""Evidence and disputes in the memo, read back from the PDF: each assessment with
evidence lists its items (grade, kind, title, source, date, locator, and the first 12
hex digits of a kept file's SHA-256) with the confidence it carries, by the rule or
set by an officer with the reason; the Admiralty grades are explained once, before
the first table; section 5 sets each disputing party's position beside ours, or
says in one sentence that none is disputed. Typed text is printed as typed, an Urdu
title right to left."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pypdf
import pytest
from evidence_snapshots import (
    HOSTILE_TITLE,
    OVERRIDE_REASON,
    SHA_LETTER,
    SHA_MINUTES,
    URDU_TITLE,
    evidence_snapshot,
    item,
)
from memo_snapshots import RenderedMemo, build_snapshot

from vision_desk.domain.evidence import (
    CREDIBILITY,
    RELIABILITY,
    Confidence,
    ConfidenceOverride,
    clause_confidence,
)
from vision_desk.domain.memo import MemoSnapshot

Render = Callable[[MemoSnapshot], RenderedMemo]


def flat(text: str) -> str:
    return " ".join(text.split())


def between(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


@pytest.fixture(scope="module")
def evidence_memo(render: Render) -> RenderedMemo:
    return render(evidence_snapshot())


@pytest.fixture(scope="module")
def raw(evidence_memo: RenderedMemo) -> str:
    """The memo's text as drawn (``-raw``: a table's cells in turn)."""
    return flat(evidence_memo.text("-raw"))


def entry(raw: str, ref: str, following: str) -> str:
    assessments = between(raw, "6 Assessments, clause by clause", "Annex A")
    return between(assessments, f"{ref} ", following)


# -- evidence per assessment -----------------------------------------------------------------


def test_each_assessment_lists_its_evidence_with_grades(raw: str) -> None:
    c1 = entry(raw, "SV-C1", "SV-C2 Joint proposal")
    assert "Evidence (2) Confidence: high (by the rule)" in c1
    assert "Grade Kind Title Source Date Locator" in c1
    assert (
        "B2 Meeting record Minutes of the joint working group File: minutes <2021>.pdf · "
        f"SHA-256 {SHA_MINUTES[:12]} Joint secretariat 2 Dec 2020 items 3–5" in c1
    )
    assert (
        f"A1 Letter Letter naming the lead officials File: letter.txt · SHA-256 {SHA_LETTER[:12]} "
        "Ministry of Foreign Affairs 9 Dec 2020 —" in c1
    )
    # Twelve hex digits, never the whole hash.
    assert SHA_MINUTES[:13] not in raw and SHA_LETTER[:13] not in raw
    # The evidence comes after the rationale and before the notes.
    assert c1.index("Rationale") < c1.index("Evidence (2)") < c1.index("Notes (2)")


def test_confidence_by_the_rule_and_set_by_an_officer(raw: str) -> None:
    assert "Confidence: medium (by the rule)" in entry(raw, "SV-C2", "SV-C3 Joint proposal")
    c3 = entry(raw, "SV-C3", "SV-C4 ")
    # The reason is typed text: its markup printed as typed, never applied.
    assert (
        f"Evidence (1) Confidence: medium, set by B. Analyst: {OVERRIDE_REASON} "
        "(the rule gives low)" in c3
    )
    assert "E5 Official statement Statement after the cabinet meeting Spokesperson" in c3


def test_an_override_at_the_rules_own_level_says_so(render: Render) -> None:
    evidence = {"SV-C1": (item(1, "A1", "Minutes", "Secretariat"),)}
    at = dt.datetime(2021, 3, 14, 9, 0, tzinfo=dt.UTC)
    override = ConfidenceOverride(Confidence.HIGH, "checked twice", at, "B. Analyst")
    confidence = {"SV-C1": clause_confidence(evidence["SV-C1"], override)}
    text = flat(render(evidence_snapshot(evidence, confidence, disputes=False)).text("-raw"))
    assert "Confidence: high (by the rule, confirmed by B. Analyst: checked twice)" in text


def test_the_grades_are_explained_once_before_the_first_table(raw: str) -> None:
    assert raw.count("How evidence is graded") == 1
    key = between(raw, "How evidence is graded", "SV-C1 ")
    assert "Admiralty scale" in key and "B2 is thus a usually reliable source" in key
    for letter, words in RELIABILITY.items():
        assert f"{letter} {words.capitalize()}" in key
    for figure, words in CREDIBILITY.items():
        assert f"{figure} {words.capitalize()}" in key
    assert "It is high with two strong items" in key
    assert "The memo cites 5 items of evidence for 3 clauses." in key
    assert raw.index("How evidence is graded") < raw.index("Evidence (2)")


def test_a_memo_without_evidence_has_no_key_and_no_tables(memo: RenderedMemo) -> None:
    text = flat(memo.text())
    assert "How evidence is graded" not in text
    assert "Evidence (" not in text and "Confidence:" not in text


def test_evidence_alone_gives_a_clause_its_entry(render: Render) -> None:
    # SV-R7 is not assessed and has no note: without evidence it is a line of the
    # gathered table; with an item cited, an entry of its own that shows it.
    evidence = {"SV-R7": (item(9, "C2", "Ceasefire talks resume", "Wire service"),)}
    text = flat(render(evidence_snapshot(evidence, {}, disputes=False)).text("-raw"))
    assessments = between(text, "6 Assessments, clause by clause", "Annex A")
    own = assessments.split("Not assessed or carried over, with nothing recorded")[0]
    assert "SV-R7 Reduction in violence leading to a ceasefire" in own
    assert "Evidence (1) Grade Kind Title" in own and "C2 Report Ceasefire talks resume" in own


def test_hostile_evidence_is_printed_as_typed(evidence_memo: RenderedMemo, raw: str) -> None:
    c2 = entry(raw, "SV-C2", "SV-C3 Joint proposal")
    # Control characters left out, the rest exactly as typed.
    assert flat(HOSTILE_TITLE.replace("\x07", "").replace("\x00", "")) in c2
    assert "Press <i>agency</i> & wire" in c2 and "p. <2>" in c2
    data = evidence_memo.data
    assert b"/Annot" not in data and b"/Subtype /Image" not in data and b"/URI" not in data
    reader = pypdf.PdfReader(evidence_memo.path)
    assert reader.metadata is not None and "Analyst" not in str(reader.metadata)


def test_an_urdu_evidence_title_runs_right_to_left(evidence_memo: RenderedMemo) -> None:
    logical = URDU_TITLE.split()
    page = next(
        number
        for number in range(1, len(evidence_memo.pages()) + 1)
        if any(word.text[::-1] == logical[1] for word in evidence_memo.words(number))
    )
    words = evidence_memo.words(page)
    second = next(word for word in words if word.text[::-1] == logical[1])
    # The title's first word, on the same line (another Urdu text has it too).
    first = next(
        word for word in words if word.text[::-1] == logical[0] and abs(word.y0 - second.y0) < 2
    )
    assert second.x1 <= first.x0


# -- disputed assessments --------------------------------------------------------------------


def test_the_disputes_are_set_side_by_side(raw: str) -> None:
    section = between(raw, "5 Disputed assessments", "6 Assessments, clause by clause")
    assert "3 stated positions on 3 clauses differ from ours." in section
    assert "Clause Party The party says We assess Levels apart What was said, where and when" in (
        section
    )
    assert (
        "SV-C1 Joint intelligence-led work against enemies of peace Pakistan Completed (3 of 3) "
        "Initiated (1 of 3) 2 the party claims more All lead officials are named and working "
        "press conference in Islamabad, 3 December 2020" in section
    )
    assert (
        "SV-C2 Joint proposal on refugees' return Afghanistan Not started (0 of 3) "
        "Advanced (2 of 3) 2 the party claims less" in section
    )
    # What a party said is typed text: printed as typed.
    assert "<b>A draft</b> & more is with the committee joint statement, 20 January 2021" in (
        section
    )


def test_no_dispute_is_one_calm_sentence_and_the_numbers_follow(render: Render) -> None:
    text = flat(render(evidence_snapshot(disputes=False)).text())
    section = between(text, "5 Disputed assessments", "6 Assessments, clause by clause")
    assert flat(section) == (
        "No party has stated a position that differs from our assessment by a level or "
        "more: no assessment is disputed."
    )
    assert "7 Sign-off" in text


def test_the_sections_are_numbered_from_the_content(memo: RenderedMemo) -> None:
    text = flat(memo.text())
    order = [
        "1 Summary",
        "2 Time-bound commitments",
        "3 Changes since the previous round",
        "4 Reciprocity between the parties",
        "5 Disputed assessments",
        "6 Assessments, clause by clause",
        "7 Sign-off",
    ]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "are reported in section 6." in text


def test_a_dispute_names_the_party_as_the_agreement_does(render: Render) -> None:
    snapshot = evidence_snapshot()
    agreement = snapshot.agreement
    pakistan = dataclasses.replace(
        agreement.party("PK"), name="Islamic Republic of Pakistan", short_name="Pakistan (IRP)"
    )
    renamed = dataclasses.replace(agreement, party_registry=(agreement.party("AF"), pakistan))
    text = flat(render(dataclasses.replace(snapshot, agreement=renamed)).text("-raw"))
    section = between(text, "5 Disputed assessments", "6 Assessments, clause by clause")
    assert "Pakistan (IRP) Completed (3 of 3)" in section


def test_the_base_snapshot_has_no_disputes() -> None:
    assert build_snapshot().disputes == ()
