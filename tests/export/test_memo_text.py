"""The pieces under the memo's text: cleaning typed text, escaping it for a
Paragraph, choosing between a Paragraph and the memo's own layout, a font for each
character, and breaking lines."""

from __future__ import annotations

import pytest
from memo_snapshots import FONTS
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from vision_desk.export.fonts import FontSet, load_fonts
from vision_desk.export.plain import PlainParagraph, break_lines
from vision_desk.export.rtl import ShapedParagraph, TextStyle, lay_out
from vision_desk.export.shaping import choose_fonts, shape
from vision_desk.export.text import Typesetter, Words, clean, markup


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return load_fonts(FONTS)


@pytest.fixture(scope="module")
def style(fonts: FontSet) -> ParagraphStyle:
    return ParagraphStyle("Body", fontName=fonts.sans.fontName, fontSize=9.5, leading=13.5)


def test_clean_keeps_what_prints_and_makes_line_ends_newlines() -> None:
    assert clean("a\r\nb\rc\u2028d\u2029e") == "a\nb\nc\nd\ne"
    assert clean("bell\x07 nul\x00 esc\x1b del\x7f c1\x9b") == "bell nul esc del c1"
    assert clean("tab\there") == "tab    here"
    assert clean("lone \ud800 surrogate, non\ufffe character") == "lone  surrogate, non character"
    assert clean("keeps <b>&amp; \u200c ZWNJ") == "keeps <b>&amp; \u200c ZWNJ"


def test_markup_escapes_and_keeps_breaks_and_spaces() -> None:
    assert markup("a<b>&amp;") == "a&lt;b&gt;&amp;amp;"
    assert markup("one\ntwo") == "one<br/>two"
    assert markup("a   b") == "a \u00a0\u00a0b"
    assert markup("  indented") == "\u00a0\u00a0indented"


def test_plain_latin_is_plain_text_anything_else_the_memo_layout(
    fonts: FontSet, style: ParagraphStyle
) -> None:
    typesetter = Typesetter(fonts)
    plain = typesetter.text("Plain <b>words</b>, “quoted” – &amp; fine.", style)
    # Never parsed as markup: the text is kept as typed.
    assert isinstance(plain, PlainParagraph)
    assert plain.text == "Plain <b>words</b>, “quoted” – &amp; fine."
    assert isinstance(typesetter.text("two\nlines", style), Paragraph)
    for text in ("کابل", "Met محمد there", "e\u0301", "emoji 😀", "soft\u00adhyphen"):
        assert isinstance(typesetter.text(text, style), ShapedParagraph), text


def test_compose_isolates_typed_rtl_text(fonts: FontSet, style: ParagraphStyle) -> None:
    typesetter = Typesetter(fonts)
    paragraph = typesetter.compose(style, Words("Note by "), "محمد", Words(", 1 March 2021"))
    assert isinstance(paragraph, ShapedParagraph)
    assert paragraph.text == "Note by محمد, 1 March 2021"
    assert paragraph.isolated == ((8, 12),)
    latin = typesetter.compose(style, Words("Status: ", bold=True), "<b>x</b>")
    assert isinstance(latin, Paragraph)
    assert latin.text == "<b>Status: </b>&lt;b&gt;x&lt;/b&gt;"
    unemphasised = typesetter.compose(style, Words("Note by "), "<i>x</i>")
    assert isinstance(unemphasised, PlainParagraph)
    assert unemphasised.text == "Note by <i>x</i>"


def test_fonts_by_script_with_neutral_stretches_kept_together(fonts: FontSet) -> None:
    def names(text: str) -> list[str]:
        chosen = choose_fonts(text, fonts, bold=False, italic=False)
        return [
            "naskh" if font is fonts.naskh else "sans" if font is fonts.sans else "-"
            for font in chosen
        ]

    # Naskh has no brackets: they come from Noto Sans, the letters from Naskh.
    assert names("(کابل)") == ["sans", "naskh", "naskh", "naskh", "naskh", "sans"]
    # An Urdu full stop stays with its sentence; a date is one font.
    assert names("کو.") == ["naskh"] * 3
    assert set(names("کو 2021-02-11")[2:]) == {"sans"}
    assert names("中") == ["-"]


def test_overlong_words_are_cut_to_fit_and_spaces_kept(
    fonts: FontSet, style: ParagraphStyle
) -> None:
    text_style = TextStyle(style, fonts)
    lines = lay_out("کابل " + "ب" * 400, text_style, 200)
    assert len(lines) > 2
    assert all(line.width <= 200 + 0.01 for line in lines)
    indented = lay_out("   three", text_style, 200)
    assert indented[0].width > shape(fonts.sans, "three", False).points(9.5) + 6
    blank = lay_out("one\n\nthree", text_style, 200)
    assert len(blank) == 3 and not blank[1].pieces


def test_missing_characters_are_shown_as_code_points(fonts: FontSet, style: ParagraphStyle) -> None:
    lines = lay_out("a 😀 b", TextStyle(style, fonts), 400)
    shown = "".join(piece.run.text for piece in lines[0].pieces)
    assert shown == "a [U+1F600] b"


def test_plain_lines_break_at_spaces_and_keep_typed_spacing(fonts: FontSet) -> None:
    font = fonts.sans.fontName
    assert [line for line, _ in break_lines("  two  spaces", font, 9.5, 300)] == ["  two  spaces"]
    words = [line for line, _ in break_lines("word " * 40, font, 9.5, 120)]
    assert len(words) > 3 and all(line == line.strip(" ") for line in words)
    assert " ".join(words).split() == ["word"] * 40
    cut = break_lines("x" * 300, font, 9.5, 120)
    assert "".join(line for line, _ in cut) == "x" * 300
    assert all(width <= 120 for _, width in cut)
    assert break_lines("", font, 9.5, 120) == [("", 0.0)]
