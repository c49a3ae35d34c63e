"""The officer's words on their way into the memo, and the memo's own wording.

Whatever was typed (notes, rationales, names, the memo block) is text, never markup.
It is cleaned of characters that have no place on a page, then set one of three
ways: plain Latin text as it is, without any markup parser (``plain.py``); a line
that mixes the program's emphasis with typed text as a reportlab Paragraph, the
typed part escaped into markup built here from the program's own templates; and
anything right-to-left, mixed or needing shaping by the memo's own layout
(``rtl.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer

from vision_desk.export.fonts import FontSet
from vision_desk.export.headed import Headed
from vision_desk.export.plain import PlainParagraph
from vision_desk.export.rtl import ShapedParagraph, draw_single_line

_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# C0 and C1 controls (tab and newline survive as layout), noncharacters, and lone
# surrogates, which cannot even be written out as UTF-8.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff"
    "\U0001fffe\U0001ffff\U000efffe\U000effff\U0010fffe\U0010ffff]"
)
_TAB = "    "
_SPACE_RUN = re.compile(" {2,}")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def clean(text: str) -> str:
    """Line ends made ``\\n``, tabs made spaces, and characters that print as nothing
    or break the file (controls, noncharacters, lone surrogates) left out."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _UNPRINTABLE.sub("", text)
    return text.replace("\t", _TAB)


def markup(text: str) -> str:
    """Paragraph markup that shows exactly the characters of (clean) ``text``:
    escaped, line breaks kept, and spaces kept where reportlab would collapse them."""
    return _lines_markup(escape(text))


def _lines_markup(escaped: str) -> str:
    return "<br/>".join(_keep_spaces(line) for line in escaped.split("\n"))


def _keep_spaces(line: str) -> str:
    # reportlab collapses white space as HTML does: the officer's indentation and
    # runs of spaces keep their width as no-break spaces.
    body = line.lstrip(" ")
    indent = len(line) - len(body)
    body = _SPACE_RUN.sub(lambda run: " " + "\u00a0" * (len(run.group()) - 1), body)
    return "\u00a0" * indent + body


class MemoParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that breaks its lines once per width. Platypus asks a paragraph
    to wrap again and again (to fit, to split, in a table); the lines only depend on
    the width."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        cached = getattr(self, "_wrapped", None)
        if cached is not None and cached[0] == available_width:
            _, self.width, self.height, self.blPara, self._wrapWidths = cached
            return self.width, self.height
        width, height = super().wrap(available_width, available_height)
        self._wrapped = (available_width, width, height, self.blPara, self._wrapWidths)
        return width, height


@dataclass(frozen=True, slots=True)
class Words:
    """The program's own words in a composed line (bold or italic if wanted)."""

    text: str
    bold: bool = False
    italic: bool = False


Part = Words | str  # a plain str is typed text: the officer's or the agreement file's


