"""The summary chart: where the commitments and the principles stand, as two bars.

Each bar is 100 % wide and split by level, in the order of the scale, with the
printed shares (largest-remainder, so they add up to exactly 100). Drawn with
reportlab.graphics shapes from the summary alone, so the same summary always gives
the same drawing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from vision_desk.domain.rules import Summary, largest_remainder_percentages
from vision_desk.domain.status import COMMITMENT_SCALE, PRINCIPLE_SCALE, Status
from vision_desk.export.styles import HAIRLINE, INK, MUTED, RULE

# A blue ramp for the implementation scale (darker is further along), grey for what
# is not a score, and muted ochre and brick for strained and breached principles:
# readable in greyscale print and by readers with red-green colour blindness.
LEVEL_COLOURS: dict[Status, colors.Color] = {
    Status.NOT_ASSESSED: colors.HexColor("#eceef0"),
    Status.NOT_STARTED: colors.HexColor("#d5dfe9"),
    Status.INITIATED: colors.HexColor("#9db4cb"),
    Status.ADVANCED: colors.HexColor("#5a7fa6"),
    Status.COMPLETED: colors.HexColor("#1f3f66"),
    Status.OVERTAKEN: colors.HexColor("#a3a8ae"),
    Status.UPHELD: colors.HexColor("#2f5d50"),
    Status.STRAINED: colors.HexColor("#c9a54a"),
    Status.BREACHED: colors.HexColor("#8a2a1c"),
}
_DARK = frozenset(
    {Status.ADVANCED, Status.COMPLETED, Status.UPHELD, Status.BREACHED, Status.OVERTAKEN}
)

_LABEL_WIDTH = 78.0
_BAR_HEIGHT = 15.0
_ROW_HEIGHT = 44.0


@dataclass(frozen=True, slots=True)
class _Bar:
    title: str
    scale: Sequence[Status]
    counts: Mapping[Status, int]
    shares: Mapping[Status, Fraction]


def summary_chart(summary: Summary, width: float, font: str, bold_font: str) -> Drawing:
    """Two 100 % bars, commitments above principles, each with its legend below."""
    bars = [
        _Bar(
            "Commitments",
            COMMITMENT_SCALE,
            summary.commitment_counts,
            summary.commitment_shares,
        ),
        _Bar(
            "Principles",
            PRINCIPLE_SCALE,
            summary.principle_counts,
            largest_remainder_percentages(
                {status: summary.principle_counts.get(status, 0) for status in PRINCIPLE_SCALE}
            ),
        ),
    ]
    height = _ROW_HEIGHT * len(bars) + 4
    drawing = Drawing(width, height)
    top = height - 2
    for bar in bars:
        _draw_bar(drawing, bar, top, width, font, bold_font)
        top -= _ROW_HEIGHT
    return drawing


def _draw_bar(
    drawing: Drawing, bar: _Bar, top: float, width: float, font: str, bold_font: str
) -> None:
    total = sum(bar.counts.get(status, 0) for status in bar.scale)
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
    else:
        for status in bar.scale:
            count = bar.counts.get(status, 0)
            if not count:
                continue
            segment = bar_width * count / total
            drawing.add(
                Rect(
                    x,
                    y,
                    segment,
                    _BAR_HEIGHT,
                    fillColor=LEVEL_COLOURS[status],
                    strokeColor=colors.white,
                    strokeWidth=0.75,
                )
            )
            label = percent(bar.shares.get(status, Fraction(0)))
            if segment >= 24:
                drawing.add(
                    String(
                        x + segment / 2,
                        y + 4.5,
                        label,
                        fontName=font,
                        fontSize=7.5,
                        textAnchor="middle",
                        fillColor=colors.white if status in _DARK else INK,
                    )
                )
            x += segment
        drawing.add(Line(_LABEL_WIDTH, y, width, y, strokeColor=RULE, strokeWidth=0.4))
    _draw_legend(drawing, bar, y - 15, font)


def _draw_legend(drawing: Drawing, bar: _Bar, y: float, font: str) -> None:
    x = _LABEL_WIDTH
    for status in bar.scale:
        count = bar.counts.get(status, 0)
        drawing.add(
            Rect(
                x,
                y,
                7,
                7,
                fillColor=LEVEL_COLOURS[status],
                strokeColor=RULE,
                strokeWidth=0.3,
            )
        )
        text = f"{status.label} {count}"
        drawing.add(String(x + 10, y + 0.8, text, fontName=font, fontSize=7.5, fillColor=INK))
        x += 10 + stringWidth(text, font, 7.5) + 12


def percent(share: Fraction) -> str:
    """A share as printed: whole percents (largest-remainder shares are whole)."""
    return (
        f"{share.numerator // share.denominator}%"
        if share.denominator == 1
        else f"{float(share):.1f}%"
    )
