"""The resolved bidi level of each character of a paragraph: UAX #9, rules X1 to I2.

Why the memo computes these itself: the layout needs a level per character, since
lines are broken and each run is shaped in its own font before the runs of a line
are ordered. python-bidi's public interface (``get_display``, ``get_base_level``)
gives only the reordered string of a whole paragraph and the paragraph's direction;
its levels were reachable only by parsing a debug report whose shape is not
promised from one release to the next, and its older pure-Python ``bidi.algorithm``
knows no isolates. No other library on PyPI exposes levels without a compiled ICU
or FriBidi that the bundle would have to carry. The rules themselves are short and
fixed by the standard, and the character data is Python's own ``unicodedata``.

What is implemented is the whole algorithm up to the levels: explicit embeddings,
overrides and isolates (X1-X10, depth 125), weak types (W1-W7), bracket pairs
(N0), neutrals (N1-N2) and implicit levels (I1-I2). Characters removed by rule X9
(embedding controls, boundary neutrals such as ZWNJ and the soft hyphen) take the
level of the character before them, or the paragraph's level when they come
first; a paragraph separator keeps the paragraph's level and starts the next
paragraph at the same level. That is what the Rust crate behind python-bidi 0.6
does, and on 150,000 random mixed strings the two gave the same levels but for one
difference, kept on purpose: for rule N0 the crate reads the earlier level runs of
an isolating run sequence forwards, not backwards, so an isolated date before
brackets could reverse an English phrase inside Urdu. tests/export/test_bidi_levels.py
freezes the levels the crate gave on mixed text, and pins that difference.
The per-line rules (L1, L2) are applied by the layout, line by line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_MAX_DEPTH = 125  # BD2: the deepest explicit level
_MAX_BRACKET_PAIRS = 63  # BD16: past this many open brackets, pairing stops
_EMBEDDINGS = frozenset({"RLE", "LRE", "RLO", "LRO"})
_ISOLATE_INITIATORS = frozenset({"RLI", "LRI", "FSI"})
_REMOVED = _EMBEDDINGS | {"PDF", "BN"}  # rule X9
_NEUTRAL_OR_ISOLATE = frozenset({"B", "S", "WS", "ON", "RLI", "LRI", "FSI", "PDI"})
_STRONG = {"L": "L", "R": "R", "AL": "R", "EN": "R", "AN": "R"}  # as rules N0-N2 see them

# Code points not yet assigned in Python's Unicode data default by block
# (DerivedBidiClass.txt): Hebrew and Arabic-script blocks run right to left. A
# character newer than Python's data (U+0897, a mark since Unicode 16) is thus a
# letter here; no shipped font has one, and the memo prints its code point.
_DEFAULT_RTL = (
    (0x0590, 0x05FF, "R"),
    (0x0600, 0x07BF, "AL"),
    (0x07C0, 0x085F, "R"),
    (0x0860, 0x08FF, "AL"),
    (0xFB1D, 0xFB4F, "R"),
    (0xFB50, 0xFDCF, "AL"),
    (0xFDF0, 0xFDFF, "AL"),
    (0xFE70, 0xFEFF, "AL"),
    (0x10D00, 0x10D3F, "AL"),
    (0x10EC0, 0x10EFF, "AL"),
    (0x10F30, 0x10F6F, "AL"),
    (0x10800, 0x10FFF, "R"),
    (0x1EC70, 0x1ECBF, "AL"),
    (0x1ED00, 0x1ED4F, "AL"),
    (0x1EE00, 0x1EEFF, "AL"),
    (0x1E800, 0x1EFFF, "R"),
)
# Opening brackets whose closing partner is not named "RIGHT ..." for "LEFT ...".
_UNNAMED_PAIRS = {"\u0f3a": "\u0f3b", "\u0f3c": "\u0f3d", "\u169b": "\u169c"}
_UNNAMED_PAIRS |= {"\u2993": "\u2994", "\u2995": "\u2996"}


def bidi_class(character: str) -> str:
    kind = unicodedata.bidirectional(character)
    if kind:
        return kind
    code = ord(character)
    return next((kind for low, high, kind in _DEFAULT_RTL if low <= code <= high), "L")


def _closing_bracket(opening: str) -> str | None:
    """Bidi_Paired_Bracket of an opening bracket (BidiBrackets.txt): mirrored opening
    punctuation, paired with the closing bracket of the mirrored name."""
    if unicodedata.category(opening) != "Ps" or not unicodedata.mirrored(opening):
        return None
    if opening in _UNNAMED_PAIRS:
        return _UNNAMED_PAIRS[opening]
    name = unicodedata.name(opening)
    for left, right in (("LEFT", "RIGHT"), ("OPENING", "CLOSING")):
        if left in name:
            try:
                return unicodedata.lookup(name.replace(left, right))
            except KeyError:
                continue
    return None


def _canonical(bracket: str) -> str:
    # BD16 pairs brackets by canonical equivalence: U+2329 with U+3009, and so on.
    return unicodedata.normalize("NFD", bracket)


@dataclass(slots=True)
class _Entry:
    level: int
    override: str | None  # "L" or "R" under LRO/RLO
    isolate: bool


def paragraph_levels(text: str, level: int) -> list[int]:
    """The resolved level (rules X1-I2) of each character of ``text``, the paragraph
    level given (0 left to right, 1 right to left). Paragraph separators (class B)
    end a paragraph; the next one has the same level."""
    classes = [bidi_class(character) for character in text]
    levels: list[int] = []
    start = 0
    for index, kind in enumerate(classes):
        if kind == "B" or index == len(text) - 1:
            levels += _Paragraph(text[start : index + 1], classes[start : index + 1], level).run()
            start = index + 1
    return levels


def first_strong_is_rtl(classes: Sequence[str]) -> bool | None:
    """Rules P2-P3 on ``classes``: True for R or AL, False for L, None when no strong
    letter comes first outside an isolate."""
    depth = 0
    for kind in classes:
        if kind in _ISOLATE_INITIATORS:
            depth += 1
        elif kind == "PDI":
            if depth == 0:
                return None  # the end of the isolate that asked
            depth -= 1
        elif depth == 0 and kind in ("L", "R", "AL"):
            return kind != "L"
    return None


class _Paragraph:
    def __init__(self, text: str, classes: list[str], level: int) -> None:
        self.text = text
        self.classes = classes
        self.level = level
        self.types = list(classes)  # the types as the rules change them
        self.levels = [level] * len(text)
        self.explicit_levels = self.levels
        self.matching_pdi = self._match_isolates()

    def run(self) -> list[int]:
        self._explicit()
        # sos and eos compare with the neighbours' embedding levels, not resolved ones.
        self.explicit_levels = list(self.levels)
        for sequence in self._isolating_run_sequences():
            _Sequence(self, sequence).resolve()
        # X9 removed characters: the level of the character before them.
        for index, kind in enumerate(self.classes):
            if kind in _REMOVED:
                self.levels[index] = self.levels[index - 1] if index else self.level
        return self.levels

    def _match_isolates(self) -> dict[int, int]:
        """BD9: each isolate initiator's matching PDI, where it has one."""
        matches: dict[int, int] = {}
        open_initiators: list[int] = []
        for index, kind in enumerate(self.classes):
            if kind in _ISOLATE_INITIATORS:
                open_initiators.append(index)
            elif kind == "PDI" and open_initiators:
                matches[open_initiators.pop()] = index
        return matches

    def _explicit(self) -> None:
        """Rules X1-X8: the embedding level and override of each character."""
        stack = [_Entry(self.level, None, isolate=False)]
        overflow_isolates = overflow_embeddings = valid_isolates = 0
        for index, kind in enumerate(self.classes):
            top = stack[-1]
            if kind in _EMBEDDINGS or kind in _ISOLATE_INITIATORS:
                isolate = kind in _ISOLATE_INITIATORS
                if isolate:
                    self._take(index, top)
                rtl = kind in ("RLE", "RLO", "RLI")
                if kind == "FSI":
                    end = self.matching_pdi.get(index, len(self.text))
                    rtl = first_strong_is_rtl(self.classes[index + 1 : end]) is True
                new_level = (top.level + 1) | 1 if rtl else (top.level + 2) & ~1
                if new_level <= _MAX_DEPTH and not overflow_isolates and not overflow_embeddings:
                    override = {"RLO": "R", "LRO": "L"}.get(kind)
                    stack.append(_Entry(new_level, override, isolate))
                    valid_isolates += isolate
                elif isolate:
                    overflow_isolates += 1
                elif not overflow_isolates:
                    overflow_embeddings += 1
            elif kind == "PDI":
                if overflow_isolates:
                    overflow_isolates -= 1
                elif valid_isolates:
                    overflow_embeddings = 0
                    while not stack[-1].isolate:
                        stack.pop()
                    stack.pop()
                    valid_isolates -= 1
                self._take(index, stack[-1])
            elif kind == "PDF":
                if overflow_isolates:
                    pass
                elif overflow_embeddings:
                    overflow_embeddings -= 1
                elif not top.isolate and len(stack) > 1:
                    stack.pop()
            elif kind not in ("B", "BN"):
                self._take(index, top)

    def _take(self, index: int, entry: _Entry) -> None:
        self.levels[index] = entry.level
        if entry.override is not None:
            self.types[index] = entry.override

    def _isolating_run_sequences(self) -> list[list[int]]:
        """BD13 and X10: level runs (characters removed by X9 left out) chained
        across isolates, from an initiator to its matching PDI."""
        runs: list[list[int]] = []
        for index, kind in enumerate(self.classes):
            if kind in _REMOVED:
                continue
            if runs and self.levels[runs[-1][-1]] == self.levels[index]:
                runs[-1].append(index)
            else:
                runs.append([index])
        run_starting_at = {run[0]: run for run in runs}
        run_ends = {run[-1] for run in runs}
        continued = {
            pdi
            for initiator, pdi in self.matching_pdi.items()
            if initiator in run_ends and pdi in run_starting_at
        }
        sequences: list[list[int]] = []
        for run in runs:
            if run[0] in continued:
                continue  # already chained to the run of its initiator
            sequence = list(run)
            while sequence[-1] in self.matching_pdi:
                following = run_starting_at.get(self.matching_pdi[sequence[-1]])
                if following is None:
                    break
                sequence += following
            sequences.append(sequence)
        return sequences

    def neighbour_level(self, index: int, step: int) -> int:
        """The level of the nearest character not removed by X9, or the paragraph's."""
        index += step
        while 0 <= index < len(self.text):
            if self.classes[index] not in _REMOVED:
                return self.explicit_levels[index]
            index += step
        return self.level


