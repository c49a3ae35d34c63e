"""Lines of right-to-left and mixed text, laid out by the memo itself.

reportlab's Paragraph sets the words of a line left to right, even shaped, so text
with Urdu, Pashto or Dari in it (or anything else that needs HarfBuzz) is laid out
here, in the order the Unicode rules give:

1. each paragraph (a line the officer typed) gets its direction from its first
   strong letter, and every character its bidi level (``direction.py``);
2. the text is cut into pieces of one level, one font and one word, each shaped in
   its own font and direction (``shaping.py``);
3. lines are broken in logical order, as the text was typed, so a wrapped Urdu
   paragraph continues on the next line where a reader expects it;
4. each line's pieces are put in display order (rule L2) and drawn glyph by glyph,
   right-aligned when the paragraph runs right to left.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from vision_desk.export.direction import embedding_levels, paragraph_is_rtl, visual_order
from vision_desk.export.fonts import FontSet, GlyphFont
from vision_desk.export.shaping import ShapedRun, choose_fonts, placeholder, shape

# Naskh sits taller and deeper than Latin; lines with Arabic script get this much
# room per point of font size so that marks above and below never touch.
ARABIC_LINE_FACTOR = 1.75
# At the same point size Naskh reads smaller than Noto Sans; this evens them out.
ARABIC_SIZE_FACTOR = 1.12
_BREAKING_SPACES = frozenset(" \u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of one font, one level and one word (or one stretch of spaces)."""

    run: ShapedRun
    level: int
    size: float
    space: bool
    start: int  # index of the first character in the paragraph

    @property
    def width(self) -> float:
        return self.run.points(self.size)


@dataclass(frozen=True, slots=True)
class Line:
    pieces: tuple[Piece, ...]  # display order, left to right
    width: float
    rtl: bool
    height: float
    arabic: bool


class TextStyle:
    """What the layout needs from a ParagraphStyle."""

    def __init__(self, style: ParagraphStyle, fonts: FontSet) -> None:
        self.fonts = fonts
        self.size: float = style.fontSize
        self.leading: float = style.leading
        self.bold, self.italic = fonts.style_of(style.fontName)


def lay_out(
    text: str, style: TextStyle, width: float, isolated: Sequence[tuple[int, int]] = ()
) -> list[Line]:
    """Break ``text`` (newlines are hard breaks) into lines at most ``width`` wide;
    ``isolated`` stretches are typed text inside the program's sentence."""
    lines: list[Line] = []
    start = 0
    for paragraph in text.split("\n"):
        end = start + len(paragraph)
        local = [
            (max(low, start) - start, min(high, end) - start)
            for low, high in isolated
            if low < end and high > start
        ]
        lines.extend(_lay_out_paragraph(paragraph, style, width, local))
        start = end + 1
    return lines


def _lay_out_paragraph(
    text: str, style: TextStyle, width: float, isolated: Sequence[tuple[int, int]]
) -> list[Line]:
    rtl = paragraph_is_rtl(text, isolated)
    if not text:
        return [Line((), 0.0, rtl, style.leading, arabic=False)]
    if _needs_levels(text):
        levels = embedding_levels(text, rtl=rtl, isolated=isolated)
    else:
        levels = [0] * len(text)
    lines: list[list[Piece]] = []
    current: list[Piece] = []
    used = 0.0
    spaces: list[Piece] = []
    for word in _words(text, levels, style):
        if word[0].space:
            # Spaces at the start of a paragraph are the officer's indentation: kept.
            # Spaces where a line wraps are dropped, as in any typeset text.
            if current or not lines:
                spaces.extend(word)
            continue
        gap = sum(piece.width for piece in spaces)
        word_width = sum(piece.width for piece in word)
        if current and used + gap + word_width > width:
            lines.append(current)
            current, used, spaces, gap = [], 0.0, [], 0.0
        chunks = (
            [word] if word_width <= width - gap else list(_split_word(word, width - gap, width))
        )
        for number, chunk in enumerate(chunks):
            if number:
                lines.append(current)
                current, used = [], 0.0
            current.extend(spaces + chunk)
            used += gap + sum(piece.width for piece in chunk)
            spaces, gap = [], 0.0
    if current or spaces or not lines:
        lines.append(current + spaces)
    return [_line(pieces, rtl, style) for pieces in lines]


def _needs_levels(text: str) -> bool:
    return any(not ("\u0000" <= character <= "\u02ff") for character in text)


