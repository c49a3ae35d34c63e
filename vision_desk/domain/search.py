"""Search and filters over the board: what the navigator shows, in what order.

Pure functions over ``BoardRow``s so that the window's keystroke path is a plain
loop over prepared, case-folded text and can be tested without Qt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from vision_desk.domain.agreement import ClauseKind
from vision_desk.domain.review import BoardRow
from vision_desk.domain.rules import Flag
from vision_desk.domain.status import Status


@dataclass(frozen=True, slots=True)
class Filters:
    """What the officer narrowed the list to; empty fields mean "any"."""

    text: str = ""
    status: Status | None = None
    kind: ClauseKind | None = None
    strand: str | None = None
    party: str | None = None
    overdue: bool = False
    due_soon: bool = False
    # Only these references (the clauses due for review, say); None: any.
    only: frozenset[str] | None = None

    @property
    def active(self) -> bool:
        return self != Filters()

    def without_text(self) -> Filters:
        return replace(self, text="")


def haystack(row: BoardRow, note_texts: Sequence[str] = ()) -> str:
    """Everything a search looks in for one clause, case-folded once: its texts in
    every language and the document's own numbering too, so that a word typed in
    Dari finds the clause as the English one does."""
    clause = row.clause
    parts = [clause.ref, clause.title, clause.text, *clause.quotes, *note_texts]
    if clause.numbering:
        parts.append(clause.numbering)
    parts.extend(text.text for text in clause.texts)
    return "\n".join(parts).casefold()


def apply_filters(
    rows: Sequence[BoardRow], filters: Filters, haystacks: Mapping[str, str]
) -> list[BoardRow]:
    """The rows that pass every filter. With search text, an exact reference match
    comes first, then references that start with the text, then the rest in
    document order."""
    needle = filters.text.strip().casefold()
    # Typing in the search field is the common case: no other filter, no per-row test.
    kept = (
        list(rows)
        if filters.without_text() == Filters()
        else [row for row in rows if _passes(row, filters)]
    )
    if not needle:
        return kept
    exact: list[BoardRow] = []
    prefix: list[BoardRow] = []
    others: list[BoardRow] = []
    for row in kept:
        ref = row.clause.ref.casefold()
        if ref == needle:
            exact.append(row)
        elif ref.startswith(needle):
            prefix.append(row)
        elif needle in haystacks.get(row.clause.ref, ""):
            others.append(row)
    return exact + prefix + others


def _passes(row: BoardRow, filters: Filters) -> bool:
    clause = row.clause
    if filters.only is not None and clause.ref not in filters.only:
        return False
    if filters.status is not None and row.status is not filters.status:
        return False
    if filters.kind is not None and clause.kind is not filters.kind:
        return False
    if filters.strand is not None and clause.strand != filters.strand:
        return False
    if filters.party is not None and filters.party not in clause.parties:
        return False
    # Overdue and due soon exclude each other, so ticking both means either.
    wanted = {Flag.OVERDUE} if filters.overdue else set()
    if filters.due_soon:
        wanted.add(Flag.DUE_SOON)
    return not wanted or bool(wanted.intersection(row.flags))


class Search:
    """``apply_filters`` for the search field, with a memory: typing one more
    character looks only at what the text before it matched (whatever contains
    "refug" contains "refu"), so each keystroke searches less than the last.

    Holds references, never rows, so that a changed status needs no rebuild; a
    clause whose searchable words changed (a note) is told with ``update``.

    With ``distinct_words`` it also keeps each clause's distinct words (split at
    white space), a fifth of the text at 50,000 notes: a search text without white
    space is inside the text exactly when it is inside one of its words, so only
    those are scanned; a text with spaces is checked word by word there first, and
    in the whole text only for the clauses that pass. Scanning every note's words
    at each key cost more than a frame.
    """

    def __init__(
        self,
        rows: Sequence[BoardRow],
        haystacks: Mapping[str, str],
        distinct_words: bool = False,
    ) -> None:
        self._refs = [row.clause.ref for row in rows]
        self._folded = [ref.casefold() for ref in self._refs]
        self._haystacks = [haystacks.get(ref) or ref.casefold() for ref in self._refs]
        self._distinct = distinct_words
        self._words = (
            [_distinct_words(text) for text in self._haystacks]
            if distinct_words
            else self._haystacks
        )
        self._at = {ref: position for position, ref in enumerate(self._refs)}
        # (the last needle, the positions whose haystacks contain it, in order)
        self._last: tuple[str, list[int]] | None = None

    def update(self, ref: str, haystack_text: str) -> None:
        position = self._at.get(ref)
        if position is not None:
            self._haystacks[position] = haystack_text
            if self._distinct:
                self._words[position] = _distinct_words(haystack_text)
        self._last = None

    def apply(self, rows: Mapping[str, BoardRow], filters: Filters) -> list[BoardRow]:
        """What ``apply_filters(list(rows.values()), filters, haystacks)`` returns;
        ``rows`` maps each reference given at construction to its current row."""
        needle = filters.text.strip().casefold()
        if not needle:
            return apply_filters(list(rows.values()), filters, {})
        last = self._last
        candidates: Sequence[int] = (
            last[1] if last is not None and needle.startswith(last[0]) else range(len(self._refs))
        )
        haystacks, words = self._haystacks, self._words
        # A haystack starts with the clause's reference, so this finds the
        # reference matches too.
        parts = needle.split()
        if len(parts) == 1 and parts[0] == needle:  # no white space: its words suffice
            matched = [position for position in candidates if needle in words[position]]
        else:
            matched = [
                position
                for position in candidates
                if all(part in words[position] for part in parts) and needle in haystacks[position]
            ]
        self._last = (needle, matched)
        rest = filters.without_text()
        refs, folded = self._refs, self._folded
        if rest != _NO_FILTERS:
            matched = [position for position in matched if _passes(rows[refs[position]], rest)]
        # References that start with the text come first (the exact one before the
        # others): few, so found in one pass and the rest kept in order without one.
        leading = [position for position in matched if folded[position].startswith(needle)]
        if leading:
            first = set(leading)
            exact = [position for position in leading if folded[position] == needle]
            leading = exact + [position for position in leading if folded[position] != needle]
            matched = leading + [position for position in matched if position not in first]
        return [rows[refs[position]] for position in matched]


_NO_FILTERS = Filters()


def _distinct_words(text: str) -> str:
    """``text``'s distinct white-space-separated words, one per line."""
    return "\n".join(set(text.split()))
