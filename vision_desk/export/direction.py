"""Which way each character runs: Unicode bidi levels (UAX #9) and the display order.

The levels of a paragraph (rules P/X/W/N/I) come from ICU through ``bidi_levels``
(its docstring says why not python-bidi, whose public interface gives only a
reordered string). Here the paragraph is prepared for it (typed stretches, dates and
references isolated), and the per-line rules (L1 for trailing spaces, L2 for the
order) are applied line by line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from vision_desk.export.bidi_levels import paragraph_levels

LEFT_TO_RIGHT_ISOLATE = "\u2066"
FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"

# A date, time or reference ("2024-03-01", "15/12/2020", "10:30", "SV-C2", "Art.7(3)"
# counts as "Art.7") inside right-to-left text. Without an isolate, the bidi rules
# turn European digits after Arabic letters into Arabic numbers and the date comes
# out as 01-03-2024. Urdu and Persian digits (U+06F0..U+06F9) are handled alike.
_DIGIT = "0-9\u06f0-\u06f9"
_TOKEN = re.compile(rf"[{_DIGIT}A-Za-z]+(?:[-/.:][{_DIGIT}A-Za-z]+)+")
_HAS_DIGIT = re.compile(rf"[{_DIGIT}]")


def paragraph_is_rtl(text: str, isolated: Sequence[tuple[int, int]] = ()) -> bool:
    """Rule P2: the paragraph runs right to left when its first strong letter does,
    letters inside isolated stretches (typed text in the program's sentence) left out."""
    skip: set[int] = set()
    for start, end in isolated:
        skip.update(range(start, end))
    depth = 0
    for index, character in enumerate(text):
        if index in skip:
            continue
        kind = unicodedata.bidirectional(character)
        if kind in ("LRI", "RLI", "FSI"):
            depth += 1
        elif kind == "PDI":
            depth = max(depth - 1, 0)
        elif depth == 0 and kind in ("R", "AL"):
            return True
        elif depth == 0 and kind == "L":
            return False
    return False


def isolate(text: str, isolated: Sequence[tuple[int, int]] = ()) -> tuple[str, list[int]]:
    """``text`` with the ``isolated`` stretches wrapped in FSI…PDI and dates and
    references wrapped in LRI…PDI, and for each character of ``text`` its index in
    the result. The marks only steer the levels; they are never drawn."""
    opening: dict[int, str] = {}
    closing: dict[int, str] = {}
    for start, end in isolated:
        if end > start:
            opening[start] = opening.get(start, "") + FIRST_STRONG_ISOLATE
            closing[end] = POP_DIRECTIONAL_ISOLATE + closing.get(end, "")
    for match in _TOKEN.finditer(text):
        if _HAS_DIGIT.search(match.group()):
            start, end = match.span()
            opening[start] = opening.get(start, "") + LEFT_TO_RIGHT_ISOLATE
            closing[end] = POP_DIRECTIONAL_ISOLATE + closing.get(end, "")
    pieces: list[str] = []
    positions: list[int] = []
    length = 0
    for index, character in enumerate(text):
        marks = closing.get(index, "") + opening.get(index, "")
        pieces.append(marks + character)
        length += len(marks)
        positions.append(length)
        length += 1
    pieces.append(closing.get(len(text), ""))
    return "".join(pieces), positions


def embedding_levels(
    text: str, *, rtl: bool, isolated: Sequence[tuple[int, int]] = ()
) -> list[int]:
    """The resolved bidi level of each character of one paragraph of ``text``, its
    paragraph level 1 (``rtl``) or 0; typed stretches, dates and references isolated."""
    if not text:
        return []
    augmented, positions = isolate(text, isolated)
    levels = paragraph_levels(augmented, 1 if rtl else 0)
    return [levels[position] for position in positions]


def visual_order(levels: Sequence[int]) -> list[int]:
    """Indices of ``levels`` in display order, left to right (rule L2): from the
    highest level down to the lowest odd one, reverse every run at that level or
    above."""
    order = list(range(len(levels)))
    odd = [level for level in levels if level % 2]
    if not odd:
        return order
    lowest_odd = min(odd)
    count = len(order)
    for level in range(max(levels), lowest_odd - 1, -1):
        index = 0
        while index < count:
            if levels[order[index]] < level:
                index += 1
                continue
            end = index
            while end < count and levels[order[end]] >= level:
                end += 1
            order[index:end] = order[index:end][::-1]
            index = end
    return order
