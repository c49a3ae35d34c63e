"""An agreement and its clauses, as the officer reads them.

Everything here is immutable: an agreement, once imported, is a fixed text. What
changes over time (statuses, notes, the date an event happened) lives beside it,
keyed by the clause reference or the event id.

Plain data, no behaviour hidden in the loader: what a file says is here as it
says it (a relative deadline keeps its anchor and offset, not a date worked out
on import), so that the store keeps it and the rules in ``deadlines`` and
``party_status`` work it out when asked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from vision_desk.domain.parties import Party, built_in_party
from vision_desk.domain.text import is_right_to_left

# The event every agreement has, dated by the agreement itself: a deadline such as
# "within 135 days of signature" can always be worked out.
SIGNATURE = "signature"


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


class TimeUnit(StrEnum):
    """The units a relative deadline counts in (docs/agreement-format.md, "The
    calendar rule"): a week is 7 days; a month moves the date to the same day of a
    later month, or that month's last day when it is shorter."""

    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"


@dataclass(frozen=True, slots=True)
class Event:
    """Something a deadline can hang on: "the release of prisoners".

    Only the file's declaration lives here; the date it happened is recorded later
    by the officer (``deadlines.EventRecord``). ``label`` reads after "waiting on":
    "waiting on the release of prisoners".
    """

    id: str
    label: str


SIGNATURE_EVENT = Event(SIGNATURE, "signature")


@dataclass(frozen=True, slots=True)
class RelativeDeadline:
    """A deadline counted from an event: "within 135 days of signature".

    ``label`` is the document's wording; ``anchor`` is the event's id
    (``SIGNATURE`` or one of the agreement's ``events``); ``amount`` and ``unit``
    the offset. The date is worked out by ``deadlines.resolve`` once the anchor's
    date is known; until then the clause is waiting, never overdue.
    """

    label: str
    anchor: str
    amount: int
    unit: TimeUnit


@dataclass(frozen=True, slots=True)
class ClauseText:
    """The clause in one language, as the document words it in that language.

    ``language`` is a tag such as "fa" (Dari), "ps" (Pashto), "ur" (Urdu) or "en".
    ``authoritative`` marks the text that prevails where the document says one
    does; at most one per clause.
    """

    language: str
    text: str
    authoritative: bool = False

    @property
    def is_right_to_left(self) -> bool:
        """Decided by the text's first strong letter, not by its language tag: a
        Dari text that opens with a Latin name still runs right to left, as the
        Unicode rule the desk and the memo follow decides."""
        return is_right_to_left(self.text)


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
    # The document's own numbering ("Part One, A, 1"), shown beside ``ref``; "" when
    # the file gives none. ``ref`` stays the project's stable reference.
    numbering: str = ""
    # The clause in other languages; ``text`` stays the English working text.
    texts: tuple[ClauseText, ...] = ()
    # A deadline counted from an event. A clause has ``due`` or this, never both.
    relative_due: RelativeDeadline | None = None

    @property
    def is_scored(self) -> bool:
        """Commitments and related undertakings carry the 0–3 implementation scale."""
        return self.kind is not ClauseKind.PRINCIPLE

    @property
    def has_deadline(self) -> bool:
        return self.due is not None or self.relative_due is not None

    @property
    def authoritative_text(self) -> ClauseText | None:
        return next((text for text in self.texts if text.authoritative), None)

    def text_in(self, language: str) -> ClauseText | None:
        return next((text for text in self.texts if text.language == language), None)


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
    # The file's own names for its parties, in the order of ``parties`` (version 2);
    # empty for a version-1 file, whose ISO codes take the built-in names.
    party_registry: tuple[Party, ...] = ()
    # The events, besides signature, that deadlines are counted from (version 2).
    events: tuple[Event, ...] = ()
    _by_ref: dict[str, Clause] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_ref.update({clause.ref: clause for clause in self.clauses})

    def clause(self, ref: str) -> Clause | None:
        return self._by_ref.get(ref)

    def party(self, code: str) -> Party:
        """The party as the file names it; for a version-1 file (or a code the file
        does not list), the built-in name of the ISO code."""
        found = next((party for party in self.party_registry if party.code == code), None)
        return found if found is not None else built_in_party(code)

    def party_name(self, code: str) -> str:
        """The party's full name as the file gives it: "United States of America"."""
        return self.party(code).name

    def event(self, event_id: str) -> Event | None:
        """The event a relative deadline names: signature, or one the file declares."""
        if event_id == SIGNATURE:
            return SIGNATURE_EVENT
        return next((event for event in self.events if event.id == event_id), None)

    @property
    def display_title(self) -> str:
        return self.short_title or self.title
