"""A flowable under one or more heads: a clause heading and its facts over the
status, a label and a byline over a note.

Platypus keeps a heading with what follows by wrapping both in a KeepTogether,
which lays everything out twice; in a memo of a thousand clauses and five thousand
notes that doubles the time. Here the heads are plain lines drawn by the flowable
itself, and go with the first part of its body when it splits across pages.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from vision_desk.export.plain import break_lines


class Headed(Flowable):  # type: ignore[misc]
    """``body`` with heads above it; each head may wrap. The heads must be clean text
    that Noto Sans sets on its own (``FontSet.is_plain``): they are drawn as they are."""

    def __init__(self, heads: list[tuple[str, ParagraphStyle]], body: Flowable) -> None:
        super().__init__()
        self.heads = heads
        self.body = body
        self.spaceBefore: float = heads[0][1].spaceBefore if heads else 0.0
        self.spaceAfter: float = body.getSpaceAfter()
        self._lines: list[tuple[list[str], ParagraphStyle, float]] = []
        self._laid_out_for: float | None = None
        self.head_height = 0.0

    def _lay_out_heads(self, width: float) -> None:
        if self._laid_out_for == width:
            return
        self._lines = []
        self.head_height = 0.0
        for number, (text, style) in enumerate(self.heads):
            gap = style.spaceBefore if number else 0.0
            broken = break_lines(text, style.fontName, style.fontSize, width - style.leftIndent)
            lines = [line for line, _ in broken]
            self._lines.append((lines, style, gap))
            self.head_height += gap + len(lines) * style.leading
        self.head_height += self.heads[-1][1].spaceAfter if self.heads else 0.0
        self._laid_out_for = width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._lay_out_heads(available_width)
        _, body_height = self.body.wrap(available_width, available_height - self.head_height)
        self.width = available_width
        self.height = self.head_height + body_height
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self._lay_out_heads(available_width)
        parts = self.body.split(available_width, available_height - self.head_height)
        if not parts:
            return []
        first = Headed(self.heads, parts[0])
        first.spaceAfter = 0.0
        return [first, *parts[1:]]

    def getKeepWithNext(self) -> bool:  # noqa: N802 (reportlab's name)
        return bool(self.body.getKeepWithNext())

    def draw(self) -> None:
        # One text object for all the heads: they are plain text in the memo's fonts.
        text = self.canv.beginText()
        top = self.height
        for lines, style, gap in self._lines:
            top -= gap
            text.setFont(style.fontName, style.fontSize)
            text.setFillColor(style.textColor)
            for line in lines:
                baseline = top - style.leading + (style.leading - style.fontSize) / 2 + 1.5
                text.setTextOrigin(style.leftIndent, baseline)
                text.textOut(line)
                top -= style.leading
        self.canv.drawText(text)
        self.body.drawOn(self.canv, 0, 0)