class Typesetter:
    """Turns text into flowables, choosing plain text, a Paragraph or the memo's own
    layout for it."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts

    def text(self, text: str, style: ParagraphStyle) -> Flowable:
        """Typed text, exactly as typed."""
        cleaned = clean(text)
        if not self.fonts.is_plain(cleaned):
            return ShapedParagraph(cleaned, style, self.fonts)
        if "\n" in cleaned:
            return MemoParagraph(markup(cleaned), style)
        return PlainParagraph(cleaned, style)

    def paragraphs(self, text: str, style: ParagraphStyle) -> list[Flowable]:
        """Typed text as flowables: plain text one Paragraph per typed line, since a
        Paragraph with a line break in it takes reportlab's slow path (a memo of a
        thousand clauses has thousands of notes); a blank line keeps its height."""
        cleaned = clean(text)
        if "\n" not in cleaned or not self.fonts.is_plain(cleaned):
            return [self.text(text, style)]
        flowables: list[Flowable] = []
        lines = cleaned.split("\n")
        for number, line in enumerate(lines):
            flowable = PlainParagraph(line, style) if line else Spacer(1, style.leading)
            flowable.spaceBefore = style.spaceBefore if number == 0 else 0.0
            flowable.spaceAfter = style.spaceAfter if number == len(lines) - 1 else 0.0
            flowables.append(flowable)
        return flowables

    def compose(self, style: ParagraphStyle, *parts: Part) -> Flowable:
        """A line of the program's words with typed text in between. Typed text that
        needs the memo's own layout is isolated, so that a right-to-left name does
        not carry the date after it to the other side; the emphasis is dropped then."""
        # The program's words may quote the agreement file (a deadline's wording, a
        # reference): they are checked like typed text.
        texts = [_text_of(part) for part in parts]
        if all(self.fonts.is_plain(text) for text in texts):
            emphasis = any(isinstance(part, Words) and (part.bold or part.italic) for part in parts)
            if not emphasis and not any("\n" in text for text in texts):
                return PlainParagraph("".join(texts), style)
            # Spaces are kept across the parts, not at the edge of each one.
            marked = "".join(
                _emphasis(part, escape(text)) for part, text in zip(parts, texts, strict=True)
            )
            return MemoParagraph(_lines_markup(marked), style)
        joined = ""
        isolated: list[tuple[int, int]] = []
        for part, text in zip(parts, texts, strict=True):
            if isinstance(part, str):
                isolated.append((len(joined), len(joined) + len(text)))
            joined += text
        return ShapedParagraph(joined, style, self.fonts, isolated=isolated)

    def headed(
        self, heads: Sequence[tuple[Sequence[Part], ParagraphStyle]], body: Flowable
    ) -> list[Flowable]:
        """``body`` under heads (a heading, a label, a byline). Plain heads are drawn
        by one flowable with the body, which keeps them together without the cost of
        a KeepTogether each: a long memo has thousands of notes. Heads that need the
        memo's own layout are flowables of their own, kept with the next."""
        lines = [(_plain_line(parts), style) for parts, style in heads]
        plain = [(line, style) for line, style in lines if line is not None]
        if len(plain) == len(lines) and all(self.fonts.is_plain(line) for line, _ in plain):
            return [Headed(plain, body)]
        kept = [self._kept(self.compose(style, *parts)) for parts, style in heads]
        return [*kept, body]

    def note(
        self,
        heads: Sequence[tuple[Sequence[Part], ParagraphStyle]],
        text: str,
        style: ParagraphStyle,
    ) -> list[Flowable]:
        """Typed text under its heads (which go with its first line)."""
        first, *rest = self.paragraphs(text, style)
        return [*self.headed(heads, first), *rest]

    @staticmethod
    def _kept(flowable: Flowable) -> Flowable:
        flowable.keepWithNext = 1
        return flowable

    def draw(
        self,
        canvas: Canvas,
        text: str,
        style: ParagraphStyle,
        x: float,
        baseline: float,
        align: str = "left",
    ) -> float:
        """One line of text on the canvas (headers and footers); returns its width."""
        cleaned = " ".join(clean(text).split("\n"))
        if not self.fonts.is_plain(cleaned):
            return draw_single_line(canvas, cleaned, style, self.fonts, x, baseline, align)
        width = 0.0
        if align != "left":
            width = canvas.stringWidth(cleaned, style.fontName, style.fontSize)
        left = {"left": x, "centre": x - width / 2, "right": x - width}[align]
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        canvas.drawString(left, baseline, cleaned)
        return width


def _plain_line(parts: Sequence[Part]) -> str | None:
    """The text of a one-line head, or None when it needs emphasis or line breaks."""
    text = ""
    for part in parts:
        if isinstance(part, Words) and (part.bold or part.italic):
            return None
        text += _text_of(part)
    return None if "\n" in text else text


def _text_of(part: Part) -> str:
    return clean(part.text if isinstance(part, Words) else part)


def _emphasis(part: Part, text: str) -> str:
    if isinstance(part, str):
        return text
    if part.bold:
        text = f"<b>{text}</b>"
    if part.italic:
        text = f"<i>{text}</i>"
    return text


def plain_text(text: str) -> str:
    """Typed text for places that take a plain string (PDF metadata, bookmarks)."""
    return " ".join(clean(text).split())


def format_date(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def format_moment(moment: dt.datetime) -> str:
    """A time stamp as the memo prints it: in UTC when the time knows its zone, so
    that the memo does not depend on the zone of the machine that made it."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
        return f"{format_date(moment.date())}, {moment:%H:%M} UTC"
    return f"{format_date(moment.date())}, {moment:%H:%M}"


def count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"
