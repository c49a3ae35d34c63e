"""Runs of text in one font and one direction, shaped by HarfBuzz into glyphs.

reportlab has no font fallback: each character is given the font that has it (Noto
Naskh Arabic for Arabic script, Noto Sans for the rest; neutral characters such as
spaces, digits and punctuation stay with their neighbour's font when it has them),
and each run is shaped in its own font and direction, so that ``(کابل)`` is set with
Latin brackets around joined Arabic letters instead of boxes.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

import uharfbuzz

from vision_desk.export.fonts import FontSet, GlyphFont

_ARABIC_BLOCKS = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
# Characters that take the font of the text around them rather than a font of their own.
_NEUTRAL_BIDI = frozenset({"WS", "ON", "CS", "ES", "ET", "EN", "AN", "BN", "NSM", "S"})
_INHERITING_CATEGORIES = frozenset({"Mn", "Me", "Mc", "Cf", "Zs"})

_FEATURES: dict[str, bool] = {}  # the fonts' defaults: kerning, ligatures, Arabic forms
_FLAGS = uharfbuzz.BufferFlags.DO_NOT_INSERT_DOTTED_CIRCLE


def is_arabic_script(character: str) -> bool:
    code = ord(character)
    return any(low <= code <= high for low, high in _ARABIC_BLOCKS)


def placeholder(character: str) -> str:
    """What is printed for a character no shipped font has: its code point, never a box."""
    return f"[U+{ord(character):04X}]"


def choose_fonts(text: str, fonts: FontSet, *, bold: bool, italic: bool) -> list[GlyphFont | None]:
    """The font for each character of ``text``; None where no font has it.

    Letters go to the font of their script. A stretch of neutral characters (spaces,
    digits, punctuation, marks, joiners) takes one font as a whole: that of the
    letters around it when both sides agree (or it ends the text) and the font has
    them all, so an Urdu full stop stays in Naskh; else Noto Sans, so that a date
    such as 2021-02-11 is set in one font and read as one word, and the comma after
    an Urdu name in an English sentence is an English comma.
    """
    latin = fonts.latin(bold=bold, italic=italic)
    arabic = fonts.arabic(bold=bold)
    chosen: list[GlyphFont | None] = []
    previous: GlyphFont | None = None
    index = 0
    while index < len(text):
        character = text[index]
        if not _inherits(character):
            if is_arabic_script(character):
                font = arabic if arabic.covers(character) else None
            else:
                font = latin if latin.covers(character) else None
            chosen.append(font)
            previous = font or previous
            index += 1
            continue
        end = index
        while end < len(text) and _inherits(text[end]):
            end += 1
        following = _letter_font(text[end], latin, arabic) if end < len(text) else previous
        around = previous if following is previous else None
        chosen += _neutral_fonts(text[index:end], around, previous, latin, arabic)
        index = end
    return chosen


def _letter_font(character: str, latin: GlyphFont, arabic: GlyphFont) -> GlyphFont | None:
    return arabic if is_arabic_script(character) else latin


def _neutral_fonts(
    stretch: str,
    around: GlyphFont | None,
    previous: GlyphFont | None,
    latin: GlyphFont,
    arabic: GlyphFont,
) -> list[GlyphFont | None]:
    for candidate in (around, latin):
        if candidate is not None and all(
            candidate.covers(character) or _invisible(character) for character in stretch
        ):
            return [candidate] * len(stretch)
    fonts: list[GlyphFont | None] = []
    for character in stretch:
        if latin.covers(character):
            fonts.append(latin)
        elif arabic.covers(character):
            fonts.append(arabic)
        elif _invisible(character):
            # Controls and stray marks: HarfBuzz hides them or sets them on their own.
            fonts.append(previous or latin)
        else:
            fonts.append(None)
    return fonts


def _invisible(character: str) -> bool:
    return unicodedata.category(character) in ("Cf", "Mn", "Me")


def _inherits(character: str) -> bool:
    return (
        unicodedata.category(character) in _INHERITING_CATEGORIES
        or unicodedata.bidirectional(character) in _NEUTRAL_BIDI
    )


@dataclass(frozen=True, slots=True)
class Glyph:
    code: str  # the character reportlab writes for this glyph
    x: int  # font units from the run's left edge, offset included
    y: int  # font units above the baseline
    advance: int  # font units, as positioned by HarfBuzz
    width: int  # font units: the glyph's own width, by which a PDF reader advances


@dataclass(frozen=True, slots=True)
class ShapedRun:
    """Glyphs of one run in display order, left to right, and per character of the
    run's text its advance (font units; 0 for characters inside a cluster)."""

    font: GlyphFont
    text: str
    glyphs: tuple[Glyph, ...]
    advances: tuple[int, ...]
    width: int

    def points(self, size: float) -> float:
        return self.width * size / self.font.units_per_em


@functools.lru_cache(maxsize=1 << 16)
def shape(font: GlyphFont, text: str, rtl: bool) -> ShapedRun:
    """Shape ``text`` in ``font``, right to left when ``rtl``."""
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.flags = _FLAGS
    uharfbuzz.shape(font.hb_font, buffer, _FEATURES)
    infos = buffer.glyph_infos
    positions = buffer.glyph_positions
    codes = _codes(
        font, text, [info.cluster for info in infos], [info.codepoint for info in infos], rtl
    )
    advances = [0] * len(text)
    glyphs: list[Glyph] = []
    pen = 0
    for info, position, code in zip(infos, positions, codes, strict=True):
        advances[info.cluster] += position.x_advance
        width = font.face.hmetrics[info.codepoint][0]
        x = pen + position.x_offset
        glyphs.append(Glyph(code, x, position.y_offset, position.x_advance, width))
        pen += position.x_advance
    return ShapedRun(
        font=font, text=text, glyphs=tuple(glyphs), advances=tuple(advances), width=pen
    )


def _codes(
    font: GlyphFont, text: str, clusters: list[int], glyph_ids: list[int], rtl: bool
) -> list[str]:
    """The code of each glyph, standing for the characters of its cluster.

    When a cluster has several glyphs (a letter with its marks, merged by mark
    reordering), its characters are dealt out in logical order, the last glyph
    taking what is left, so that copying the text gives every character once.
    """
    starts = sorted(set(clusters))
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    members: dict[int, list[int]] = {}
    logical = range(len(clusters) - 1, -1, -1) if rtl else range(len(clusters))
    for index in logical:
        members.setdefault(clusters[index], []).append(index)
    codes = [""] * len(clusters)
    for cluster, indices in members.items():
        characters = text[cluster : ends[cluster]]
        for number, index in enumerate(indices):
            last = number == len(indices) - 1
            share = characters[number:] if last else characters[number : number + 1]
            codes[index] = font.code_for(glyph_ids[index], share)
    return codes
