"""The officer's words on their way into the memo, and the memo's own wording.

Whatever was typed (notes, rationales, names, the memo block) is text, never markup:
it is cleaned of characters that have no place on a page, then either escaped for
a reportlab Paragraph (plain Latin text) or handed to the memo's own layout
(``rtl.py``: right-to-left, mixed or anything that needs shaping). All markup comes
from the program's own templates, built here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from vision_desk.export.fonts import FontSet
from vision_desk.export.rtl import ShapedParagraph, draw_single_line

_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# C0 and C1 controls (tab and newline survive as layout), noncharacters, and lone
# surrogates, which cannot even be written out as UTF-8.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]"
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
    text = re.sub("[\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U000efffe\U000effff]", "", text)
    return text.replace("\t", _TAB)


def markup(text: str) -> str:
    """Paragraph markup that shows exactly the characters of (clean) ``text``:
    escaped, line breaks kept, and spaces kept where reportlab would collapse them."""
    return "<br/>".join(_keep_spaces(escape(line)) for line in text.split("\n"))


def _keep_spaces(line: str) -> str:
    # reportlab collapses white space as HTML does: the officer's indentation and
    # runs of spaces keep their width as no-break spaces.
    body = line.lstrip(" ")
    indent = len(line) - len(body)
    body = _SPACE_RUN.sub(lambda run: " " + "\u00a0" * (len(run.group()) - 1), body)
    return "\u00a0" * indent + body


@dataclass(frozen=True, slots=True)
class Words:
    """The program's own words in a composed line (bold or italic if wanted)."""

    text: str
    bold: bool = False
    italic: bool = False


Part = Words | str  # a plain str is typed text: the officer's or the agreement file's


class Typesetter:
    """Turns text into flowables, choosing a Paragraph or the memo's own layout."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts

    def text(self, text: str, style: ParagraphStyle) -> Flowable:
        """Typed text, exactly as typed."""
        cleaned = clean(text)
        if self.fonts.is_plain(cleaned):
            return Paragraph(markup(cleaned), style)
        return ShapedParagraph(cleaned, style, self.fonts)

    def compose(self, style: ParagraphStyle, *parts: Part) -> Flowable:
        """A line of the program's words with typed text in between. Typed text that
        needs the memo's own layout is isolated, so that a right-to-left name does
        not carry the date after it to the other side; the emphasis is dropped then."""
        typed = [clean(part) for part in parts if isinstance(part, str)]
        if all(self.fonts.is_plain(value) for value in typed):
            return Paragraph("".join(_markup_part(part) for part in parts), style)
        text = ""
        isolated: list[tuple[int, int]] = []
        for part in parts:
            if isinstance(part, Words):
                text += part.text
            else:
                value = clean(part)
                isolated.append((len(text), len(text) + len(value)))
                text += value
        return ShapedParagraph(text, style, self.fonts, isolated=isolated)

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
        width: float = canvas.stringWidth(cleaned, style.fontName, style.fontSize)
        left = {"left": x, "centre": x - width / 2, "right": x - width}[align]
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        canvas.drawString(left, baseline, cleaned)
        return width


def _markup_part(part: Part) -> str:
    if isinstance(part, str):
        return markup(clean(part))
    text = markup(part.text)
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