class _Sequence:
    """One isolating run sequence, resolved by rules W1-W7, N0-N2 and I1-I2."""

    def __init__(self, paragraph: _Paragraph, indices: list[int]) -> None:
        self.paragraph = paragraph
        self.indices = indices
        self.types = [paragraph.types[index] for index in indices]
        self.level = paragraph.levels[indices[0]]
        self.embedding = "R" if self.level % 2 else "L"
        first, last = indices[0], indices[-1]
        before = paragraph.neighbour_level(first, -1)
        if paragraph.classes[last] in _ISOLATE_INITIATORS:
            after = paragraph.level  # an isolate left open runs to the paragraph's end
        else:
            after = paragraph.neighbour_level(last, 1)
        self.sos = "R" if max(self.level, before) % 2 else "L"
        self.eos = "R" if max(self.level, after) % 2 else "L"

    def resolve(self) -> None:
        self._weak()
        self._brackets()
        self._neutrals()
        levels = self.paragraph.levels
        for index, kind in zip(self.indices, self.types, strict=True):
            if self.level % 2 == 0:
                levels[index] += {"R": 1, "AN": 2, "EN": 2}.get(kind, 0)  # I1
            elif kind in ("L", "EN", "AN"):
                levels[index] += 1  # I2

    def _weak(self) -> None:
        types = self.types
        for number, kind in enumerate(types):  # W1
            if kind == "NSM":
                previous = types[number - 1] if number else self.sos
                isolating = previous in _ISOLATE_INITIATORS or previous == "PDI"
                types[number] = "ON" if isolating else previous
        last_strong = self.sos
        for number, kind in enumerate(types):  # W2
            if kind in ("L", "R", "AL"):
                last_strong = kind
            elif kind == "EN" and last_strong == "AL":
                types[number] = "AN"
        types[:] = ["R" if kind == "AL" else kind for kind in types]  # W3
        for number in range(1, len(types) - 1):  # W4
            kind, left, right = types[number], types[number - 1], types[number + 1]
            if left == right and (
                (kind == "ES" and left == "EN") or (kind == "CS" and left in ("EN", "AN"))
            ):
                types[number] = left
        for start, end in _stretches(types, frozenset({"ET"})):  # W5
            if (start and types[start - 1] == "EN") or (end < len(types) and types[end] == "EN"):
                types[start:end] = ["EN"] * (end - start)
        types[:] = ["ON" if kind in ("ES", "ET", "CS") else kind for kind in types]  # W6
        last_strong = self.sos
        for number, kind in enumerate(types):  # W7
            if kind in ("L", "R"):
                last_strong = kind
            elif kind == "EN" and last_strong == "L":
                types[number] = "L"

    def _brackets(self) -> None:
        """N0: a bracket pair takes the direction of the strong text inside it, or
        of the text before it when only the other direction is inside."""
        types = self.types
        classes = self.paragraph.classes
        for opening, closing in self._bracket_pairs():
            inside = {_STRONG.get(kind) for kind in types[opening + 1 : closing]}
            if self.embedding in inside:
                direction = self.embedding
            elif inside - {None}:
                # Only the other direction inside: the brackets take it if the text
                # before them has it too, else the embedding's; either way, that of
                # the text before.
                direction = next(
                    (_STRONG[kind] for kind in reversed(types[:opening]) if kind in _STRONG),
                    self.sos,
                )
            else:
                continue
            for bracket in (opening, closing):
                types[bracket] = direction
                following = bracket + 1
                # Marks on a bracket follow it (they were ON after W1).
                while following < len(types) and classes[self.indices[following]] == "NSM":
                    types[following] = direction
                    following += 1

    def _bracket_pairs(self) -> list[tuple[int, int]]:
        """BD16: positions in the sequence of matching brackets, by opening bracket."""
        text = self.paragraph.text
        pairs: list[tuple[int, int]] = []
        openers: list[tuple[str, int]] = []
        for number, index in enumerate(self.indices):
            if self.types[number] != "ON":
                continue
            character = text[index]
            closing = _closing_bracket(character)
            if closing is not None:
                if len(openers) == _MAX_BRACKET_PAIRS:
                    break
                openers.append((_canonical(closing), number))
            elif unicodedata.category(character) == "Pe":
                wanted = _canonical(character)
                for depth in range(len(openers) - 1, -1, -1):
                    if openers[depth][0] == wanted:
                        pairs.append((openers[depth][1], number))
                        del openers[depth:]
                        break
        return sorted(pairs)

    def _neutrals(self) -> None:
        """N1-N2: neutrals between text of one direction take it, others the
        embedding direction."""
        types = self.types
        for start, end in _stretches(types, _NEUTRAL_OR_ISOLATE):
            before = _STRONG[types[start - 1]] if start else self.sos
            after = _STRONG[types[end]] if end < len(types) else self.eos
            direction = before if before == after else self.embedding
            types[start:end] = [direction] * (end - start)


def _stretches(types: Sequence[str], kinds: frozenset[str]) -> list[tuple[int, int]]:
    """Start and end of each maximal stretch of ``types`` in ``kinds``."""
    stretches: list[tuple[int, int]] = []
    start: int | None = None
    for number, kind in enumerate([*types, ""]):
        if kind in kinds and start is None:
            start = number
        elif kind not in kinds and start is not None:
            stretches.append((start, number))
            start = None
    return stretches
