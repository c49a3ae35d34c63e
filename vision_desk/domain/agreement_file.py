"""Read an agreement file (docs/agreement-format.md) into an ``Agreement``.

Strict on purpose: an officer's store should never hold half an agreement or a
typo taken for data. Every problem becomes an ``AgreementFileError`` that names the
file, the line and the problem; nothing else escapes, whatever the bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NoReturn

from vision_desk.domain.agreement import (
    Agreement,
    Clause,
    ClauseKind,
    Deadline,
    Precision,
    Provenance,
    Source,
)
from vision_desk.domain.agreement_lines import LineFinder
from vision_desk.domain.agreement_toml import parse_toml
from vision_desk.domain.text import code_point, first_control
from vision_desk.errors import AgreementFileError

FORMAT_VERSION = 1
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_CLAUSES = 20_000
MAX_TEXT = 20_000

_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9._()\-]{0,31}")
_STRAND = re.compile(r"[a-z][a-z-]{0,39}")
_PARTY = re.compile(r"[A-Z]{2}")

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

Path_ = tuple[str | int, ...]


def load_agreement(path: Path) -> Agreement:
    """Read and validate the agreement file at ``path``."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise AgreementFileError(f"{path}: cannot be read ({error.strerror or error}).") from None
    return parse_agreement(data, path.name)


