"""The block a clause is printed in, broken by hand: where it may and may not break
(``blocks.Block``), without laying out a whole memo."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from memo_snapshots import FONTS, URDU
from reportlab.platypus import Flowable, Table

from vision_desk.export.blocks import Block
from vision_desk.export.fonts import load_fonts
from vision_desk.export.headed import Headed
from vision_desk.export.plain import PlainParagraph
from vision_desk.export.rtl import ShapedParagraph
from vision_desk.export.styles import FRAME_HEIGHT, FRAME_WIDTH, MemoStyles, make_styles
from vision_desk.export.text import Typesetter

WIDTH = FRAME_WIDTH


@pytest.fixture(scope="module")
def typesetter() -> Typesetter:
    return Typesetter(load_fonts(FONTS))


@pytest.fixture(scope="module")
def styles(typesetter: Typesetter) -> MemoStyles:
    return make_styles(typesetter.fonts)


def lines(styles: MemoStyles, count: int) -> PlainParagraph:
    """A note paragraph of exactly ``count`` lines."""
    text = " ".join(f"word{number}" for number in range(20 * count))
    broken = PlainParagraph(text, styles.note)
    broken.wrap(WIDTH, FRAME_HEIGHT)
    assert len(broken._lines or []) >= count
    return PlainParagraph(text, styles.note, (broken._lines or [])[:count])


def headed(styles: MemoStyles, body: Flowable) -> Headed:
    heads = [("SV-C1   A clause", styles.heading3), ("Status: Initiated", styles.status)]
    return Headed(heads, body)


def continued(styles: MemoStyles) -> Flowable:
    return PlainParagraph("SV-C1   A clause  (continued)", styles.continued)


def text_of(flowable: Flowable) -> list[str]:
    """The lines a (split) block holds, heads and continuation heads included."""
    if isinstance(flowable, Block):
        return [line for child in flowable.flowables for line in text_of(child)]
    if isinstance(flowable, Headed):
        return [text for text, _ in flowable.heads] + text_of(flowable.body)
    if isinstance(flowable, PlainParagraph):
        flowable.wrap(WIDTH, FRAME_HEIGHT)
        return [line for line, _ in flowable._lines or []]
    return [type(flowable).__name__]


def room_for(block: Block, stay: int) -> float:
    """The height that holds the block's first child and ``stay`` lines after it."""
    block.wrap(WIDTH, FRAME_HEIGHT)
    first, second = block.flowables[:2]
    gap = max(first.getSpaceAfter(), second.getSpaceBefore())
    _, top = first.wrap(WIDTH, FRAME_HEIGHT)
    return float(top + gap + stay * second.style.leading + 0.5)


def test_a_heading_is_never_left_with_a_single_line(styles: MemoStyles) -> None:
    # Heads and a one-line "No rationale recorded.", then a note of six lines.
    block = Block(
        [[headed(styles, lines(styles, 1))], [lines(styles, 6)]], lambda: continued(styles)
    )
    # Room for the heads, their line and one line of the note: that would be one
    # line of the note alone, or (breaking before it) the heading with one line.
    assert block.split(WIDTH, room_for(block, 1)) == []
    # With two lines of the note too, the block breaks after them.
    first, rest = block.split(WIDTH, room_for(block, 2))
    assert len(text_of(first)) == 2 + 1 + 2
    assert text_of(rest)[0] == "SV-C1   A clause  (continued)"
    assert len(text_of(rest)) == 1 + 4


def test_a_short_note_is_never_cut_and_a_long_one_keeps_two_lines_each_side(
    styles: MemoStyles,
) -> None:
    for length, room, expected in ((3, 2, None), (4, 3, 2), (5, 4, 3), (7, 6, 5)):
        block = Block([[headed(styles, lines(styles, 2))], [lines(styles, length)]])
        parts = block.split(WIDTH, room_for(block, room))
        if expected is None:
            # The two lines of the heading's own text could stay, the note go over
            # whole: a break between parts.
            first, rest = parts
            assert len(text_of(first)) == 2 + 2 and len(text_of(rest)) == length
        else:
            first, rest = parts
            assert len(text_of(first)) - 4 == expected, length
            assert len(text_of(rest)) == length - expected


