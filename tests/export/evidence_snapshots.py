"""Evidence, confidence and disputes added by hand to the Shared Vision memo snapshot
(``memo_snapshots.build_snapshot``), as the services would fill them: items graded on
the Admiralty scale, some with a file kept, hostile and Urdu text among them; a
confidence by the rule and one set by the officer; the parties' stated positions
that differ from our assessment."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

from memo_snapshots import HOSTILE, URDU, build_snapshot

from vision_desk.domain.disputes import Dispute, PartyPosition, disputes, latest_positions
from vision_desk.domain.evidence import (
    Attachment,
    ClauseConfidence,
    Confidence,
    ConfidenceOverride,
    EvidenceItem,
    EvidenceKind,
    clause_confidence,
)
from vision_desk.domain.memo import MemoSnapshot
from vision_desk.domain.status import Status

UTC = dt.UTC
SHA_MINUTES = "4f1c2a9be07d3c55e8a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b"
SHA_LETTER = "00aa11bb22cc33dd44ee55ff66778899aabbccddeeff00112233445566778899"
URDU_TITLE = "مشترکہ ورکنگ گروپ کے اجلاس کی کارروائی کا خلاصہ"
HOSTILE_TITLE = HOSTILE.split("\n")[0]
OVERRIDE_REASON = "The minutes <b>are</b> contested & the letter is unsigned"


def item(
    number: int,
    grade: str,
    title: str,
    source: str,
    *,
    kind: EvidenceKind = EvidenceKind.REPORT,
    day: dt.date = dt.date(2021, 2, 10),
    locator: str = "para. 4",
    attachment: Attachment | None = None,
    refs: tuple[str, ...] = (),
) -> EvidenceItem:
    return EvidenceItem(
        id=number,
        kind=kind,
        title=title,
        source=source,
        date=day,
        locator=locator,
        reliability=grade[0],
        credibility=int(grade[1]),
        recorded_at=dt.datetime(2021, 3, 1, 9, 0, tzinfo=UTC),
        recorded_by="A. Officer",
        attachment=attachment,
        refs=refs,
    )


def default_evidence() -> dict[str, tuple[EvidenceItem, ...]]:
    """SV-C1: two strong items from different sources (high by the rule), one with
    a file; SV-C2: a fair item with an Urdu title and a hostile one (medium); SV-C3:
    one weak item (low)."""
    minutes = Attachment("minutes <2021>.pdf", "application/pdf", 48_213, SHA_MINUTES)
    letter = Attachment("letter.txt", "text/plain", 912, SHA_LETTER)
    return {
        "SV-C1": (
            item(
                1,
                "B2",
                "Minutes of the joint working group",
                "Joint secretariat",
                kind=EvidenceKind.MEETING_RECORD,
                day=dt.date(2020, 12, 2),
                locator="items 3–5",
                attachment=minutes,
                refs=("SV-C1", "SV-C2"),
            ),
            item(
                2,
                "A1",
                "Letter naming the lead officials",
                "Ministry of Foreign Affairs",
                kind=EvidenceKind.LETTER,
                day=dt.date(2020, 12, 9),
                locator="",
                attachment=letter,
            ),
        ),
        "SV-C2": (
            item(3, "C3", URDU_TITLE, "Embassy reporting", day=dt.date(2021, 2, 11)),
            item(
                4,
                "D4",
                HOSTILE_TITLE,
                "Press <i>agency</i> & wire",
                kind=EvidenceKind.PRESS_ARTICLE,
                locator="p. <2>",
            ),
        ),
        "SV-C3": (
            item(
                5,
                "E5",
                "Statement after the cabinet meeting",
                "Spokesperson",
                kind=EvidenceKind.OFFICIAL_STATEMENT,
            ),
        ),
    }


def default_confidence(
    evidence: Mapping[str, Sequence[EvidenceItem]],
) -> dict[str, ClauseConfidence]:
    """The rule's confidence for each clause with evidence; SV-C3 set by the officer
    with a hostile reason (the rule gives low, the officer says medium)."""
    found = {ref: clause_confidence(items, None) for ref, items in evidence.items()}
    override = ConfidenceOverride(
        Confidence.MEDIUM, OVERRIDE_REASON, dt.datetime(2021, 3, 14, 9, 0, tzinfo=UTC), "B. Analyst"
    )
    found["SV-C3"] = clause_confidence(evidence.get("SV-C3", ()), override)
    return found


# The parties' stated positions: (ref, party, claimed, claim, where, said on).
POSITIONS: tuple[tuple[str, str, Status, str, str, dt.date], ...] = (
    (
        "SV-C1",
        "PK",
        Status.COMPLETED,
        "All lead officials are named and working",
        "press conference in Islamabad",
        dt.date(2020, 12, 3),
    ),
    (
        "SV-C3",
        "AF",
        Status.ADVANCED,
        "<b>A draft</b> & more is with the committee",
        "joint statement",
        dt.date(2021, 1, 20),
    ),
    ("SV-C2", "AF", Status.NOT_STARTED, URDU, "پریس کانفرنس", dt.date(2021, 2, 1)),
)


def disputes_of(snapshot: MemoSnapshot) -> tuple[Dispute, ...]:
    """The disputes the domain finds on the snapshot's board with ``POSITIONS``."""
    positions = [
        PartyPosition(
            number,
            ref,
            party,
            claimed,
            claim,
            where,
            said_on,
            dt.datetime(2021, 3, 2, 9, 0, tzinfo=UTC),
            "A. Officer",
        )
        for number, (ref, party, claimed, claim, where, said_on) in enumerate(POSITIONS, 1)
    ]
    rows = [entry.row for entry in snapshot.clauses]
    return disputes(rows, latest_positions(positions))


def evidence_snapshot(
    evidence: Mapping[str, Sequence[EvidenceItem]] | None = None,
    confidence: Mapping[str, ClauseConfidence] | None = None,
    disputes: bool = True,
    base: MemoSnapshot | None = None,
) -> MemoSnapshot:
    """The Shared Vision memo snapshot with evidence, confidence and disputes."""
    snapshot = base or build_snapshot()
    evidence = default_evidence() if evidence is None else evidence
    confidence = default_confidence(evidence) if confidence is None else confidence
    clauses = tuple(
        dataclasses.replace(
            entry,
            evidence=tuple(evidence.get(entry.row.clause.ref, ())),
            confidence=confidence.get(entry.row.clause.ref),
        )
        for entry in snapshot.clauses
    )
    snapshot = dataclasses.replace(snapshot, clauses=clauses)
    return dataclasses.replace(snapshot, disputes=disputes_of(snapshot) if disputes else ())
