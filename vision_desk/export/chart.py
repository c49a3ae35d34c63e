"""The summary chart: where the commitments and the principles stand, as two bars.

Each bar is 100 % wide and split by level, in the order of the scale, with the
printed shares (``printed_shares``: equal counts print equal, and the shares add up
to 100 whenever equal counts allow it). The levels take the desk's hues in tones
that stay apart in grey (``palette``), the two that are not a score are hatched,
and the legend names every level with its count. Drawn with
reportlab.graphics shapes from the summary alone, so the same summary always gives
the same drawing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from vision_desk.domain.rules import Summary, printed_shares
from vision_desk.domain.status import COMMITMENT_SCALE, PRINCIPLE_SCALE, Status
from vision_desk.export.palette import HATCHED, LEVEL_FILLS, hatch_ink, label_ink
from vision_desk.export.styles import HAIRLINE, INK, MUTED, RULE

LEVEL_COLOURS: dict[Status, colors.Color] = {
    status: colors.HexColor(fill) for status, fill in LEVEL_FILLS.items()
}

_LABEL_WIDTH = 78.0
_BAR_HEIGHT = 15.0
_BAR_ROOM = 32.0  # the bar and the gap to its legend
_LEGEND_LINE = 12.0
_HATCH_STEP = 3.5


@dataclass(frozen=True, slots=True)
class Shares:
    """One scale's counts and the shares printed for them."""

    counts: Mapping[Status, int]
    shares: Mapping[Status, Fraction]
    decimals: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def share_sum(self) -> Fraction:
        return sum(self.shares.values(), Fraction(0))

    def text(self, status: Status) -> str:
        return percent(self.shares.get(status, Fraction(0)), self.decimals)


def scale_shares(counts: Mapping[Status, int], scale: Sequence[Status]) -> Shares:
    """The counts of ``scale``'s levels (in its order) and the shares the memo prints."""
    ordered = {status: counts.get(status, 0) for status in scale}
    shares, decimals = printed_shares(ordered)
    return Shares(ordered, shares, decimals)


@dataclass(frozen=True, slots=True)
class _Bar:
    title: str
    scale: Sequence[Status]
    shares: Shares


def summary_chart(summary: Summary, width: float, font: str, bold_font: str) -> Drawing:
    """Two 100 % bars, commitments above principles, each with its legend below."""
    bars = [
        _Bar(
            "Commitments",
            COMMITMENT_SCALE,
            scale_shares(summary.commitment_counts, COMMITMENT_SCALE),
        ),
        _Bar(
            "Principles", PRINCIPLE_SCALE, scale_shares(summary.principle_counts, PRINCIPLE_SCALE)
        ),
    ]
    legends = [_legend_rows(bar, width - _LABEL_WIDTH, font) for bar in bars]
    height = sum(_BAR_ROOM + _LEGEND_LINE * len(rows) for rows in legends) + 4
    drawing = Drawing(width, height)
    top = height - 2
    for bar, rows in zip(bars, legends, strict=True):
        _draw_bar(drawing, bar, top, width, font, bold_font)
        _draw_legend(drawing, rows, top - _BAR_HEIGHT - 15, font)
        top -= _BAR_ROOM + _LEGEND_LINE * len(rows)
    return drawing


