"""The memo's colours for the status levels: the desk's hues, in tones that stay
apart when the memo is printed in grey.

The desk's hues (``vision_desk.domain.status_colours``) are for a screen, where each
badge also says its level in words; several of them are about as dark as each
other (the red, the blue and the green), so a greyscale print or copy would show
them as one grey. Here each level takes its desk hue mixed with white or black to
a set lightness (CIE L*), so that the levels of a bar differ by at least
``MIN_LIGHTNESS_GAP`` in grey, lighter to darker in the order of the scale:
further along is darker, and a principle shares its tone with the commitment level
of the same hue (upheld with completed, strained with initiated, breached with not
started). The two levels that are not a score (not assessed, overtaken) are also
hatched, a mark that survives any printer.

The tones are written out below, so that the memo's bytes never hang on the
floating point of the machine that makes it; ``tone`` is how they were made, and a
test checks that they still come from the desk's hues (``PRINT_LIGHTNESS``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from vision_desk.domain.status import Status

MIN_LIGHTNESS_GAP = 12.0  # CIE L* between any two levels of a bar

PRINT_LIGHTNESS: Mapping[Status, float] = {
    Status.NOT_ASSESSED: 95.0,
    Status.NOT_STARTED: 82.0,
    Status.INITIATED: 68.0,
    Status.ADVANCED: 47.0,
    Status.COMPLETED: 33.0,
    Status.OVERTAKEN: 20.0,
    Status.UPHELD: 33.0,
    Status.STRAINED: 68.0,
    Status.BREACHED: 82.0,
}
HATCHED = frozenset({Status.NOT_ASSESSED, Status.OVERTAKEN})
WHITE = "#ffffff"
INK = "#1b1d21"


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """``"#1565c0"`` as (21, 101, 192)."""
    value = colour.removeprefix("#")
    if len(value) != 6:
        raise ValueError(f"{colour!r} is not a #rrggbb colour")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour, 0 (black) to 1 (white): what a
    greyscale print keeps of it."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in hex_to_rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def lightness(colour: str) -> float:
    """CIE L* of an sRGB colour, 0 (black) to 100 (white): luminance on a scale where
    equal steps look equal, so that a gap between two greys means the same anywhere."""
    luminance = relative_luminance(colour)
    if luminance > (6 / 29) ** 3:
        return float(116 * luminance ** (1 / 3) - 16)
    return float(luminance * (29 / 3) ** 3)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two colours, 1 (none) to 21 (black on white)."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def tone(colour: str, target: float) -> str:
    """``colour`` mixed with white (to lighten) or black (to darken) to the CIE L*
    ``target``: the same hue at the lightness asked for, as ``#rrggbb``."""
    base = hex_to_rgb(colour)
    lighten = target > lightness(colour)
    towards = 255 if lighten else 0

    def mixed(amount: float) -> str:
        return "#" + "".join(f"{round(c + (towards - c) * amount):02x}" for c in base)

    low, high = 0.0, 1.0
    for _ in range(30):  # the lightness of the mix moves one way with the amount
        middle = (low + high) / 2
        if (lightness(mixed(middle)) < target) == lighten:
            low = middle
        else:
            high = middle
    return mixed((low + high) / 2)


# tone(STATUS_HUES[status], PRINT_LIGHTNESS[status]) for each level.
LEVEL_FILLS: Mapping[Status, str] = MappingProxyType(
    {
        Status.NOT_ASSESSED: "#f0f0f2",
        Status.NOT_STARTED: "#efc1c1",
        Status.INITIATED: "#ef8f00",
        Status.ADVANCED: "#2670c4",
        Status.COMPLETED: "#215923",
        Status.OVERTAKEN: "#313131",
        Status.UPHELD: "#215923",
        Status.STRAINED: "#ef8f00",
        Status.BREACHED: "#efc1c1",
    }
)
# The lines of a hatched level: its hue, 30 L* darker on a light fill, lighter on a dark one.
_HATCH_INKS: Mapping[Status, str] = {
    Status.NOT_ASSESSED: "#9a9ea6",
    Status.OVERTAKEN: "#767676",
}


def label_ink(status: Status) -> str:
    """White or ink for text on the level's fill, whichever stands off it more."""
    fill = LEVEL_FILLS[status]
    return WHITE if contrast_ratio(WHITE, fill) > contrast_ratio(INK, fill) else INK


def hatch_ink(status: Status) -> str:
    """The colour of a hatched level's lines, well apart from its fill in grey."""
    return _HATCH_INKS[status]
