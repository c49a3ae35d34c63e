"""Read a format-2 agreement file: format 1, plus agreements as they are written.

What format 2 adds (docs/agreement-format.md, "Version 2"):

- ``[[parties]]``: the parties as the file names them (code, name, short name,
  kind, names in other languages), in place of ``agreement.parties``;
- ``[[events]]``: events that deadlines are counted from, besides signature;
- per clause: ``numbering`` (the document's own, "Part One, A, 1"), the clause in
  other languages (``[[clauses.texts]]``) and a deadline counted from an event
  (``[clauses.due]`` with ``after`` and ``days``, ``weeks`` or ``months``).

Everything else is read and checked by format 1's ``AgreementReader``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from vision_desk.domain.agreement import (
    SIGNATURE,
    Agreement,
    Clause,
    ClauseText,
    Deadline,
    Event,
    RelativeDeadline,
    TimeUnit,
)
from vision_desk.domain.agreement_fields import Path_, describe
from vision_desk.domain.agreement_lines import LineFinder
from vision_desk.domain.agreement_reader import ID, AgreementReader
from vision_desk.domain.parties import Party, PartyKind

# Upper-case letters, digits, '-' and '_': "US", "IEA", "UN-SC", "AF_GOV".
PARTY_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,31}")
# A language tag as BCP 47 writes the common ones: "fa", "ps", "ur", "en", "fa-AF".
LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}")
MAX_NUMBERING = 200
# A century in each unit: an offset beyond it is a typo, not a deadline.
MAX_OFFSET = {TimeUnit.DAYS: 36_525, TimeUnit.WEEKS: 5_218, TimeUnit.MONTHS: 1_200}

_TOP_FIELDS = {
    "format": True,
    "agreement": True,
    "parties": False,  # required, with a message of its own (party_registry)
    "events": False,
    "sources": True,
    "clauses": True,
}
# Format 1's, less the parties (now [[parties]]), plus numbering and texts.
_AGREEMENT_FIELDS = {
    key: required for key, required in AgreementReader.agreement_fields.items() if key != "parties"
}
_CLAUSE_FIELDS = {**AgreementReader.clause_fields, "numbering": False, "texts": False}
_PARTY_FIELDS = {"code": True, "name": True, "short_name": False, "kind": True, "names": False}
_EVENT_FIELDS = {"id": True, "label": True}
_TEXT_FIELDS = {"lang": True, "text": True, "authoritative": False}
_RELATIVE_DUE_FIELDS = {
    "label": True,
    "after": True,
    "days": False,
    "weeks": False,
    "months": False,
}
# Any of these in [clauses.due] makes it a deadline counted from an event.
_RELATIVE_KEYS = frozenset(_RELATIVE_DUE_FIELDS) - {"label"}
_KIND_NAMES = ", ".join(kind.value for kind in PartyKind)


class VersionTwoReader(AgreementReader):
    top_fields = _TOP_FIELDS
    agreement_fields = _AGREEMENT_FIELDS
    clause_fields = _CLAUSE_FIELDS
    party_code = PARTY_CODE

    def __init__(self, name: str, lines: LineFinder) -> None:
        super().__init__(name, lines)
        self.event_ids = {SIGNATURE}

    def agreement(self, document: dict[str, Any]) -> Agreement:
        head = document.get("agreement")
        if isinstance(head, dict) and "parties" in head:
            self.fail(
                ("agreement", "parties"),
                "in format 2 the parties are the [[parties]] tables; "
                "drop 'parties' from [agreement].",
            )
        return super().agreement(document)

    # -- the parties and the events ------------------------------------------------

    def party_registry(self, document: dict[str, Any]) -> tuple[Party, ...]:
        value = document.get("parties")
        # A list of codes, as format 1 wrote them, is no registry either.
        tables = isinstance(value, list) and all(isinstance(item, dict) for item in value)
        if not isinstance(value, list) or not tables or len(value) < 2:
            self.fail(
                ("parties",),
                "a format-2 file names at least two parties, each in a [[parties]] table "
                "(code, name, kind).",
            )
        result: list[Party] = []
        seen: dict[str, int] = {}  # code -> index: a hostile file may hold many parties
        for index, raw in enumerate(value):
            where: Path_ = ("parties", index)
            entry = self.table(raw, where, _PARTY_FIELDS)
            code = self.string(entry["code"], (*where, "code"), PARTY_CODE)
            if code in seen:
                line = self.lines.line_of(("parties", seen[code], "code"))
                self.fail(
                    (*where, "code"), f"duplicate party code '{code}' (first used at line {line})."
                )
            seen[code] = index
            kind: PartyKind = self.choice(entry["kind"], (*where, "kind"), PartyKind, _KIND_NAMES)
            result.append(
                Party(
                    code=code,
                    name=self.string(entry["name"], (*where, "name")),
                    kind=kind,
                    short_name=self.optional(entry, "short_name", where),
                    names=self.names(entry["names"], (*where, "names")) if "names" in entry else (),
                )
            )
        return tuple(result)

    def parties(self, head: dict[str, Any], registry: tuple[Party, ...]) -> tuple[str, ...]:
        return tuple(party.code for party in registry)

    def names(self, value: object, where: Path_) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, dict):
            self.fail(where, f'{describe(where)} must be a table such as {{ fa = "..." }}.')
        return tuple(
            (self.language(tag, (*where, tag)), self.string(name, (*where, tag)))
            for tag, name in value.items()
        )

    def language(self, value: object, where: Path_) -> str:
        tag = self.string(value, where)
        if not LANGUAGE.fullmatch(tag):
            self.fail(
                where,
                f"'{tag[:40]}' is not a language tag; write one such as fa, ps, ur, en or fa-AF.",
            )
        return tag

    def events(self, document: dict[str, Any]) -> tuple[Event, ...]:
        result: list[Event] = []
        for index, raw in enumerate(
            self.array(document.get("events", []), ("events",), "[[events]]")
        ):
            where: Path_ = ("events", index)
            entry = self.table(raw, where, _EVENT_FIELDS)
            event_id = self.string(entry["id"], (*where, "id"), ID)
            if event_id == SIGNATURE:
                self.fail(
                    (*where, "id"),
                    f"{describe(where)} is called 'signature', an event every agreement has, "
                    "dated by the agreement's date; drop it or give it another id.",
                )
            if event_id in self.event_ids:
                self.fail((*where, "id"), f"duplicate event id '{event_id}'.")
            self.event_ids.add(event_id)
            result.append(Event(event_id, self.string(entry["label"], (*where, "label"))))
        return tuple(result)

    # -- a clause's deadline, numbering and texts ------------------------------------

    def due(self, raw: object, where: Path_) -> Deadline | RelativeDeadline:
        if isinstance(raw, dict) and _RELATIVE_KEYS & raw.keys():
            return self.relative_deadline(raw, where)
        return self.deadline(raw, where)

    def relative_deadline(self, raw: object, where: Path_) -> RelativeDeadline:
        entry = self.table(raw, where, _RELATIVE_DUE_FIELDS)
        units = [unit for unit in TimeUnit if unit.value in entry]
        if len(units) != 1:
            self.fail(
                (*where, units[1].value) if len(units) > 1 else where,
                f"{describe(where)} counts from its event in days, weeks or months: "
                "give exactly one of them.",
            )
        unit = units[0]
        amount = entry[unit.value]
        most = MAX_OFFSET[unit]
        # A whole number, not 1.5 nor true (a bool is an int in Python).
        if type(amount) is not int or not 1 <= amount <= most:
            self.fail(
                (*where, unit.value),
                f"{describe((*where, unit.value))} must be a whole number from 1 to {most}.",
            )
        anchor = self.string(entry["after"], (*where, "after"))
        if anchor not in self.event_ids:
            self.fail(
                (*where, "after"),
                f"after names '{anchor[:40]}', which is neither signature nor an event "
                "in [[events]].",
            )
        return RelativeDeadline(
            self.string(entry["label"], (*where, "label")), anchor, amount, unit
        )

    def clause(self, raw: object, where: Path_, parties: set[str], sources: set[str]) -> Clause:
        clause = super().clause(raw, where, parties, sources)
        entry = self.table(raw, where, self.clause_fields)
        numbering = ""
        if "numbering" in entry:
            numbering = self.string(entry["numbering"], (*where, "numbering"))
            if len(numbering) > MAX_NUMBERING:
                self.fail(
                    (*where, "numbering"),
                    f"{describe((*where, 'numbering'))} is longer than {MAX_NUMBERING} characters.",
                )
        texts = self.texts(entry["texts"], (*where, "texts")) if "texts" in entry else ()
        return replace(clause, numbering=numbering, texts=texts)

    def texts(self, value: object, where: Path_) -> tuple[ClauseText, ...]:
        result: list[ClauseText] = []
        languages: set[str] = set()
        prevailing: str | None = None  # the language of the authoritative text so far
        for index, raw in enumerate(self.array(value, where, "[[clauses.texts]]")):
            at: Path_ = (*where, index)
            entry = self.table(raw, at, _TEXT_FIELDS)
            language = self.language(entry["lang"], (*at, "lang"))
            if language in languages:
                self.fail(
                    (*at, "lang"),
                    f"{describe(at)} is a second text in '{language}'; "
                    "a clause has one text per language.",
                )
            languages.add(language)
            authoritative = entry.get("authoritative", False)
            if not isinstance(authoritative, bool):
                self.fail(
                    (*at, "authoritative"),
                    f"{describe((*at, 'authoritative'))} must be true or false.",
                )
            if authoritative and prevailing is not None:
                self.fail(
                    (*at, "authoritative"),
                    f"{describe(at)} is marked authoritative, but the text in "
                    f"'{prevailing}' already is; at most one text of a clause prevails.",
                )
            if authoritative:
                prevailing = language
            text = self.string(entry["text"], (*at, "text"))
            result.append(ClauseText(language, text, authoritative))
        return tuple(result)
