"""Plain text in one style, set without markup: most of what a memo prints.

Notes, rationales and clause texts in Latin script need nothing from a reportlab
Paragraph but line breaking, and a Paragraph first parses its text as markup (the
reason typed text must be escaped at all) and then breaks and draws it through
general machinery. A memo of a thousand clauses has thousands of them; this
flowable breaks lines at spaces with cached word widths and draws each line as one
string, and the officer's text never passes through a markup parser. It looks the
same: the first baseline sits one font size below the top, as in a Paragraph.
"""

from __future__ import annotations

import re

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import Flowable

_SPACES = re.compile("( +)")


def break_lines(text: str, font: str, size: float, width: float) -> list[tuple[str, float]]:
    """Lines of ``text`` (one typed line: no newline) at most ``width`` wide, with
    their widths. Broken at spaces, which are kept as typed inside a line (and at
    its start: the officer's indentation) and dropped where it wraps; a word longer
    than a line is cut between characters."""
    measure = getFont(font).stringWidth  # the memo's fonts remember their word widths
    space = measure(" ", size)
    lines: list[tuple[str, float]] = []
    current = ""
    used = 0.0
    pending = 0  # spaces typed before the next word
    for token in _SPACES.split(text):
        if not token:
            continue
        if token[0] == " ":
            pending = len(token)
            continue
        # Spaces before a word stay, except where the line wraps.
        spaces = pending if current or not lines else 0
        pending = 0
        step = measure(token, size)
        if current.strip(" ") and used + spaces * space + step > width:
            lines.append((current, used))
            current, used, spaces = "", 0.0, 0
        current += " " * spaces
        used += spaces * space
        if used + step <= width:
            current += token
            used += step
            continue
        for character in token:
            step = measure(character, size)
            if current.strip(" ") and used + step > width:
                lines.append((current, used))
                current, used = "", 0.0
            current += character
            used += step
    lines.append((current, used))
    return lines


class PlainParagraph(Flowable):  # type: ignore[misc]
    """Clean, plain text (``FontSet.is_plain``, no newline) in one style."""

    def __init__(
        self, text: str, style: ParagraphStyle, lines: list[tuple[str, float]] | None = None
    ) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.spaceBefore: float = style.spaceBefore
        self.spaceAfter: float = style.spaceAfter
        # Parts of a split paragraph keep their lines: every frame has the same width.
        self._lines = lines
        self._keep_lines = lines is not None
        self._laid_out_for: float | None = None
        self.width = 0.0
        self.height = 0.0

    def _ensure(self, available: float) -> list[tuple[str, float]]:
        width = available - self.style.leftIndent - self.style.rightIndent
        if self._lines is None or (not self._keep_lines and self._laid_out_for != width):
            style = self.style
            self._lines = break_lines(self.text, style.fontName, style.fontSize, width)
            self._laid_out_for = width
        return self._lines

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        lines = self._ensure(available_width)
        self.width = available_width
        self.height = len(lines) * self.style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        lines = self._ensure(available_width)
        fit = int((available_height + 1e-6) // self.style.leading)
        if fit <= 0:
            return []
        if fit >= len(lines):
            return [self]
        first = PlainParagraph(self.text, self.style, lines[:fit])
        rest = PlainParagraph(self.text, self.style, lines[fit:])
        first.spaceAfter = 0.0
        rest.spaceBefore = 0.0
        return [first, rest]

    def draw(self) -> None:
        style = self.style
        left = style.leftIndent
        room = self.width - left - style.rightIndent
        text = self.canv.beginText(left, self.height - style.fontSize)
        text.setFont(style.fontName, style.fontSize, style.leading)
        text.setFillColor(style.textColor)
        for line, width in self._lines or []:
            if style.alignment in (TA_RIGHT, TA_CENTER):
                shift = room - width if style.alignment == TA_RIGHT else (room - width) / 2
                text.setXPos(shift)
                text.textLine(line)
                text.setXPos(-shift)
            else:
                text.textLine(line)
        self.canv.drawText(text)
