"""Bidi levels of mixed text, as the memo's layout computes them (``bidi_levels``,
through ``direction.embedding_levels``).

The expected levels were taken once from the implementation this replaced (the
levels of python-bidi 0.6.12's Rust crate, read from its debug report) and frozen
here, so that replacing it changed no layout. The one deliberate difference is
pinned in ``test_bracket_after_an_isolate_follows_the_standard``.
"""

from __future__ import annotations

import unicodedata

import pytest

from vision_desk.export.bidi_levels import bidi_class, first_strong_is_rtl, paragraph_levels
from vision_desk.export.direction import embedding_levels, paragraph_is_rtl

# (text, isolated stretches, paragraph right to left, levels from python-bidi 0.6.12)
FROZEN = [
    # Urdu inside English, with neutral punctuation at the boundaries.
    ("Met محمد at the ministry.", (), False, [0] * 4 + [1] * 4 + [0] * 17),
    (
        "The note says «کابل ښار» today.",
        (),
        False,
        [0] * 15 + [1] * 8 + [0] * 8,
    ),
    (
        "Ask (کابل) first, then 'پښتو'!",
        (),
        False,
        [0] * 5 + [1] * 4 + [0] * 15 + [1] * 4 + [0, 0],
    ),
    ("See محمد, then علی.", (), False, [0] * 4 + [1] * 4 + [0] * 7 + [1] * 3 + [0]),
    ("Budget 2024: ۱۲۳ million for کابل", (), False, [0] * 29 + [1] * 4),
    ("«Vision Desk» پروگرام!", (), False, [0] * 14 + [1] * 7 + [0]),
    ("١٢٣-٤٥٦ and 123-456", (), False, [2, 2, 2, 1, 2, 2, 2] + [0] * 5 + [2] * 7),
    # English, digits, dates and references inside Urdu, Pashto and Dari.
    (
        "محمد نے کہا کہ SV-C2 پر کام ہو رہا ہے۔",
        (),
        True,
        [1] * 15 + [2] * 5 + [1] * 18,
    ),
    ("جلسہ 2024-03-01 کو ہوگا", (), True, [1] * 5 + [2] * 10 + [1] * 8),
    (
        "رپورٹ Art.7(3) کے مطابق 45% مکمل",
        (),
        True,
        [1] * 6 + [2] * 5 + [1, 2] + [1] * 11 + [2, 2] + [1] * 6,
    ),
    (
        "ملاقات 10:30 بجے، Room 4B میں",
        (),
        True,
        [1] * 7 + [2] * 5 + [1] * 6 + [2] * 7 + [1] * 4,
    ),
    ("کابل (Kabul) ښار", (), True, [1] * 6 + [2] * 5 + [1] * 5),
    (
        "قیمت: $15.50 یا ۲۰۰ افغانی؟",
        (),
        True,
        [1] * 7 + [2] * 5 + [1] * 4 + [2] * 3 + [1] * 8,
    ),
    # A zero-width non-joiner inside a Dari word, marks on Arabic letters.
    ("می\u200cخواهم report بنویسم.", (), True, [1] * 9 + [2] * 6 + [1] * 8),
    ("بِسْمِ اللّٰہ and then English", (), True, [1] * 14 + [2] * 16),
    # Typed text isolated inside the program's own sentence.
    ("Officer: پښتو متن here", ((9, 18),), False, [0] * 9 + [1] * 9 + [0] * 4),
    ("یادداشت: English note", ((9, 21),), True, [1] * 9 + [2] * 12),
    # Neutrals at the paragraph's edges.
    ("- کابل -", (), True, [1] * 8),
    ("... محمد ...", (), True, [1] * 12),
    ("(محمد)", (), True, [1] * 6),
]


@pytest.mark.parametrize(("text", "isolated", "rtl", "expected"), FROZEN)
def test_levels_match_the_previous_implementation(
    text: str, isolated: tuple[tuple[int, int], ...], rtl: bool, expected: list[int]
) -> None:
    assert len(expected) == len(text)
    assert paragraph_is_rtl(text, isolated) is rtl
    assert embedding_levels(text, rtl=rtl, isolated=isolated) == expected


