"""Urdu, Pashto and Dari in the memo: joined letters, words right to left, wrapped
lines in reading order, dates kept whole, a right-to-left name in its place inside an
English sentence, and never a box. Checked on the PDF itself, by word positions from
``pdftotext -bbox`` (poppler gives each word's text as drawn, left to right, so a
right-to-left word is read back reversed)."""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Sequence

import pytest
from memo_snapshots import (
    DARI,
    FONTS,
    MIXED,
    PASHTO,
    RTL_NAME,
    RenderedMemo,
    SnapshotSpec,
    Word,
    build_snapshot,
)

from vision_desk.domain.memo import MemoOptions, MemoSnapshot
from vision_desk.export.direction import embedding_levels, paragraph_is_rtl, visual_order
from vision_desk.export.fonts import load_fonts
from vision_desk.export.rtl import ARABIC_SIZE_FACTOR
from vision_desk.export.shaping import shape
from vision_desk.export.styles import FRAME_WIDTH, MARGIN_LEFT

RIGHT_EDGE = MARGIN_LEFT + FRAME_WIDTH
BODY_SIZE = 9.5

URDU_DATED = (
    "کابل میں دونوں ملکوں کے نمائندوں کی ملاقات 2021-02-11 کو ہوئی اور مہاجرین کی واپسی کے "
    "مشترکہ منصوبے پر بات چیت آگے بڑھی، لیکن کوئی تحریری مسودہ ابھی تک تبادلہ نہیں ہوا اور "
    "اگلی نشست کی تاریخ بھی طے نہیں ہوئی۔"
)


def is_arabic(text: str) -> bool:
    return any("ARABIC" in unicodedata.name(character, "") for character in text)


