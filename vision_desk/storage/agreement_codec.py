"""An agreement's version-2 fields as the store keeps them: JSON text, each field
in and out the same way, so that what was imported is what is read back.

An empty field is stored as NULL, never as ``[]``: every agreement imported
before version 2, and every version-1 file since, has NULL there, and the reader
parses nothing for it (the board of 5,000 clauses pays for JSON only where a
clause has texts). One exception marks the agreement itself: ``agreements.events``
is a JSON list, ``[]`` when there are none, exactly when the agreement says
anything only version 2 can say (``says_version_two``), and NULL otherwise; the
reader reads the clauses' version-2 columns only then, so a version-1 agreement
is read by the query it always was, at its speed. No SQLAlchemy here: the desk's
first board reads through ``agreement_read`` before it has loaded.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from vision_desk.domain.agreement import Agreement, ClauseText, Event, RelativeDeadline, TimeUnit
from vision_desk.domain.parties import Party, PartyKind

_UNITS = {unit.value: unit for unit in TimeUnit}
_PARTY_KINDS = {kind.value: kind for kind in PartyKind}


def _dumps(value: object) -> str:
    # Dari, Pashto and Urdu kept as they are: a third of the bytes of \\u escapes.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def encode_parties(parties: Sequence[Party]) -> str | None:
    if not parties:
        return None
    return _dumps(
        [
            {
                "code": party.code,
                "name": party.name,
                "kind": party.kind.value,
                "short_name": party.short_name,
                # Pairs, not an object: the file's order of languages is kept.
                "names": [list(pair) for pair in party.names],
            }
            for party in parties
        ]
    )


def decode_parties(encoded: str | None) -> tuple[Party, ...]:
    if encoded is None:
        return ()
    return tuple(
        Party(
            code=str(entry["code"]),
            name=str(entry["name"]),
            kind=_PARTY_KINDS[str(entry["kind"])],
            short_name=str(entry.get("short_name") or ""),
            names=tuple((str(tag), str(name)) for tag, name in entry.get("names") or ()),
        )
        for entry in _list(encoded)
    )


def says_version_two(agreement: Agreement) -> bool:
    """Whether the agreement says anything only version 2 of the format can say."""
    return bool(agreement.party_registry or agreement.events) or any(
        clause.numbering or clause.texts or clause.relative_due is not None
        for clause in agreement.clauses
    )


def encode_events(agreement: Agreement) -> str | None:
    """The events, and the mark that the agreement is a version-2 one (above)."""
    if not says_version_two(agreement):
        return None
    return _dumps([{"id": event.id, "label": event.label} for event in agreement.events])


def decode_events(encoded: str | None) -> tuple[Event, ...]:
    if encoded is None:
        return ()
    return tuple(Event(str(entry["id"]), str(entry["label"])) for entry in _list(encoded))


def encode_texts(texts: Sequence[ClauseText]) -> str | None:
    if not texts:
        return None
    return _dumps(
        [
            {"lang": text.language, "text": text.text, "authoritative": text.authoritative}
            for text in texts
        ]
    )


def decode_texts(encoded: str) -> tuple[ClauseText, ...]:
    return tuple(
        ClauseText(str(entry["lang"]), str(entry["text"]), bool(entry.get("authoritative")))
        for entry in _list(encoded)
    )


def relative_columns(
    relative: RelativeDeadline | None,
) -> tuple[str | None, int | None, str | None]:
    """(due_after, due_amount, due_unit) of a deadline counted from an event; its
    label goes in ``due_label``, which a dated deadline uses too."""
    if relative is None:
        return None, None, None
    return relative.anchor, relative.amount, relative.unit.value


def relative_deadline(
    label: object, after: object, amount: object, unit: object
) -> RelativeDeadline:
    return RelativeDeadline(str(label), str(after), int(str(amount)), _UNITS[str(unit)])


def _list(encoded: str) -> list[dict[str, Any]]:
    value = json.loads(encoded)
    if not isinstance(value, list):
        raise ValueError("a version-2 field of the store is not a JSON list")
    return value