def parse_agreement(data: bytes, name: str) -> Agreement:
    """Validate ``data`` (the bytes of a file called ``name``) as an agreement."""
    if len(data) > MAX_FILE_BYTES:
        raise AgreementFileError(
            f"{name}: the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; "
            "an agreement file is never that large."
        )
    if b"\x00" in data:
        raise AgreementFileError(f"{name}: this is a binary file, not an agreement file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # error.start counts from error.object, which lacks a byte order mark.
        line = error.object[: error.start].count(b"\n") + 1
        raise AgreementFileError(
            f"{name}:{line}: the file is not UTF-8 text; save it as UTF-8 and import again."
        ) from None
    document = parse_toml(text, name)
    return _Reader(name, LineFinder(text)).agreement(document)


class _Reader:
    """Walks the parsed document, turning each problem into an error with its line."""

    def __init__(self, name: str, lines: LineFinder) -> None:
        self.name = name
        self.lines = lines

    def fail(self, where: Path_, problem: str) -> NoReturn:
        raise AgreementFileError(f"{self.name}:{self.lines.line_of(where)}: {problem}")

    # -- structure ---------------------------------------------------------------

    def table(self, value: object, where: Path_, fields: Mapping[str, bool]) -> dict[str, Any]:
        label = _describe(where)
        if not isinstance(value, dict):
            self.fail(where, f"{label} must be a table.")
        for key in value:
            if key not in fields:
                known = ", ".join(fields)
                self.fail((*where, key), f"unknown field '{key}' in {label} (known: {known}).")
        for key, required in fields.items():
            if required and key not in value:
                self.fail(where, f"{label} lacks the required field '{key}'.")
        return value

    def string(self, value: object, where: Path_, pattern: re.Pattern[str] | None = None) -> str:
        if not isinstance(value, str):
            self.fail(where, f"{_describe(where)} must be text in quotes.")
        if len(value) > MAX_TEXT:
            self.fail(where, f"{_describe(where)} is longer than {MAX_TEXT} characters.")
        control = first_control(value)
        if control is not None:
            # TOML refuses most controls written as they are, but not as escapes
            # ("\u001b", "\r") nor the C1 controls: they would reach a terminal.
            self.fail(
                where,
                f"{_describe(where)} holds a control character, {code_point(value[control])}, "
                f"at character {control + 1}; text may hold tabs and line breaks, no other.",
            )
        if pattern is not None and not pattern.fullmatch(value):
            self.fail(
                where, f"{_describe(where)} '{value[:40]}' is not of the form {pattern.pattern}."
            )
        if pattern is None and not value.strip():
            self.fail(where, f"{_describe(where)} is empty.")
        return value

    def optional(self, entry: dict[str, Any], key: str, where: Path_) -> str:
        return self.string(entry[key], (*where, key)) if key in entry else ""

    def date(self, value: object, where: Path_) -> dt.date:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.fail(
                where, f"{_describe(where)} must be a date such as 2020-12-15, without quotes."
            )
        return value

    def strings(
        self, value: object, where: Path_, pattern: re.Pattern[str] | None = None
    ) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.fail(where, f'{_describe(where)} must be a list such as ["..."].')
        items = tuple(self.string(item, where, pattern) for item in value)
        if len(set(items)) != len(items):
            self.fail(where, f"{_describe(where)} repeats an entry.")
        return items

    def choice(self, value: object, where: Path_, choices: Callable[[str], Any], names: str) -> Any:
        text = self.string(value, where)
        try:
            return choices(text)
        except ValueError:
            self.fail(where, f"{_describe(where)} '{text[:40]}' is not one of: {names}.")

    # -- the document ------------------------------------------------------------

    def agreement(self, document: dict[str, Any]) -> Agreement:
        self.table(document, (), _TOP_FIELDS)
        version = document["format"]
        # Exactly the integer: not 1.0, not true (a bool is an int in Python).
        if type(version) is not int or version != FORMAT_VERSION:
            self.fail(
                ("format",), f"format must be {FORMAT_VERSION}; this file says {_shown(version)}."
            )
        head = self.table(document["agreement"], ("agreement",), _AGREEMENT_FIELDS)
        parties = self.strings(head["parties"], ("agreement", "parties"), _PARTY)
        if len(parties) < 2:
            self.fail(("agreement", "parties"), "an agreement needs at least two parties.")
        sources = self.sources(document["sources"])
        source_ids = {source.id for source in sources}
        main_source = self.string(head["source"], ("agreement", "source"))
        if main_source not in source_ids:
            self.fail(
                ("agreement", "source"), f"source '{main_source}' names no entry in [[sources]]."
            )
        clauses = self.clauses(document["clauses"], set(parties), source_ids)
        return Agreement(
            id=self.string(head["id"], ("agreement", "id"), _ID),
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
        )

    def sources(self, value: object) -> tuple[Source, ...]:
        if not isinstance(value, list) or not value:
            self.fail(("sources",), "the file needs at least one [[sources]] entry.")
        result: list[Source] = []
        for index, raw in enumerate(value):
            where: Path_ = ("sources", index)
            entry = self.table(raw, where, _SOURCE_FIELDS)
            source_id = self.string(entry["id"], (*where, "id"), _ID)
            if any(source.id == source_id for source in result):
                self.fail((*where, "id"), f"duplicate source id '{source_id}'.")
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
        entry = self.table(raw, where, _CLAUSE_FIELDS)
        kind: ClauseKind = self.choice(
            entry["kind"], (*where, "kind"), ClauseKind, "principle, commitment, related"
        )
        bound = self.strings(entry["parties"], (*where, "parties"), _PARTY)
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
        due = self.deadline(entry["due"], (*where, "due")) if "due" in entry else None
        if due is not None and kind is ClauseKind.PRINCIPLE:
            self.fail(
                (*where, "due"),
                f"{_describe(where)} is a principle, and a principle has no deadline; "
                "make it a commitment or drop [clauses.due].",
            )
        return Clause(
            ref=self.string(entry["ref"], (*where, "ref"), _REF),
            kind=kind,
            strand=self.string(entry["strand"], (*where, "strand"), _STRAND),
            parties=bound,
            title=self.string(entry["title"], (*where, "title")),
            text=self.string(entry["text"], (*where, "text")),
            quotes=self.strings(entry.get("quotes", []), (*where, "quotes")),
            see_also=self.strings(entry.get("see_also", []), (*where, "see_also"), _REF),
            provenance=Provenance(
                source, self.string(provenance["locator"], (*where, "provenance", "locator"))
            ),
            due=due,
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


def _shown(value: object) -> str:
    """A value as the file wrote it, shortened; safe for any value TOML can hold."""
    if isinstance(value, bool):
        return "true" if value else "false"
    try:
        text = repr(value)
    except ValueError:  # an integer too long to turn into decimal digits
        return "a number too long to show"
    return text if len(text) <= 40 else f"{text[:37]}..."


def _describe(where: Path_) -> str:
    if not where:
        return "the file"
    if where[0] == "clauses" and len(where) > 1:
        rest = ".".join(str(part) for part in where[2:])
        return f"clause {int(where[1]) + 1}" + (f" field '{rest}'" if rest else "")
    if where[0] == "sources" and len(where) > 1:
        rest = ".".join(str(part) for part in where[2:])
        return f"source {int(where[1]) + 1}" + (f" field '{rest}'" if rest else "")
    return "'" + ".".join(str(part) for part in where) + "'"
