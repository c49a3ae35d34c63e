"""Walk a parsed agreement file (format 1) and build an ``Agreement``.

Every problem becomes an ``AgreementFileError`` naming the file, the line and the
problem (the single-field checks are ``agreement_fields.FieldReader``'s).
``AgreementReader`` reads format 1; ``agreement_v2.VersionTwoReader`` extends it at
the places marked as hooks (the parties, the events, a clause's deadline) and adds
a clause's new fields to what ``clause`` reads, so that both formats check what
they share in one place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from vision_desk.domain.agreement import (
    Agreement,
    Clause,
    ClauseKind,
    Deadline,
    Event,
    Precision,
    Provenance,
    RelativeDeadline,
    Source,
)
from vision_desk.domain.agreement_fields import FieldReader, Path_, describe, shown
from vision_desk.domain.parties import Party

FORMAT_VERSIONS = (1, 2)
MAX_CLAUSES = 20_000

ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9._()\-]{0,31}")
_STRAND = re.compile(r"[a-z][a-z-]{0,39}")
_ISO_PARTY = re.compile(r"[A-Z]{2}")

_TOP_FIELDS = {"format": True, "agreement": True, "sources": True, "clauses": True}
_AGREEMENT_FIELDS = {
    "id": True,
    "title": True,
    "short_title": False,
    "parties": True,
    "place": True,
    "date": True,
    "source": True,
    "summary": False,
}
_SOURCE_FIELDS = {"id": True, "title": True, "publisher": False, "date": False, "note": False}
_CLAUSE_FIELDS = {
    "ref": True,
    "kind": True,
    "strand": True,
    "parties": True,
    "title": True,
    "text": True,
    "quotes": False,
    "see_also": False,
    "provenance": True,
    "due": False,
}
_PROVENANCE_FIELDS = {"source": True, "locator": True}
_DUE_FIELDS = {"label": True, "earliest": True, "latest": True, "precision": True}


class AgreementReader(FieldReader):
    """Walks the parsed document, turning each problem into an error with its line."""

    top_fields: Mapping[str, bool] = _TOP_FIELDS
    agreement_fields: Mapping[str, bool] = _AGREEMENT_FIELDS
    clause_fields: Mapping[str, bool] = _CLAUSE_FIELDS
    party_code: re.Pattern[str] = _ISO_PARTY

    # -- hooks: what format 2 reads differently ------------------------------------

    def check_format(self, version: object) -> None:
        # Exactly the integer: not 1.0, not true (a bool is an int in Python).
        if type(version) is not int or version not in FORMAT_VERSIONS:
            known = " or ".join(str(known) for known in FORMAT_VERSIONS)
            self.fail(("format",), f"format must be {known}; this file says {shown(version)}.")

    def party_registry(self, document: dict[str, Any]) -> tuple[Party, ...]:
        """Format 1 names no parties: its ISO codes take the built-in names."""
        return ()

    def parties(self, head: dict[str, Any], registry: tuple[Party, ...]) -> tuple[str, ...]:
        parties = self.strings(head["parties"], ("agreement", "parties"), self.party_code)
        if len(parties) < 2:
            self.fail(("agreement", "parties"), "an agreement needs at least two parties.")
        return parties

    def events(self, document: dict[str, Any]) -> tuple[Event, ...]:
        return ()

    def due(self, raw: object, where: Path_) -> Deadline | RelativeDeadline:
        return self.deadline(raw, where)

    # -- the document ------------------------------------------------------------

    def agreement(self, document: dict[str, Any]) -> Agreement:
        self.table(document, (), self.top_fields)
        self.check_format(document["format"])
        head = self.table(document["agreement"], ("agreement",), self.agreement_fields)
        registry = self.party_registry(document)
        parties = self.parties(head, registry)
        events = self.events(document)
        sources = self.sources(document["sources"])
        source_ids = {source.id for source in sources}
        main_source = self.string(head["source"], ("agreement", "source"))
        if main_source not in source_ids:
            self.fail(
                ("agreement", "source"), f"source '{main_source}' names no entry in [[sources]]."
            )
        clauses = self.clauses(document["clauses"], set(parties), source_ids)
        return Agreement(
            id=self.string(head["id"], ("agreement", "id"), ID),
            title=self.string(head["title"], ("agreement", "title")),
            short_title=self.string(
                head.get("short_title", head["title"]), ("agreement", "short_title")
            ),
            parties=parties,
            place=self.string(head["place"], ("agreement", "place")),
            date=self.date(head["date"], ("agreement", "date")),
            source=main_source,
            summary=self.optional(head, "summary", ("agreement",)),
            sources=sources,
            clauses=clauses,
            party_registry=registry,
            events=events,
        )

    def sources(self, value: object) -> tuple[Source, ...]:
        if not isinstance(value, list) or not value:
            self.fail(("sources",), "the file needs at least one [[sources]] entry.")
        result: list[Source] = []
        seen: set[str] = set()  # not a scan of ``result``: a file may hold many sources
        for index, raw in enumerate(value):
            where: Path_ = ("sources", index)
            entry = self.table(raw, where, _SOURCE_FIELDS)
            source_id = self.string(entry["id"], (*where, "id"), ID)
            if source_id in seen:
                self.fail((*where, "id"), f"duplicate source id '{source_id}'.")
            seen.add(source_id)
            result.append(
                Source(
                    id=source_id,
                    title=self.string(entry["title"], (*where, "title")),
                    publisher=self.optional(entry, "publisher", where),
                    date=self.date(entry["date"], (*where, "date")) if "date" in entry else None,
                    note=self.optional(entry, "note", where),
                )
            )
        return tuple(result)

    def clauses(self, value: object, parties: set[str], sources: set[str]) -> tuple[Clause, ...]:
        if not isinstance(value, list) or not value:
            self.fail(("clauses",), "the file needs at least one [[clauses]] entry.")
        if len(value) > MAX_CLAUSES:
            self.fail(("clauses",), f"more than {MAX_CLAUSES} clauses; split the agreement.")
        result = [
            self.clause(raw, ("clauses", index), parties, sources)
            for index, raw in enumerate(value)
        ]
        # References are told apart regardless of case, as ``show sv-c1`` finds
        # SV-C1: two that differ only in case would make that lookup ambiguous.
        seen: dict[str, int] = {}
        for index, clause in enumerate(result):
            earlier = seen.get(clause.ref.casefold())
            if earlier is not None:
                first = result[earlier].ref
                line = self.lines.line_of(("clauses", earlier, "ref"))
                self.fail(
                    ("clauses", index, "ref"),
                    f"duplicate reference '{clause.ref}' (first used at line {line})."
                    if first == clause.ref
                    else f"reference '{clause.ref}' differs only in case from '{first}' at line "
                    f"{line}; references must differ in more than case.",
                )
            seen[clause.ref.casefold()] = index
        refs = {clause.ref for clause in result}
        for index, clause in enumerate(result):
            for ref in clause.see_also:
                if ref not in refs:
                    self.fail(
                        ("clauses", index, "see_also"),
                        f"see_also names '{ref}', which is no clause in this file.",
                    )
        return tuple(result)

    def clause(self, raw: object, where: Path_, parties: set[str], sources: set[str]) -> Clause:
        entry = self.table(raw, where, self.clause_fields)
        kind: ClauseKind = self.choice(
            entry["kind"], (*where, "kind"), ClauseKind, "principle, commitment, related"
        )
        bound = self.strings(entry["parties"], (*where, "parties"), self.party_code)
        if not bound:
            self.fail((*where, "parties"), "a clause binds at least one party.")
        for party in bound:
            if party not in parties:
                self.fail((*where, "parties"), f"'{party}' is not a party to this agreement.")
        provenance = self.table(entry["provenance"], (*where, "provenance"), _PROVENANCE_FIELDS)
        source = self.string(provenance["source"], (*where, "provenance", "source"))
        if source not in sources:
            self.fail(
                (*where, "provenance", "source"),
                f"source '{source}' names no entry in [[sources]].",
            )
        due = self.due(entry["due"], (*where, "due")) if "due" in entry else None
        if due is not None and kind is ClauseKind.PRINCIPLE:
            self.fail(
                (*where, "due"),
                f"{describe(where)} is a principle, and a principle has no deadline; "
                "make it a commitment or drop [clauses.due].",
            )
        return Clause(
            ref=self.string(entry["ref"], (*where, "ref"), REF),
            kind=kind,
            strand=self.string(entry["strand"], (*where, "strand"), _STRAND),
            parties=bound,
            title=self.string(entry["title"], (*where, "title")),
            text=self.string(entry["text"], (*where, "text")),
            quotes=self.strings(entry.get("quotes", []), (*where, "quotes")),
            see_also=self.strings(entry.get("see_also", []), (*where, "see_also"), REF),
            provenance=Provenance(
                source, self.string(provenance["locator"], (*where, "provenance", "locator"))
            ),
            due=due if isinstance(due, Deadline) else None,
            relative_due=due if isinstance(due, RelativeDeadline) else None,
        )

    def deadline(self, raw: object, where: Path_) -> Deadline:
        entry = self.table(raw, where, _DUE_FIELDS)
        precision: Precision = self.choice(
            entry["precision"], (*where, "precision"), Precision, "day, month, quarter, approximate"
        )
        earliest = self.date(entry["earliest"], (*where, "earliest"))
        latest = self.date(entry["latest"], (*where, "latest"))
        if earliest > latest:
            self.fail(
                (*where, "earliest"),
                f"the deadline's earliest date {earliest} is after its latest {latest}.",
            )
        problem = _precision_problem(precision, earliest, latest)
        if problem:
            self.fail((*where, "precision"), problem)
        return Deadline(self.string(entry["label"], (*where, "label")), earliest, latest, precision)


def _precision_problem(precision: Precision, earliest: dt.date, latest: dt.date) -> str:
    if precision is Precision.DAY and earliest != latest:
        return f"a deadline of precision 'day' has one date, not {earliest} to {latest}."
    if precision is Precision.MONTH and (earliest.year, earliest.month) != (
        latest.year,
        latest.month,
    ):
        return f"a deadline of precision 'month' lies within one month, not {earliest} to {latest}."
    if precision is Precision.QUARTER and _quarter(earliest) != _quarter(latest):
        return f"a deadline of precision 'quarter' lies within one quarter, not {earliest} to {latest}."
    return ""


def _quarter(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3