def _line(pieces: list[Piece], rtl: bool, style: TextStyle) -> Line:
    # Rule L1: spaces at the end of a line take the paragraph's level (they are not
    # drawn at the far end of a right-to-left line either: they are dropped).
    while pieces and pieces[-1].space and pieces[-1].start > 0:
        pieces = pieces[:-1]
    order = visual_order([piece.level for piece in pieces])
    ordered = tuple(pieces[index] for index in order)
    arabic = any(piece.run.font in (style.fonts.naskh, style.fonts.naskh_bold) for piece in pieces)
    height = max(style.leading, style.size * ARABIC_LINE_FACTOR) if arabic else style.leading
    return Line(ordered, sum(piece.width for piece in pieces), rtl, height, arabic)


def _words(text: str, levels: Sequence[int], style: TextStyle) -> list[list[Piece]]:
    """Pieces grouped into words and stretches of spaces, in logical order."""
    fonts = choose_fonts(text, style.fonts, bold=style.bold, italic=style.italic)
    arabic = (style.fonts.naskh, style.fonts.naskh_bold)
    words: list[list[Piece]] = []
    for start, end in _segments(text, levels, fonts):
        level = levels[start]
        space = text[start] in _BREAKING_SPACES
        font = fonts[start]
        if font is None:
            pieces = [_placeholder_piece(text[start:end], level, start, style)]
        else:
            size = style.size * (ARABIC_SIZE_FACTOR if font in arabic else 1.0)
            run = shape(font, text[start:end], level % 2 == 1)
            pieces = [Piece(run, level, size, space, start)]
        if words and words[-1][0].space == space and not space:
            words[-1].extend(pieces)
        else:
            words.append(pieces)
    return words


def _segments(
    text: str, levels: Sequence[int], fonts: Sequence[GlyphFont | None]
) -> Iterator[tuple[int, int]]:
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or (
            levels[index] != levels[start]
            or fonts[index] is not fonts[start]
            or (text[index] in _BREAKING_SPACES) != (text[start] in _BREAKING_SPACES)
        ):
            yield start, index
            start = index


def _placeholder_piece(text: str, level: int, start: int, style: TextStyle) -> Piece:
    shown = "".join(placeholder(character) for character in text)
    return Piece(
        shape(style.fonts.latin(bold=style.bold), shown, False), level, style.size, False, start
    )


def _split_word(word: list[Piece], room: float, width: float) -> Iterator[list[Piece]]:
    """Cut a word wider than a line between characters (a long hash, a URL): the
    first chunk fills ``room``, the others a whole line each."""
    chunk: list[Piece] = []
    used = 0.0
    for piece in word:
        start = 0
        length = len(piece.run.text)
        while start < length:
            end = _fit(piece, start, room - used)
            if end == start and chunk:
                yield chunk
                chunk, used, room = [], 0.0, width
                continue
            end = max(end, start + 1)  # a character wider than a line still goes somewhere
            part = _reshape(piece, start, end)
            chunk.append(part)
            used += part.width
            start = end
            if start < length:
                yield chunk
                chunk, used, room = [], 0.0, width
    if chunk:
        yield chunk


def _fit(piece: Piece, start: int, room: float) -> int:
    """The end of the longest stretch from ``start`` that fits in ``room``. Estimated
    from the advances in the whole word, then checked shaped on its own, since cut
    Arabic letters take their final and initial forms."""
    scale = piece.size / piece.run.font.units_per_em
    advances = piece.run.advances
    end = start
    taken = 0.0
    while end < len(advances) and taken + advances[end] * scale <= room:
        taken += advances[end] * scale
        end += 1
    while end > start and _reshape(piece, start, end).width > room:
        end -= 1
    return end


def _reshape(piece: Piece, start: int, end: int) -> Piece:
    run = shape(piece.run.font, piece.run.text[start:end], piece.level % 2 == 1)
    return Piece(run, piece.level, piece.size, piece.space, piece.start + start)


