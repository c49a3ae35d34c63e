"""The rules of docs/evidence.md, as pure functions: the grade, the confidence rule
case by case, the item's digest as the page writes it, and what a file kept with
evidence must be."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest

from vision_desk.domain.attachments import checked_content, checked_name
from vision_desk.domain.evidence import (
    Confidence,
    EvidenceItem,
    EvidenceKind,
    confidence,
    parse_grade,
)
from vision_desk.errors import UserError

DOC = Path(__file__).resolve().parents[2] / "docs" / "evidence.md"
AT = dt.datetime(2020, 12, 2, tzinfo=dt.UTC)


def _item(grade: str, source: str = "Embassy") -> EvidenceItem:
    reliability, credibility = parse_grade(grade)
    return EvidenceItem(
        1, EvidenceKind.REPORT, "t", source, dt.date(2020, 12, 2), "", reliability,
        credibility, AT, "x",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("grades", "expected"),
    [
        ((), Confidence.LOW),
        (("D4",), Confidence.LOW),
        (("F1",), Confidence.LOW),  # confirmed, but from a source nobody can judge
        (("C3",), Confidence.MEDIUM),
        (("B2",), Confidence.MEDIUM),  # one strong source alone
        (("B1",), Confidence.HIGH),  # strong and confirmed by other sources
        (("A2", "B2"), Confidence.MEDIUM),  # two items, one source: see below
        (("C4", "E5"), Confidence.LOW),
    ],
)
def test_the_confidence_rule_case_by_case(grades: tuple[str, ...], expected: Confidence) -> None:
    assert confidence([_item(grade) for grade in grades]) is expected


def test_two_strong_items_count_only_from_two_sources() -> None:
    same = [_item("A2", "Embassy, Islamabad"), _item("B2", " embassy,  ISLAMABAD ")]
    assert confidence(same) is Confidence.MEDIUM
    assert confidence([_item("A2", "Embassy"), _item("B2", "MoFA")]) is Confidence.HIGH


@pytest.mark.parametrize("text", ["b2", "B 2", " B2 "])
def test_a_grade_is_read_as_written(text: str) -> None:
    assert parse_grade(text) == ("B", 2)


@pytest.mark.parametrize("text", ["G2", "B7", "2B", "B", "B22", ""])
def test_a_grade_off_the_scale_is_refused(text: str) -> None:
    with pytest.raises(UserError, match="not a grade"):
        parse_grade(text)


def test_the_documented_digest_form_is_the_programs() -> None:
    page = DOC.read_text(encoding="utf-8")
    form = re.search(r"```json\n(.*?)\n```", page, flags=re.DOTALL)
    assert form is not None
    shown = json.loads(form.group(1))
    reliability, credibility = parse_grade(shown["grade"])
    item = EvidenceItem(
        1, EvidenceKind(shown["kind"]), shown["title"], shown["source"],
        dt.date.fromisoformat(shown["date"]), shown["locator"], reliability, credibility,
        AT, "anyone",
    )  # fmt: skip
    assert item.digest == hashlib.sha256(form.group(1).encode("utf-8")).hexdigest()


@pytest.mark.parametrize(
    "name",
    ["report\u202efdp.exe", "a/b.pdf", "..", ".pdf", "x.pdf.", "x.pdf ", "COM1.txt", "COM\u00b9.txt", "lpt\u00b2.pdf", "a:b.txt", "a?.pdf", "x.exe",
     "tab\there.pdf", "x" * 121 + ".pdf"],
)  # fmt: skip
def test_a_name_that_could_deceive_is_refused(name: str) -> None:
    with pytest.raises(UserError):
        checked_name(name)


def test_the_contents_must_be_what_the_name_says() -> None:
    assert checked_content("a.pdf", b"%PDF-1.7 ...") == "application/pdf"
    assert checked_content("a.PNG", b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert checked_content("a.jpeg", b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert checked_content("a.txt", "Kabul, کابل\n".encode()) == "text/plain"
    for name, data in (("a.png", b"%PDF-"), ("a.txt", b"\x00\x01"), ("a.pdf", b"<html>")):
        with pytest.raises(UserError):
            checked_content(name, data)


def test_one_source_typed_or_pasted_differently_is_one_source() -> None:
    composed, decomposed = "D\u00e9l\u00e9gation UE", "De\u0301le\u0301gation UE"
    assert confidence([_item("A2", composed), _item("B2", decomposed)]) is Confidence.MEDIUM
    hidden = [_item("A2", "MoFA Kabul"), _item("B2", "MoFA\u200b Kabul")]
    assert confidence(hidden) is Confidence.MEDIUM
