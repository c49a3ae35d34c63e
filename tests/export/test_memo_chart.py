"""The summary chart and its shares: the desk's hues, in tones every level of which
stays apart in grey; shares where equal counts print equal (and how the memo says
so); and the principles' figure in words."""

from __future__ import annotations

import colorsys
import itertools
import re
from collections.abc import Callable
from fractions import Fraction

import pypdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from memo_snapshots import STATUSES, RenderedMemo, SnapshotSpec, build_snapshot
from reportlab.graphics.shapes import Drawing, Group, Line, Rect

from vision_desk.domain.memo import MemoSnapshot
from vision_desk.domain.rules import even_handed_percentages, printed_shares
from vision_desk.domain.status import COMMITMENT_SCALE, PRINCIPLE_SCALE, Status
from vision_desk.domain.status_colours import STATUS_HUES
from vision_desk.export.chart import hatch_lines, summary_chart
from vision_desk.export.palette import (
    HATCHED,
    LEVEL_FILLS,
    MIN_LIGHTNESS_GAP,
    PRINT_LIGHTNESS,
    contrast_ratio,
    hatch_ink,
    hex_to_rgb,
    label_ink,
    lightness,
    relative_luminance,
    tone,
)


def flat(text: str) -> str:
    return " ".join(text.split())


# -- colours ------------------------------------------------------------------------


def hue_and_saturation(colour: str) -> tuple[float, float]:
    red, green, blue = (channel / 255 for channel in hex_to_rgb(colour))
    hue, _, saturation = colorsys.rgb_to_hls(red, green, blue)
    return hue * 360, saturation


def test_the_printed_tones_are_the_desks_hues_at_their_lightness() -> None:
    for status, fill in LEVEL_FILLS.items():
        assert fill == tone(STATUS_HUES[status], PRINT_LIGHTNESS[status]), status
        assert abs(lightness(fill) - PRINT_LIGHTNESS[status]) < 1, status
    for status in HATCHED:
        ink = hatch_ink(status)
        assert abs(lightness(ink) - lightness(LEVEL_FILLS[status])) >= 25, status


def test_each_level_is_drawn_in_its_desk_hue() -> None:
    for status, fill in LEVEL_FILLS.items():
        hue, saturation = hue_and_saturation(fill)
        desk_hue, desk_saturation = hue_and_saturation(STATUS_HUES[status])
        if desk_saturation > 0.2:  # the chromatic ones: the same hue, lighter or darker
            assert abs(hue - desk_hue) < 4, (status, fill)
            assert saturation > 0.2, (status, fill)
        else:  # the greys stay grey
            assert saturation < 0.2, (status, fill)


@pytest.mark.parametrize(
    "scale", [COMMITMENT_SCALE, PRINCIPLE_SCALE], ids=["commitments", "principles"]
)
def test_every_level_of_a_bar_stays_apart_in_grey(scale: tuple[Status, ...]) -> None:
    # What a greyscale print keeps of a colour is its luminance; CIE L* puts it on a
    # scale where equal gaps look equal. Any two levels of one bar differ by 12 L*
    # at least (the desk's own red, blue and green are within 3 of each other).
    for first, second in itertools.combinations(scale, 2):
        gap = abs(lightness(LEVEL_FILLS[first]) - lightness(LEVEL_FILLS[second]))
        assert gap >= MIN_LIGHTNESS_GAP, (first, second, gap)
        luminance_gap = abs(
            relative_luminance(LEVEL_FILLS[first]) - relative_luminance(LEVEL_FILLS[second])
        )
        assert luminance_gap >= 0.04, (first, second, luminance_gap)
    # Further along is darker.
    scored = [Status.NOT_STARTED, Status.INITIATED, Status.ADVANCED, Status.COMPLETED]
    shades = [lightness(LEVEL_FILLS[status]) for status in scored]
    assert shades == sorted(shades, reverse=True)
    desk = [lightness(STATUS_HUES[status]) for status in (Status.NOT_STARTED, Status.ADVANCED)]
    assert abs(desk[0] - desk[1]) < MIN_LIGHTNESS_GAP  # why the desk's hues alone would not do


def test_figures_on_a_level_are_readable_and_the_non_scores_are_hatched() -> None:
    for status, fill in LEVEL_FILLS.items():
        assert contrast_ratio(label_ink(status), fill) >= 4.5, status
    assert {Status.NOT_ASSESSED, Status.OVERTAKEN} == HATCHED
    drawing = summary_chart(build_snapshot().summary, 400, "Helvetica", "Helvetica-Bold")
    fills, hatched = set(), 0
    for shape in _shapes(drawing):
        if isinstance(shape, Rect) and shape.fillColor is not None:
            fills.add(shape.fillColor.hexval()[2:].lower())
        if isinstance(shape, Line) and shape.strokeWidth == 0.5:
            hatched += 1
    expected = {fill.removeprefix("#") for fill in LEVEL_FILLS.values()}
    assert expected <= fills
    assert hatched > 20


def test_hatching_stays_inside_its_rectangle() -> None:
    for x0, y0, x1, y1 in hatch_lines(10, 20, 30, 15, 3.5):
        for x, y in ((x0, y0), (x1, y1)):
            assert 10 - 1e-9 <= x <= 40 + 1e-9 and 20 - 1e-9 <= y <= 35 + 1e-9
        assert abs((x1 - x0) - (y1 - y0)) < 1e-9  # 45°


def test_the_pdf_fills_the_levels_with_those_colours(memo: RenderedMemo) -> None:
    page = pypdf.PdfReader(memo.path).pages[0]
    stream = page.get_contents()
    assert stream is not None
    content = stream.get_data().decode("latin-1")
    used = {
        "#" + "".join(f"{round(float(channel) * 255):02x}" for channel in match)
        for match in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", content)
    }
    for status in (*COMMITMENT_SCALE, *PRINCIPLE_SCALE):
        assert LEVEL_FILLS[status] in used, status


