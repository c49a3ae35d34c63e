"""How the memo looks: the page, a sober palette and named paragraph styles.

One family (Noto Sans) in a few sizes, ink close to black, one dark blue for
headings, grey for what is secondary, and light rules instead of boxes: the look of
a memo a ministry sends, not of a dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from vision_desk.export.fonts import FontSet

PAGE_SIZE = A4
MARGIN_LEFT = 22 * mm
MARGIN_RIGHT = 22 * mm
MARGIN_TOP = 26 * mm
MARGIN_BOTTOM = 24 * mm
FRAME_WIDTH = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT
FRAME_HEIGHT = PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM

INK = colors.HexColor("#1b1d21")
MUTED = colors.HexColor("#5c6470")
HEADING = colors.HexColor("#1f3350")
RULE = colors.HexColor("#8d969f")
HAIRLINE = colors.HexColor("#d4d9de")
SHADE = colors.HexColor("#f0f2f4")
NOTICE = colors.HexColor("#fbf6e8")
NOTICE_RULE = colors.HexColor("#b9a15c")
ALERT = colors.HexColor("#8a2a1c")


@dataclass(frozen=True, slots=True)
class MemoStyles:
    """The named paragraph styles of the memo (built once per font set)."""

    kicker: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    field_label: ParagraphStyle
    field_value: ParagraphStyle
    hash_value: ParagraphStyle
    heading1: ParagraphStyle
    heading2: ParagraphStyle
    heading3: ParagraphStyle
    body: ParagraphStyle
    facts: ParagraphStyle
    status: ParagraphStyle
    label: ParagraphStyle
    byline: ParagraphStyle
    note: ParagraphStyle
    quote: ParagraphStyle
    muted: ParagraphStyle
    confidence: ParagraphStyle
    notice: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    cell_muted: ParagraphStyle
    cell_header: ParagraphStyle
    cell_header_right: ParagraphStyle
    figure: ParagraphStyle
    figure_label: ParagraphStyle
    figure_words: ParagraphStyle
    footnote: ParagraphStyle
    continued: ParagraphStyle
    chart_label: ParagraphStyle
    header: ParagraphStyle
    header_bold: ParagraphStyle
    marking: ParagraphStyle


def make_styles(fonts: FontSet) -> MemoStyles:
    regular = fonts.sans.fontName
    bold = fonts.sans_bold.fontName
    italic = fonts.sans_italic.fontName

    def style(name: str, **overrides: object) -> ParagraphStyle:
        values: dict[str, object] = {
            "fontName": regular,
            "fontSize": 9.5,
            "leading": 13.5,
            "textColor": INK,
            "alignment": TA_LEFT,
            "splitLongWords": 1,
        }
        values.update(overrides)
        return ParagraphStyle(name, **values)

    cell = style("Cell", fontSize=8.5, leading=11.5)
    return MemoStyles(
        kicker=style("Kicker", fontName=bold, fontSize=8, leading=10, textColor=MUTED),
        title=style("Title", fontName=bold, fontSize=17, leading=21, textColor=HEADING),
        subtitle=style("Subtitle", fontSize=11, leading=15, textColor=MUTED, spaceAfter=2),
        field_label=style("FieldLabel", fontName=bold, fontSize=8.5, leading=13, textColor=MUTED),
        field_value=style("FieldValue", fontSize=9.5, leading=13),
        hash_value=style("HashValue", fontSize=8.5, leading=12, splitLongWords=1),
        heading1=style(
            "Heading1",
            fontName=bold,
            fontSize=13,
            leading=17,
            textColor=HEADING,
            spaceBefore=16,
            spaceAfter=6,
            keepWithNext=1,
        ),
        heading2=style(
            "Heading2",
            fontName=bold,
            fontSize=11,
            leading=14.5,
            textColor=HEADING,
            spaceBefore=12,
            spaceAfter=4,
            keepWithNext=1,
        ),
        heading3=style(
            "Heading3",
            fontName=bold,
            fontSize=10,
            leading=13.5,
            textColor=INK,
            spaceBefore=11,
            spaceAfter=1,
            keepWithNext=1,
        ),
        body=style("Body", spaceAfter=5),
        facts=style(
            "Facts", fontSize=8.5, leading=12, textColor=MUTED, spaceAfter=3, keepWithNext=1
        ),
        status=style("Status", fontName=bold, fontSize=9.5, leading=13.5, spaceBefore=1),
        label=style(
            "Label",
            fontName=bold,
            fontSize=8.5,
            leading=12,
            textColor=MUTED,
            spaceBefore=5,
            keepWithNext=1,
        ),
        byline=style(
            "Byline",
            fontSize=8,
            leading=11,
            textColor=MUTED,
            leftIndent=10,
            spaceBefore=4,
            keepWithNext=1,
        ),
        note=style("Note", leftIndent=10, spaceAfter=2),
        quote=style("Quote", fontName=italic, leftIndent=10, spaceAfter=3),
        muted=style("Muted", fontSize=8.5, leading=12, textColor=MUTED, spaceAfter=3),
        confidence=style(
            "Confidence", fontSize=8.5, leading=12, spaceBefore=1, spaceAfter=3, keepWithNext=1
        ),
        notice=style("Notice", fontSize=9, leading=12.5),
        cell=cell,
        cell_bold=style("CellBold", fontName=bold, fontSize=8.5, leading=11.5),
        cell_right=style("CellRight", fontSize=8.5, leading=11.5, alignment=TA_RIGHT),
        cell_muted=style("CellMuted", fontSize=8, leading=10.5, textColor=MUTED),
        cell_header=style("CellHeader", fontName=bold, fontSize=8, leading=10.5, textColor=MUTED),
        cell_header_right=style(
            "CellHeaderRight",
            fontName=bold,
            fontSize=8,
            leading=10.5,
            textColor=MUTED,
            alignment=TA_RIGHT,
        ),
        figure=style("Figure", fontName=bold, fontSize=17, leading=20, textColor=HEADING),
        figure_label=style("FigureLabel", fontSize=7.5, leading=9.5, textColor=MUTED),
        figure_words=style("FigureWords", fontName=bold, fontSize=9, leading=20, textColor=HEADING),
        footnote=style("Footnote", fontSize=7, leading=9, textColor=MUTED, spaceBefore=4),
        continued=style(
            "Continued",
            fontName=bold,
            fontSize=8.5,
            leading=12,
            textColor=MUTED,
            spaceAfter=2,
            keepWithNext=1,
        ),
        chart_label=style("ChartLabel", fontSize=8, leading=10),
        header=style("Header", fontSize=7.5, leading=9, textColor=MUTED),
        header_bold=style("HeaderBold", fontName=bold, fontSize=7.5, leading=9, textColor=MUTED),
        marking=style("Marking", fontName=bold, fontSize=9, leading=11, alignment=TA_CENTER),
    )


def table_style(*, header: bool = True, right_columns: tuple[int, ...] = ()) -> TableStyle:
    """Light rules: a firm one under the header and at the foot, hairlines between rows."""
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -2), 0.25, HAIRLINE),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, RULE),
    ]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEABOVE", (0, 0), (-1, 0), 0.6, RULE),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
        ]
    for column in right_columns:
        commands.append(("ALIGN", (column, 0), (column, -1), "RIGHT"))
    return TableStyle(commands)


def figures_row(
    row: list[list[Flowable]],
    shares: tuple[float, ...],
    gap: float,
    above: float,
    below: float,
) -> Table:
    """A row of key figures between two rules, hairlines between the figures: the
    memo's summary and the brief's head set their figures alike. ``shares``: each
    column's part of the frame's width; ``gap``: the padding after each hairline;
    ``above``, ``below``: the padding inside the rules."""
    table = Table([row], colWidths=[FRAME_WIDTH * share for share in shares], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (0, 0), (-1, 0), 0.6, RULE),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
                ("LINEBEFORE", (1, 0), (-1, 0), 0.25, HAIRLINE),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("LEFTPADDING", (1, 0), (-1, 0), gap),
                ("TOPPADDING", (0, 0), (-1, -1), above),
                ("BOTTOMPADDING", (0, 0), (-1, -1), below),
            ]
        )
    )
    return table
