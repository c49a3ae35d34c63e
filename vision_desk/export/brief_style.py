"""The brief's look: the memo's house style (fonts, ink, rules, the heading blue)
a size smaller, so that a page holds what a desk officer takes into a meeting; and
what every part of the brief is built with."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, TableStyle

from vision_desk.domain.memo import BriefSnapshot
from vision_desk.export.styles import HEADING, INK, MUTED, MemoStyles, table_style
from vision_desk.export.text import Typesetter, clean

ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class BriefStyles:
    heading: ParagraphStyle
    body: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    cell_right_bold: ParagraphStyle
    cell_muted: ParagraphStyle
    cell_muted_right: ParagraphStyle
    cell_header: ParagraphStyle
    cell_header_right: ParagraphStyle
    more: ParagraphStyle


def make_brief_styles(memo: MemoStyles) -> BriefStyles:
    regular = memo.body.fontName
    bold = memo.heading1.fontName

    def style(name: str, **overrides: object) -> ParagraphStyle:
        values: dict[str, object] = {
            "fontName": regular,
            "fontSize": 8,
            "leading": 10,
            "textColor": INK,
            "splitLongWords": 1,
        }
        values.update(overrides)
        return ParagraphStyle(f"Brief{name}", **values)

    return BriefStyles(
        heading=style(
            "Heading",
            fontName=bold,
            fontSize=10.5,
            leading=13,
            textColor=HEADING,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        body=style("Body", fontSize=8.5, leading=11.5, spaceAfter=2),
        cell=style("Cell"),
        cell_bold=style("CellBold", fontName=bold),
        cell_right=style("CellRight", alignment=TA_RIGHT),
        cell_right_bold=style("CellRightBold", fontName=bold, alignment=TA_RIGHT),
        cell_muted=style("CellMuted", fontSize=7.5, leading=9.5, textColor=MUTED),
        cell_muted_right=style(
            "CellMutedRight", fontSize=7.5, leading=9.5, textColor=MUTED, alignment=TA_RIGHT
        ),
        cell_header=style("CellHeader", fontName=bold, fontSize=7.5, leading=9.5, textColor=MUTED),
        cell_header_right=style(
            "CellHeaderRight",
            fontName=bold,
            fontSize=7.5,
            leading=9.5,
            textColor=MUTED,
            alignment=TA_RIGHT,
        ),
        more=style("More", fontSize=8, leading=10.5, textColor=MUTED, spaceBefore=2),
    )


def brief_table_style(right_columns: tuple[int, ...] = ()) -> TableStyle:
    """The memo's light rules, with tighter rows."""
    style = table_style(right_columns=right_columns)
    style.add("TOPPADDING", (0, 0), (-1, -1), 1.5)
    style.add("BOTTOMPADDING", (0, 0), (-1, -1), 2)
    return style


@dataclass(frozen=True, slots=True)
class BriefKit:
    """What every part of the brief is built with."""

    snapshot: BriefSnapshot
    typesetter: Typesetter
    memo: MemoStyles
    styles: BriefStyles

    def text(self, text: str, style: ParagraphStyle, limit: int | None = None) -> Flowable:
        """Typed text as typed, or its first ``limit`` characters or so (cut at a
        space where there is one) with an ellipsis: a brief has no room for a title of
        a page."""
        return self.typesetter.text(clip(text, limit) if limit else text, style)


def clip(text: str, limit: int) -> str:
    """``text`` on one line, cut to about ``limit`` characters with "…" when longer."""
    flat = " ".join(clean(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + ELLIPSIS