def _shapes(node: Drawing | Group) -> list[object]:
    found: list[object] = []
    for shape in node.contents:
        found.append(shape)
        if isinstance(shape, Group):
            found += _shapes(shape)
    return found


# -- shares ---------------------------------------------------------------------------


def test_equal_counts_get_equal_shares_and_the_tie_rule() -> None:
    # Largest remainder would give one of three equal thirds the 34.
    assert even_handed_percentages({"a": 1, "b": 1, "c": 1}) == {"a": 33, "b": 33, "c": 33}
    # Equal counts that the points can go round take them together.
    assert even_handed_percentages({"x": 1, "y": 1, "z": 4}) == {"x": 17, "y": 17, "z": 66}
    # A group the points cannot go round is passed over for the next remainder down.
    assert even_handed_percentages({"a": 2, "b": 2, "c": 2, "d": 1}) == {
        "a": 28,
        "b": 28,
        "c": 28,
        "d": 15,
    }
    # Equal remainders of unequal counts (1 and 3 of 8: 12.5 and 37.5) go to the
    # first listed.
    assert even_handed_percentages({"a": 3, "b": 1, "c": 4}) == {"a": 38, "b": 12, "c": 50}
    assert even_handed_percentages({"a": 1, "b": 3, "c": 4}) == {"a": 13, "b": 37, "c": 50}
    assert even_handed_percentages({"a": 0, "b": 0}) == {"a": 0, "b": 0}
    assert even_handed_percentages({"a": 0, "b": 7}) == {"a": 0, "b": 100}


def _shares_by_the_definition(counts: dict[str, int], decimals: int) -> dict[str, Fraction]:
    """``even_handed_percentages`` as its docstring defines it, in exact fractions:
    the oracle the integer working is checked against."""
    total = sum(counts.values())
    unit = Fraction(1, 10**decimals)
    if total == 0:
        return {key: Fraction(0) for key in counts}
    exact = {key: Fraction(100 * count, total) for key, count in counts.items()}
    shares = {key: (value // unit) * unit for key, value in exact.items()}
    missing = int((100 - sum(shares.values())) / unit)
    groups: dict[int, list[str]] = {}
    for key, count in counts.items():
        if exact[key] != shares[key]:
            groups.setdefault(count, []).append(key)
    place = {key: position for position, key in enumerate(counts)}
    for keys in sorted(
        groups.values(), key=lambda keys: (-(exact[keys[0]] - shares[keys[0]]), place[keys[0]])
    ):
        if len(keys) <= missing:
            for key in keys:
                shares[key] += unit
            missing -= len(keys)
    return shares


@given(
    counts=st.lists(st.integers(0, 5_000), min_size=1, max_size=7),
    decimals=st.sampled_from([0, 1, 2]),
)
def test_the_shares_are_the_exact_definitions(counts: list[int], decimals: int) -> None:
    keyed = {f"level {index}": count for index, count in enumerate(counts)}
    assert even_handed_percentages(keyed, decimals) == _shares_by_the_definition(keyed, decimals)


@pytest.mark.parametrize(
    "counts",
    [
        [1, 2, 2, 1, 1, 1],
        [5, 0, 1, 1, 0, 0],
        [3, 3, 3],
        [2, 1, 1, 1, 1, 1],
        [7, 7, 7, 7, 7, 7],
        [0, 1, 0, 0, 0, 0],
        [10, 20, 30, 1, 1, 1],
        [13, 6, 6, 0, 2, 2],
    ],
)
def test_printed_shares_keep_equal_counts_equal_and_come_as_close_to_100_as_they_can(
    counts: list[int],
) -> None:
    keyed = dict(enumerate(counts))
    shares, decimals = printed_shares(keyed)
    for first, second in itertools.combinations(keyed, 2):
        if keyed[first] == keyed[second]:
            assert shares[first] == shares[second]
    unit = Fraction(1, 10**decimals)
    total = sum(counts)
    for key, count in keyed.items():
        exact = Fraction(100 * count, total)
        assert shares[key] in {exact // unit * unit, exact // unit * unit + unit}
        assert shares[key] % unit == 0
    assert sum(shares.values()) <= 100
    if decimals == 0:
        assert sum(shares.values()) == 100


def test_the_memo_prints_equal_shares_for_equal_counts_and_says_what_they_add_up_to(
    render: Callable[[MemoSnapshot], RenderedMemo],
) -> None:
    # Three principles at each of upheld, strained and breached: a third each, which
    # no rounding can make add up to 100 while equal; the memo says so.
    statuses = dict(STATUSES)
    for number, status in enumerate((Status.UPHELD, Status.STRAINED, Status.BREACHED)):
        for ref in (f"SV-P{3 * number + 1}", f"SV-P{3 * number + 2}", f"SV-P{3 * number + 3}"):
            statuses[ref] = status
    rendered = render(build_snapshot(SnapshotSpec(statuses=statuses)))
    # The longer note under the chart takes the chart to the next page, with it.
    first = flat(" ".join(rendered.pages()[:2]))
    # The bar: three equal thirds, over the legend.
    assert "Principles 33.3% 33.3% 33.3%" in first
    assert "Not assessed 0 Upheld 3 Strained 3 Breached 3" in first
    assert "3 upheld · 3 strained · 3 breached" in first
    assert (
        "The principles' shares add up to 99.9%, not 100%, so that equal counts print equal."
        in (first)
    )
    # The commitments' shares do add up to 100: nothing is said about them.
    assert "The commitments' shares add up to" not in first
