"""Bidi levels of mixed text, as the memo's layout gets them: from ICU (PyICU's
``icu.Bidi``, the ``pyicu-wheels`` distribution) through ``bidi_levels`` and
``direction.embedding_levels``.

The expected levels on mixed text were taken once from python-bidi 0.6.12's Rust
crate (read from its debug report), kept when the memo computed the levels itself,
and ICU gives every one of them: replacing either changed no layout. The crate's one
departure from UAX #9 (rule N0 after an isolate) is pinned in
``test_bracket_after_an_isolate_follows_the_standard``; ICU's own departures, none
of which moves a visible character in the memo's text, are pinned below.
"""

from __future__ import annotations

import pytest

from vision_desk.export.bidi_levels import icu_version, paragraph_levels
from vision_desk.export.direction import embedding_levels, paragraph_is_rtl

LRE, RLE, PDF, RLO = "\u202a", "\u202b", "\u202c", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"

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
def test_levels_match_the_previous_implementations(
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
    UAX #9, as ICU does it, keeps the phrase one left-to-right run."""
    text = "کابل X 2024-03-01 (Kabul)"
    previous = [1] * 5 + [2, 1] + [2] * 10 + [1, 1] + [2] * 5 + [1]
    standard = [1] * 5 + [2] * 20
    levels = embedding_levels(text, rtl=True)
    assert levels == standard
    assert levels != previous


def test_isolates_do_not_steer_the_text_around_them() -> None:
    assert paragraph_levels(f"ب {LRI}a{PDI} ب", 1) == [1, 1, 1, 2, 1, 1, 1]
    assert paragraph_levels(f"a{RLI}b{PDI} c", 0) == [0, 0, 2, 0, 0, 0]
    # FSI takes the direction of the first strong letter inside it.
    assert paragraph_levels(f"a {FSI}ب{PDI} c", 0) == [0, 0, 0, 1, 0, 0, 0]
    assert paragraph_levels(f"ب {FSI}a b{PDI} ت", 1) == [1, 1, 1, 2, 2, 2, 1, 1, 1]
    # An unmatched PDI or PDF changes nothing.
    assert paragraph_levels(f"a{PDI}{PDF}b", 0) == [0, 0, 0, 0]


def test_explicit_embeddings_and_overrides() -> None:
    """Letters inside an embedding or override take its level. The controls
    themselves are removed by rule X9, so UAX #9 leaves their level to the
    implementation: ICU gives them the level of the text that follows (the memo
    removed its own from the text it drew, and draws none of them)."""
    assert paragraph_levels(f"a{RLE}b{PDF}c", 0) == [0, 2, 2, 0, 0]
    assert paragraph_levels(f"{RLO}ab{PDF}c", 0) == [1, 1, 1, 0, 0]
    assert paragraph_levels(f"ب{LRE}ت", 1) == [1, 3, 3]


def test_weak_types_numbers_and_marks() -> None:
    # W2: European digits after an Arabic letter become Arabic numbers (level 2).
    assert paragraph_levels("ب 12", 0) == [1, 1, 2, 2]
    # W4/W5: a separator between digits and a terminator next to them join the number.
    assert paragraph_levels("1.5%", 1) == [2, 2, 2, 2]
    # ... but not an Arabic number's: the percent sign stays right to left.
    assert paragraph_levels("ب 1.5%", 1) == [1, 1, 2, 2, 2, 1]
    # W1: a mark takes its letter's level; a ZWNJ inside a word keeps the word's.
    assert paragraph_levels("بَ\u200cت a", 0) == [1, 1, 1, 1, 0, 0]
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


def test_a_mark_on_a_closing_bracket_departs_from_the_standard() -> None:
    """ICU's one departure found on 80,000 random mixed paragraphs that changes what
    is displayed: UAX #9 (N0, last paragraph) gives a mark that follows a paired
    bracket the bracket's new direction, as Unicode's conformance data does for
    ``05D0 0028 05D1 0029 0331`` (all level 1); ICU leaves the mark at the
    embedding's level. Nobody puts harakat on a bracket; if ICU is fixed, this
    fails and the expected level becomes 1."""
    assert paragraph_levels("ت [ب]\u064e x", 0) == [1, 1, 1, 1, 1, 0, 0, 0]
    assert paragraph_levels("\u05d0(\u05d1)\u0331", 0) == [1, 1, 1, 1, 0]


def test_one_way_text_may_keep_the_paragraph_level() -> None:
    """Where nothing in a paragraph runs the other way, ICU may skip the rules and
    give every character the paragraph's level (ubidi.h says so): an Arabic number
    alone is level 0, not 2, and shows the same."""
    assert paragraph_levels("\u0663", 0) == [0]
    assert paragraph_levels("\u0663 ب", 0) == [2, 1, 1]


def test_trailing_spaces_take_the_paragraph_level() -> None:
    """ICU applies rule L1 at the paragraph's end (the layout applies it where a line
    wraps): the spaces after an English word at the end of an Urdu paragraph."""
    assert paragraph_levels("ب a  ", 1) == [1, 1, 2, 1, 1]


def test_characters_outside_the_bmp_keep_their_own_level() -> None:
    """ICU counts UTF-16 code units; Python counts characters. A character outside
    the Basic Multilingual Plane is two units, and the levels are mapped back."""
    phoenician = "\U00010900\U00010901"  # right-to-left letters, class R
    assert paragraph_levels(f"x {phoenician} y", 0) == [0, 0, 1, 1, 0, 0]
    assert paragraph_levels("a\U0001f600ب c", 0) == [0, 0, 1, 0, 0]
    assert paragraph_levels("ب \U0001f600 1", 1) == [1, 1, 1, 1, 2]
    assert paragraph_levels("a\U0001d400ب", 1) == [2, 2, 1]
    levels = embedding_levels("ملاقات \U0001f4c5 2021-02-11 کو", rtl=True)
    assert levels[9:19] == [2] * 10 and len(levels) == 22
    assert paragraph_levels("", 1) == []


def test_icu_is_the_one_tested() -> None:
    """The ICU that pyicu-wheels bundles is part of the tested range: a new ICU may
    change levels, so a new pyicu-wheels is tested before its range is widened."""
    assert icu_version().split(".")[0] == "77"