def test_bracket_after_an_isolate_follows_the_standard() -> None:
    """Rule N0 looks back from an opening bracket for the nearest strong letter. The
    Rust crate behind python-bidi 0.6.12 read the earlier level runs of the sequence
    forwards, so a date isolated between the Urdu word and "X" made it see کابل and
    set the English phrase word by word right to left: (Kabul) 2024-03-01 X کابل.
    UAX #9 (as ICU and browsers do) keeps the phrase one left-to-right run."""
    text = "کابل X 2024-03-01 (Kabul)"
    previous = [1] * 5 + [2, 1] + [2] * 10 + [1, 1] + [2] * 5 + [1]
    standard = [1] * 5 + [2] * 20
    levels = embedding_levels(text, rtl=True)
    assert levels == standard
    assert levels != previous


def test_explicit_embeddings_overrides_and_isolates() -> None:
    lre, rle, pdf, rlo = "\u202a", "\u202b", "\u202c", "\u202e"
    lri, rli, fsi, pdi = "\u2066", "\u2067", "\u2068", "\u2069"
    # An embedding raises the level; its controls take the level before them.
    assert paragraph_levels(f"a{rle}b{pdf}c", 0) == [0, 0, 2, 2, 0]
    assert paragraph_levels(f"{lre}ب", 1) == [1, 3]
    # An override makes letters of the other direction run its way.
    assert paragraph_levels(f"{rlo}ab{pdf}", 0) == [0, 1, 1, 1]
    # An isolate's contents do not steer the text around it.
    assert paragraph_levels(f"ب {lri}a{pdi} ب", 1) == [1, 1, 1, 2, 1, 1, 1]
    assert paragraph_levels(f"a{rli}b{pdi}", 0) == [0, 0, 2, 0]
    assert paragraph_levels(f"a {fsi}ب{pdi}", 0) == [0, 0, 0, 1, 0]
    # An unmatched PDI or PDF changes nothing.
    assert paragraph_levels(f"a{pdi}{pdf}b", 0) == [0, 0, 0, 0]


def test_weak_types_numbers_and_marks() -> None:
    # W2: European digits after an Arabic letter become Arabic numbers (level 2).
    assert paragraph_levels("ب 12", 0) == [1, 1, 2, 2]
    # W4/W5: a separator between digits and a terminator next to them join the number.
    assert paragraph_levels("1.5%", 1) == [2, 2, 2, 2]
    # ... but not an Arabic number's: the percent sign stays right to left.
    assert paragraph_levels("ب 1.5%", 1) == [1, 1, 2, 2, 2, 1]
    # W1: a mark takes its letter's level; a ZWNJ (removed by X9) the one before it.
    assert paragraph_levels("بَ\u200ca", 0) == [1, 1, 1, 0]
    # A paragraph separator keeps the paragraph's level and starts a new paragraph.
    assert paragraph_levels("ب\u2029a", 0) == [1, 0, 0]


def test_bracket_pairs() -> None:
    # Opposite direction inside, the same before: the brackets follow it.
    assert paragraph_levels("ب (ب)", 0) == [1, 1, 1, 1, 1]
    # Opposite direction inside, the embedding's before: the embedding's.
    assert paragraph_levels("a (ب)", 0) == [0, 0, 0, 1, 0]
    # Canonically equivalent angle brackets pair (U+2329 with U+3009).
    assert paragraph_levels("a \u2329ب\u3009", 0) == [0, 0, 0, 1, 0]
    # An unmatched bracket is an ordinary neutral.
    assert paragraph_levels("ب (ب", 0) == [1, 1, 1, 1]


def test_character_data() -> None:
    assert first_strong_is_rtl([bidi_class(c) for c in "1 ب a"]) is True
    assert first_strong_is_rtl([bidi_class(c) for c in "\u2066ب\u2069 a"]) is False
    assert first_strong_is_rtl([bidi_class(c) for c in "12"]) is None
    # Unassigned code points in an Arabic block default to AL, elsewhere to L.
    unassigned_arabic = next(
        chr(code) for code in range(0x0870, 0x08FF) if not unicodedata.bidirectional(chr(code))
    )
    assert bidi_class(unassigned_arabic) == "AL"
    assert bidi_class("\U000e0080") == "L"


def test_every_opening_bracket_has_its_pair() -> None:
    """BidiBrackets.txt pairs 64 opening brackets with closing ones (Unicode 14)."""
    from vision_desk.export.bidi_levels import _closing_bracket

    pairs = {
        chr(code): _closing_bracket(chr(code))
        for code in range(0x110000)
        if unicodedata.category(chr(code)) == "Ps" and unicodedata.mirrored(chr(code))
    }
    assert all(pairs.values())
    assert all(unicodedata.category(closing or "") == "Pe" for closing in pairs.values())
    assert len(set(pairs.values())) == len(pairs) >= 64