def lines_of(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into lines, top to bottom. Naskh and Noto Sans words of one line
    have different boxes, so a line is words whose vertical centres lie within 4 pt."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda word: word.y0 + word.y1):
        centre = (word.y0 + word.y1) / 2
        if lines and abs(centre - (lines[-1][0].y0 + lines[-1][0].y1) / 2) < 4:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def read_right_to_left(words: Sequence[Word]) -> list[str]:
    """Arabic-script lines read as a reader does: top to bottom, each right to left."""
    logical: list[str] = []
    for line in lines_of(words):
        if not any(is_arabic(word.text) for word in line):
            continue
        for word in sorted(line, key=lambda word: -word.x1):
            logical.append(word.text if not is_arabic(word.text) else word.text[::-1])
    return logical


def contains_run(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    return any(
        list(haystack[start : start + len(needle)]) == list(needle)
        for start in range(len(haystack) - len(needle) + 1)
    )


@pytest.fixture(scope="module")
def rtl_memo(render: Callable[[MemoSnapshot], RenderedMemo]) -> RenderedMemo:
    notes = {"SV-C1": (MIXED,), "SV-C2": (URDU_DATED,), "SV-C3": (PASHTO, DARI)}
    return render(build_snapshot(SnapshotSpec(notes=notes)))


def page_with(rendered: RenderedMemo, word: str) -> int:
    """The page on which ``word`` (in logical order) is printed."""
    for number in range(1, len(rendered.pages()) + 1):
        if any(word in (found.text, found.text[::-1]) for found in rendered.words(number)):
            return number
    raise AssertionError(f"{word!r} is on no page")


def test_urdu_runs_right_to_left_in_reading_order(rtl_memo: RenderedMemo) -> None:
    words = rtl_memo.words(page_with(rtl_memo, "ملاقات"))
    logical = URDU_DATED.split()
    read = read_right_to_left(words)
    assert contains_run(read, logical), read
    lines = [line for line in lines_of(words) if any(w.text[::-1] == "کابل" for w in line)]
    first_line = lines[0]
    first_word = next(word for word in first_line if word.text[::-1] == "کابل")
    # The first word of the sentence is the rightmost, flush with the right margin.
    assert first_word.x1 == max(word.x1 for word in first_line)
    assert first_word.x1 == pytest.approx(RIGHT_EDGE, abs=0.5)
    second = next(word for word in first_line if word.text[::-1] == "میں")
    assert second.x1 < first_word.x0


def test_wrapped_urdu_lines_continue_below_in_order(rtl_memo: RenderedMemo) -> None:
    words = [w for w in rtl_memo.words(page_with(rtl_memo, "ملاقات")) if is_arabic(w.text)]
    note_lines = [
        line
        for line in lines_of(words)
        if {word.text[::-1] for word in line} <= set(URDU_DATED.split())
    ]
    assert len(note_lines) >= 2
    logical = URDU_DATED.split()
    first = sorted(note_lines[0], key=lambda word: -word.x1)
    second = sorted(note_lines[1], key=lambda word: -word.x1)
    # The last word of the first line (its leftmost) is followed, in the text, by
    # the first word of the next line (its rightmost).
    last_index = logical.index(first[-1].text[::-1])
    assert logical[last_index + 1] == second[0].text[::-1]
    assert second[0].x1 == pytest.approx(RIGHT_EDGE, abs=0.5)


def test_a_date_in_urdu_text_stays_whole_and_in_place(rtl_memo: RenderedMemo) -> None:
    words = rtl_memo.words(page_with(rtl_memo, "ملاقات"))
    assert any(word.text == "2021-02-11" for word in words)
    assert not any(word.text in ("11-02-2021", "11-02") for word in words)
    line = next(line for line in lines_of(words) if any(w.text == "2021-02-11" for w in line))
    date = next(word for word in line if word.text == "2021-02-11")
    before = next(word for word in line if word.text[::-1] == "ملاقات")
    after = next(word for word in line if word.text[::-1] == "کو")
    assert after.x1 < date.x0 and date.x1 < before.x0


def test_rtl_name_sits_in_place_inside_an_english_sentence(rtl_memo: RenderedMemo) -> None:
    words = rtl_memo.words(page_with(rtl_memo, "Met"))
    met = next(word for word in words if word.text == "Met")
    line = [w for w in words if abs((w.y0 + w.y1) / 2 - (met.y0 + met.y1) / 2) < 4]
    by_text = {word.text: word for word in line}
    first_name, family_name = RTL_NAME.split()
    name = by_text[first_name[::-1]]
    family = by_text[family_name[::-1]]
    after = by_text["at"]
    # English order around the name; inside it, right to left.
    assert met.x1 < family.x0 < family.x1 < name.x0 < name.x1 < after.x0


def test_rtl_name_is_joined(rtl_memo: RenderedMemo) -> None:
    """Joined letters take their contextual forms, narrower than the letters alone:
    the word on the page has the width HarfBuzz gave the joined word."""
    naskh = load_fonts(FONTS).naskh
    words = rtl_memo.words(page_with(rtl_memo, "Met"))
    size = BODY_SIZE * ARABIC_SIZE_FACTOR
    for part in RTL_NAME.split():
        joined = shape(naskh, part, True)
        alone = sum(shape(naskh, letter, True).width for letter in part)
        on_page = next(word for word in words if word.text == part[::-1])
        assert on_page.x1 - on_page.x0 == pytest.approx(joined.points(size), abs=0.3)
        assert joined.width < alone
    # کریمی joined is a fifth narrower than its letters set one by one.
    family = RTL_NAME.split()[1]
    assert shape(naskh, family, True).width < 0.85 * sum(
        shape(naskh, letter, True).width for letter in family
    )


def test_pashto_and_dari_letters_come_back_without_boxes(rtl_memo: RenderedMemo) -> None:
    page = page_with(rtl_memo, "کډوالو")
    read = " ".join(read_right_to_left(rtl_memo.words(page)))
    for text in (PASHTO, DARI):
        for word in text.split():
            assert word.replace("\u200c", "") in read.replace("\u200c", ""), word
    for letter in "ګښړډې":
        assert letter in read
    assert "\ufffd" not in read and "\x00" not in read


def test_urdu_classification_marks_every_page(
    render: Callable[[MemoSnapshot], RenderedMemo],
) -> None:
    marking = "انتہائی خفیہ"
    options = MemoOptions(date=build_snapshot().options.date, classification=marking)
    rendered = render(build_snapshot(SnapshotSpec(options=options)))
    pages = rendered.pages()
    for number in range(1, len(pages) + 1):
        words = rendered.words(number)
        tops = lines_of(words)
        first_line = [word.text[::-1] for word in sorted(tops[0], key=lambda word: -word.x1)]
        last_line = [word.text[::-1] for word in sorted(tops[-1], key=lambda word: -word.x1)]
        assert first_line == marking.split()
        assert last_line == marking.split()


def test_long_urdu_note_flows_across_pages_in_order(
    render: Callable[[MemoSnapshot], RenderedMemo],
) -> None:
    letters = "ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنوہی"
    vocabulary = [a + b + "ی" for a in letters[:20] for b in letters[:20]]
    long_note = " ".join(vocabulary)
    rendered = render(build_snapshot(SnapshotSpec(notes={"SV-C6": (long_note,)})))
    read: list[str] = []
    for number in range(1, len(rendered.pages()) + 1):
        read += [word for word in read_right_to_left(rendered.words(number)) if word in vocabulary]
    assert read == vocabulary


def test_levels_and_display_order_units() -> None:
    assert paragraph_is_rtl("کابل is a city")
    assert not paragraph_is_rtl("Kabul کابل")
    assert not paragraph_is_rtl("محمد said", isolated=[(0, 4)])
    levels = embedding_levels("Met محمد at", rtl=False)
    assert levels[:4] == [0, 0, 0, 0] and set(levels[4:8]) == {1} and levels[-2:] == [0, 0]
    # In an Urdu sentence the date is isolated and stays left to right.
    dated = "ملاقات 2021-02-11 کو"
    levels = embedding_levels(dated, rtl=True)
    assert set(levels[7:17]) == {2}
    assert visual_order([0, 1, 1, 0]) == [0, 2, 1, 3]
    assert visual_order([1, 1, 2, 2, 1]) == [4, 2, 3, 1, 0]


def test_rtl_author_keeps_the_date_after_the_name(
    render: Callable[[MemoSnapshot], RenderedMemo],
) -> None:
    """A byline is English with the author's name in it: an Urdu name is isolated,
    so the date stays on its right, where the sentence puts it."""
    snapshot = build_snapshot(SnapshotSpec(notes={"SV-C8": ("Checked with the ministry.",)}))
    item = next(item for item in snapshot.clauses if item.row.clause.ref == "SV-C8")
    note = dataclasses.replace(item.notes[0], author=RTL_NAME)
    clauses = tuple(
        dataclasses.replace(each, notes=(note,)) if each is item else each
        for each in snapshot.clauses
    )
    rendered = render(dataclasses.replace(snapshot, clauses=clauses))
    words = rendered.words(page_with(rendered, "ministry."))
    first_name, family_name = RTL_NAME.split()
    name = next(word for word in words if word.text == first_name[::-1])
    family = next(word for word in words if word.text == family_name[::-1])
    line = [w for w in words if abs((w.y0 + w.y1) / 2 - (name.y0 + name.y1) / 2) < 4]
    february = next(word for word in line if word.text == "February")
    assert family.x1 < name.x0 < name.x1 < february.x0