def draw_line(canvas: Canvas, line: Line, x: float, baseline: float) -> None:
    """Draw ``line`` with its left edge at ``x``, in one text object.

    A glyph is placed explicitly only where the PDF's own advance (the glyph's width
    in the font) would not put it: after a kerned pair, for a mark, at a change of
    font. Everything else, across pieces, goes out as one string.
    """
    text = canvas.beginText()
    pen = x
    current: tuple[str, float] | None = None
    expected: float | None = None  # where the PDF's current point is, if known
    group: list[str] = []
    for piece in line.pieces:
        run = piece.run
        scale = piece.size / run.font.units_per_em
        font = (run.font.fontName, piece.size)
        if font != current:
            if group:
                text.textOut("".join(group))
                group = []
            text.setFont(*font)
            current, expected = font, None
        # Spaces are drawn too: readers that extract text look for them.
        for glyph in run.glyphs:
            at = pen + glyph.x * scale
            if not glyph.y and expected is not None and abs(at - expected) < _SAME_POINT:
                group.append(glyph.code)
            else:
                if group:
                    text.textOut("".join(group))
                    group = []
                text.setTextOrigin(at, baseline + glyph.y * scale)
                if glyph.y:
                    text.textOut(glyph.code)
                else:
                    group.append(glyph.code)
            expected = None if glyph.y else at + glyph.width * scale
        pen += piece.width
    if group:
        text.textOut("".join(group))
    canvas.drawText(text)


_SAME_POINT = 1e-3  # points: closer than any printer can tell


def baseline_offset(line: Line, style: TextStyle) -> float:
    """From the top of a line's box down to its baseline."""
    slack = line.height - style.size
    if line.arabic:
        # Naskh's marks above need more room than its descenders below.
        return slack * 0.55 + style.size * 0.85
    return slack / 2 + style.size * 0.8


def draw_single_line(
    canvas: Canvas,
    text: str,
    style: ParagraphStyle,
    fonts: FontSet,
    x: float,
    baseline: float,
    align: str = "left",
) -> float:
    """Draw ``text`` as one line (headers, footers) left of, centred on or right of
    ``x``; returns its width."""
    lines = lay_out(" ".join(text.split("\n")), TextStyle(style, fonts), float("inf"))
    line = lines[0]
    left = {"left": x, "centre": x - line.width / 2, "right": x - line.width}[align]
    canvas.setFillColor(style.textColor)
    draw_line(canvas, line, left, baseline)
    return line.width


class ShapedParagraph(Flowable):  # type: ignore[misc]
    """A block of text laid out by this module: a flowable like a Paragraph."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        fonts: FontSet,
        lines: list[Line] | None = None,
        isolated: Sequence[tuple[int, int]] = (),
    ) -> None:
        super().__init__()
        self.text = text
        self.isolated = tuple(isolated)
        self.style = style
        self.fonts = fonts
        self.text_style = TextStyle(style, fonts)
        self.spaceBefore: float = style.spaceBefore
        self.spaceAfter: float = style.spaceAfter
        # Parts of a split paragraph keep the lines they were given: every frame of
        # the memo has the same width.
        self._lines = lines
        self._laid_out_for: float | None = None
        self._keep_lines = lines is not None
        self.width = 0.0
        self.height = 0.0

    def _ensure(self, available: float) -> list[Line]:
        width = max(available - self.style.leftIndent - self.style.rightIndent, 1.0)
        if self._lines is None or (not self._keep_lines and self._laid_out_for != width):
            self._lines = lay_out(self.text, self.text_style, width, self.isolated)
            self._laid_out_for = width
        return self._lines

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        lines = self._ensure(available_width)
        self.width = available_width
        self.height = sum(line.height for line in lines)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        lines = self._ensure(available_width)
        used = 0.0
        count = 0
        for line in lines:
            if used + line.height > available_height + 1e-6:
                break
            used += line.height
            count += 1
        if count == 0:
            return []
        if count == len(lines):
            return [self]
        first = ShapedParagraph(self.text, self.style, self.fonts, lines[:count])
        rest = ShapedParagraph(self.text, self.style, self.fonts, lines[count:])
        first.spaceAfter = 0.0
        rest.spaceBefore = 0.0
        return [first, rest]

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFillColor(self.style.textColor)
        left = self.style.leftIndent
        content = self.width - left - self.style.rightIndent
        top = self.height
        alignment = self.style.alignment
        for line in self._lines or []:
            baseline = top - baseline_offset(line, self.text_style)
            if alignment == TA_CENTER:
                shift = (content - line.width) / 2
            elif line.rtl or alignment == TA_RIGHT:
                # A right-to-left paragraph starts at the right margin.
                shift = content - line.width
            else:
                shift = 0.0
            if line.pieces:
                draw_line(canvas, line, left + shift, baseline)
            top -= line.height