def _draw_bar(
    drawing: Drawing, bar: _Bar, top: float, width: float, font: str, bold_font: str
) -> None:
    total = bar.shares.total
    bar_width = width - _LABEL_WIDTH
    y = top - _BAR_HEIGHT
    drawing.add(String(0, y + 4.5, bar.title, fontName=bold_font, fontSize=8.5, fillColor=INK))
    drawing.add(String(0, y - 5.5, f"{total} in all", fontName=font, fontSize=7, fillColor=MUTED))
    x = _LABEL_WIDTH
    if total == 0:
        drawing.add(
            Rect(
                x, y, bar_width, _BAR_HEIGHT, fillColor=None, strokeColor=HAIRLINE, strokeWidth=0.5
            )
        )
        drawing.add(
            String(x + 6, y + 4.5, "none to show", fontName=font, fontSize=7.5, fillColor=MUTED)
        )
        return
    for status in bar.scale:
        count = bar.shares.counts.get(status, 0)
        if not count:
            continue
        segment = bar_width * count / total
        drawing.add(_swatch(status, x, y, segment, _BAR_HEIGHT, colors.white, 0.75))
        label = bar.shares.text(status)
        label_width = stringWidth(label, font, 7.5)
        if segment >= label_width + 6:
            if status in HATCHED:
                # The hatching stops around the figure, which stays easy to read.
                drawing.add(
                    Rect(
                        x + (segment - label_width) / 2 - 2,
                        y + 2.5,
                        label_width + 4,
                        _BAR_HEIGHT - 5,
                        fillColor=LEVEL_COLOURS[status],
                        strokeColor=None,
                    )
                )
            drawing.add(
                String(
                    x + segment / 2,
                    y + 4.5,
                    label,
                    fontName=font,
                    fontSize=7.5,
                    textAnchor="middle",
                    fillColor=colors.HexColor(label_ink(status)),
                )
            )
        x += segment
    # An outline, so that a level as light as the paper still shows its edge.
    drawing.add(
        Rect(
            _LABEL_WIDTH,
            y,
            bar_width,
            _BAR_HEIGHT,
            fillColor=None,
            strokeColor=RULE,
            strokeWidth=0.4,
        )
    )


def _swatch(
    status: Status,
    x: float,
    y: float,
    width: float,
    height: float,
    edge: colors.Color,
    edge_width: float,
) -> Group:
    """A rectangle in the level's fill, hatched when the level is not a score."""
    group = Group(
        Rect(
            x,
            y,
            width,
            height,
            fillColor=LEVEL_COLOURS[status],
            strokeColor=edge,
            strokeWidth=edge_width,
        )
    )
    if status in HATCHED:
        ink = colors.HexColor(hatch_ink(status))
        for x0, y0, x1, y1 in hatch_lines(x, y, width, height, _HATCH_STEP):
            group.add(Line(x0, y0, x1, y1, strokeColor=ink, strokeWidth=0.5))
    return group


def hatch_lines(
    x: float, y: float, width: float, height: float, step: float
) -> list[tuple[float, float, float, float]]:
    """Lines at 45° across the rectangle, ``step`` apart, cut at its edges."""
    lines = []
    offset = -height + step / 2
    while offset < width:
        # The line through (x + offset, y) rising at 45°, kept inside the rectangle.
        start = max(offset, 0.0)
        end = min(offset + height, width)
        if end > start:
            lines.append((x + start, y + start - offset, x + end, y + end - offset))
        offset += step
    return lines


def _legend_rows(bar: _Bar, width: float, font: str) -> list[list[tuple[Status, str, float]]]:
    """The legend's entries (level, text, x) in as many rows as ``width`` needs."""
    rows: list[list[tuple[Status, str, float]]] = [[]]
    x = 0.0
    for status in bar.scale:
        count = bar.shares.counts.get(status, 0)
        text = f"{status.label} {count}"
        step = 10 + stringWidth(text, font, 7.5)
        if rows[-1] and x + step > width:
            rows.append([])
            x = 0.0
        rows[-1].append((status, text, x))
        x += step + 10
    return rows


def _draw_legend(
    drawing: Drawing, rows: list[list[tuple[Status, str, float]]], y: float, font: str
) -> None:
    for row in rows:
        for status, text, x in row:
            drawing.add(_swatch(status, _LABEL_WIDTH + x, y, 7, 7, RULE, 0.3))
            drawing.add(
                String(
                    _LABEL_WIDTH + x + 10, y + 0.8, text, fontName=font, fontSize=7.5, fillColor=INK
                )
            )
        y -= _LEGEND_LINE


def percent(share: Fraction, decimals: int = 0) -> str:
    """A share as printed, with ``decimals`` decimals (the shares are exact at that)."""
    if decimals == 0 and share.denominator == 1:
        return f"{share.numerator}%"
    return f"{float(share):.{max(decimals, 1)}f}%"
