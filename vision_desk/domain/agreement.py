"""An agreement and its clauses, as the officer reads them.

Everything here is immutable: an agreement, once imported, is a fixed text. What
changes over time (statuses, notes) lives beside it, keyed by the clause reference.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class ClauseKind(StrEnum):
    PRINCIPLE = "principle"
    COMMITMENT = "commitment"
    RELATED = "related"


class Precision(StrEnum):
    """How exactly the document words a deadline."""

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    APPROXIMATE = "approximate"


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline as the document words it, with the window it allows.

    "By 15 December 2020" is a day; "in the first quarter of 2021" spans a quarter;
    "by the beginning of December 2020" is approximate. ``latest`` is what overdue is
    measured against.
    """

    label: str
    earliest: dt.date
    latest: dt.date
    precision: Precision


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where in which source a clause comes from."""

    source: str
    locator: str


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    publisher: str = ""
    date: dt.date | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Clause:
    ref: str
    kind: ClauseKind
    strand: str
    parties: tuple[str, ...]
    title: str
    text: str
    provenance: Provenance
    quotes: tuple[str, ...] = ()
    due: Deadline | None = None
    see_also: tuple[str, ...] = ()

    @property
    def is_scored(self) -> bool:
        """Commitments and related undertakings carry the 0–3 implementation scale."""
        return self.kind is not ClauseKind.PRINCIPLE


@dataclass(frozen=True, slots=True)
class Agreement:
    id: str
    title: str
    short_title: str
    parties: tuple[str, ...]
    place: str
    date: dt.date
    source: str
    clauses: tuple[Clause, ...]
    sources: tuple[Source, ...] = ()
    summary: str = ""
    _by_ref: dict[str, Clause] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_ref.update({clause.ref: clause for clause in self.clauses})

    def clause(self, ref: str) -> Clause | None:
        return self._by_ref.get(ref)

    @property
    def display_title(self) -> str:
        return self.short_title or self.title