def test_never_straight_after_a_label_or_byline(styles: MemoStyles) -> None:
    label = PlainParagraph("Notes (1)", styles.label)  # kept with the next
    block = Block([[headed(styles, lines(styles, 3))], [label, lines(styles, 4)]])
    block.wrap(WIDTH, FRAME_HEIGHT)
    first_height = block.flowables[0].wrap(WIDTH, FRAME_HEIGHT)[1]
    # Room for the first part and the label, not for two lines under it.
    parts = block.split(WIDTH, first_height + 14 + styles.label.leading + 2)
    first, rest = parts
    assert text_of(first)[-1] != "Notes (1)"
    assert text_of(rest)[0] == "Notes (1)"


def test_a_block_at_the_top_of_an_empty_page_always_breaks(styles: MemoStyles) -> None:
    # One paragraph taller than a page: no break meets the rules everywhere, but a
    # block alone on a page must still go somewhere.
    huge = lines(styles, 80)
    block = Block([[headed(styles, huge)]], lambda: continued(styles))
    block._frame = SimpleNamespace(_atTop=True)  # what the frame sets while splitting
    first, rest = block.split(WIDTH, FRAME_HEIGHT)
    assert first.wrap(WIDTH, FRAME_HEIGHT)[1] <= FRAME_HEIGHT
    assert text_of(rest)[0] == "SV-C1   A clause  (continued)"
    assert len(text_of(first)) - 2 + len(text_of(rest)) - 1 == 80


def test_the_last_block_before_a_page_break_moves_whole_rather_than_leave_its_tail(
    styles: MemoStyles,
) -> None:
    block = Block([[headed(styles, lines(styles, 4))], [lines(styles, 6)]], keep_whole=True)
    assert block.split(WIDTH, room_for(block, 3)) == []
    block._frame = SimpleNamespace(_atTop=True)
    assert len(block.split(WIDTH, room_for(block, 3))) == 2


def test_right_to_left_text_breaks_between_its_lines_too(
    styles: MemoStyles, typesetter: Typesetter
) -> None:
    note = ShapedParagraph(" ".join([URDU] * 6), styles.note, typesetter.fonts)
    note.wrap(WIDTH, FRAME_HEIGHT)
    count = len(note._lines or [])
    assert count >= 6
    block = Block([[headed(styles, lines(styles, 2))], [note]], lambda: continued(styles))
    block.wrap(WIDTH, FRAME_HEIGHT)
    first_height = block.flowables[0].wrap(WIDTH, FRAME_HEIGHT)[1]
    line_height = (note._lines or [])[0].height
    first, rest = block.split(WIDTH, first_height + 4 + 3 * line_height + 0.5)
    top, bottom = first.flowables[-1], rest.flowables[-1]
    assert isinstance(top, ShapedParagraph) and isinstance(bottom, ShapedParagraph)
    assert len(top._lines or []) == 3 and len(bottom._lines or []) == count - 3


def test_a_table_taller_than_a_page_goes_on_page_after_page(styles: MemoStyles) -> None:
    """A clause's parts table with a note longer than a page: on each page the block
    goes on to, the table is broken there, never the continuation head moved alone
    (which would open the next page with the same table again, for ever)."""
    note = PlainParagraph(" ".join(f"word{number}" for number in range(2500)), styles.cell)
    header = [PlainParagraph(text, styles.cell_header) for text in ("Party", "Status", "Note")]
    row = [PlainParagraph("Afghanistan", styles.cell), PlainParagraph("Advanced", styles.cell)]
    table = Table([header, [*row, note]], colWidths=[100, 100, WIDTH - 200], splitInRow=1)
    block = Block([[headed(styles, table)]], lambda: continued(styles))
    pages = 0
    while block.wrap(WIDTH, FRAME_HEIGHT)[1] > FRAME_HEIGHT:
        block._frame = SimpleNamespace(_atTop=True)  # what the frame sets while splitting
        first, block = block.split(WIDTH, FRAME_HEIGHT)
        assert first.wrap(WIDTH, FRAME_HEIGHT)[1] <= FRAME_HEIGHT
        assert text_of(first)[-1] == "Table"  # some of the table, not the head alone
        assert text_of(block)[0] == "SV-C1   A clause  (continued)"
        pages += 1
        assert pages < 20
    assert pages >= 2
