"""The resolved bidi level of each character of a paragraph, from ICU (UAX #9).

The layout needs a level per character, since lines are broken and each run is
shaped in its own font before the runs of a line are ordered. ICU's bidi
(``ubidi``), through PyICU's public ``icu.Bidi`` (the ``pyicu-wheels`` distribution,
whose wheels carry ICU itself), gives exactly that: ``setPara`` with the paragraph's
level, then ``getLevels``. python-bidi's public interface gives only a reordered
string and a paragraph's direction.

What ICU gives, and the layout relies on:

- the whole algorithm up to the levels, isolates included (LRI, RLI, FSI, PDI:
  ``direction.isolate`` wraps typed text, dates and references in them);
- rule L1 at the paragraph's end and before tabs: trailing spaces and marks take the
  paragraph's level (the layout drops spaces where a line wraps in any case);
- levels per UTF-16 code unit, mapped here to Python's characters (a character
  outside the Basic Multilingual Plane is two units with one level);
- where the whole paragraph runs one way, ICU may skip steps and give every
  character the paragraph's level (ubidi.h says so): the display is the same.

Characters removed by rule X9 (embedding controls, ZWNJ, the soft hyphen) get the
levels ICU gives them; they are never drawn. tests/export/test_bidi_levels.py holds
the levels on mixed Urdu, Pashto, Dari and English text that the layout is tested
with, and pins where ICU departs from the letter of UAX #9.
The per-line rules (L1 for spaces where a line wraps, L2) are the layout's.
"""

from __future__ import annotations

import icu


def paragraph_levels(text: str, level: int) -> list[int]:
    """The resolved level of each character of ``text``, the paragraph level given
    (0 left to right, 1 right to left). Paragraph separators (class B) end a
    paragraph; the next one has the same level."""
    if not text:
        return []
    bidi = icu.Bidi()
    bidi.setPara(icu.UnicodeString(text), level)
    units: tuple[int, ...] = bidi.getLevels()
    levels: list[int] = []
    unit = 0
    for character in text:
        levels.append(units[unit])
        unit += 2 if ord(character) > 0xFFFF else 1
    if unit != len(units):
        raise ValueError(f"ICU saw {len(units)} code units where {unit} were expected")
    return levels


def icu_version() -> str:
    """The ICU the levels come from (``pyicu-wheels`` bundles its own)."""
    return str(icu.ICU_VERSION)
