"""Evidence behind an assessment: what it is, where it came from, and how far it can
be trusted, graded on the Admiralty scale (docs/evidence.md).

The scale grades two things apart, as intelligence desks do: the **source's
reliability** (A to F, its record) and the **information's credibility** (1 to 6,
this item's own weight). A usually reliable source can pass on a doubtful report
("B4"), and an unknown one can report what others confirm ("F1").

An item supports one or more clauses. The confidence of an assessment follows from
the items behind it by ``confidence`` (the rule is written in its docstring and in
the documentation); the officer may override it, with a reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from vision_desk.errors import UserError


class EvidenceKind(StrEnum):
    REPORT = "report"
    MEETING_RECORD = "meeting_record"
    LETTER = "letter"
    PRESS_ARTICLE = "press_article"
    OFFICIAL_STATEMENT = "official_statement"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


# The Admiralty scale's words, as the desk and the memo print them.
RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file kept with an item: its name as the officer gave it, its kind, its size
    in bytes, and the SHA-256 of its bytes (checked on every read)."""

    name: str
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One item of evidence, as recorded (never changed afterwards: a correction is
    a new item). ``refs``: the clauses it supports, in the agreement's order."""

    id: int
    kind: EvidenceKind
    title: str
    source: str
    date: dt.date
    locator: str
    reliability: str
    credibility: int
    recorded_at: dt.datetime
    recorded_by: str
    attachment: Attachment | None = None
    refs: tuple[str, ...] = ()

    @property
    def grade(self) -> str:
        """The item's grade as written on the Admiralty scale: "B2"."""
        return f"{self.reliability}{self.credibility}"

    @property
    def grade_words(self) -> str:
        return f"{RELIABILITY[self.reliability]}; {CREDIBILITY[self.credibility]}"

    @property
    def digest(self) -> str:
        """SHA-256 over what the item says (docs/evidence.md), its attachment's hash
        included: what a round's record seals for each item behind a clause."""
        document = {
            "kind": self.kind.value,
            "title": self.title,
            "source": self.source,
            "date": self.date.isoformat(),
            "locator": self.locator,
            "grade": self.grade,
            "attachment": None if self.attachment is None else self.attachment.sha256,
        }
        form = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(form.encode("utf-8")).hexdigest()


def parse_grade(text: str) -> tuple[str, int]:
    """ "B2" (or "b2", "B 2") as (reliability, credibility), or a ``UserError``
    saying what the scale takes."""
    compact = "".join(text.split()).upper()
    if len(compact) == 2 and compact[0] in RELIABILITY and compact[1] in "123456":
        return compact[0], int(compact[1])
    raise UserError(
        f"'{text}' is not a grade: the source's reliability A to F, then the "
        "information's credibility 1 to 6, as in B2."
    )


# -- the confidence of an assessment ------------------------------------------------------


def is_strong(item: EvidenceItem) -> bool:
    """A reliable source (A or B) saying what is confirmed or probably true (1 or 2)."""
    return item.reliability in "AB" and item.credibility <= 2


def is_fair(item: EvidenceItem) -> bool:
    """At least a fairly reliable source (A to C), at least possibly true (1 to 3)."""
    return item.reliability in "ABC" and item.credibility <= 3


def source_key(source: str) -> str:
    """A source's name as sources are compared: the same letters however they were
    typed or pasted (Unicode NFKC: "é" composed or not), invisible formatting
    characters dropped, case and spacing ignored."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", source)
    visible = "".join(c for c in folded if unicodedata.category(c) != "Cf")
    return " ".join(visible.casefold().split())


def confidence(items: Iterable[EvidenceItem]) -> Confidence:
    """How far an assessment can be trusted on its evidence:

    - **high**: two strong items (source A or B, information 1 or 2) from different
      sources, or one strong item whose information is confirmed by other
      sources (credibility 1);
    - **medium**: at least one fair item (source A to C, information 1 to 3);
    - **low**: anything less, including no evidence at all.

    Sources are told apart by their names (``source_key``), so that one source
    cited twice does not count as two.
    """
    listed = list(items)
    strong = [item for item in listed if is_strong(item)]
    sources = {source_key(item.source) for item in strong}
    if len(sources) >= 2 or any(item.credibility == 1 for item in strong):
        return Confidence.HIGH
    if strong or any(is_fair(item) for item in listed):
        return Confidence.MEDIUM
    return Confidence.LOW


@dataclass(frozen=True, slots=True)
class ConfidenceOverride:
    """The officer's own confidence in an assessment, over the rule's, and why."""

    level: Confidence
    reason: str
    at: dt.datetime
    by: str


@dataclass(frozen=True, slots=True)
class ClauseConfidence:
    """An assessment's confidence: the rule's, and the officer's override if any."""

    by_rule: Confidence
    override: ConfidenceOverride | None = None

    @property
    def level(self) -> Confidence:
        return self.by_rule if self.override is None else self.override.level

    @property
    def overridden(self) -> bool:
        return self.override is not None and self.override.level is not self.by_rule


def clause_confidence(
    items: Sequence[EvidenceItem], override: ConfidenceOverride | None
) -> ClauseConfidence:
    return ClauseConfidence(confidence(items), override)
