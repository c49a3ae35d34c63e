"""The evidence behind the current clause, for the desk: read in one go for its
pane, recorded, cited, its confidence set, the parties' positions recorded, and
the words the pane and the status bar say of them (docs/evidence.md).

Each change is one call of the evidence service, and returns the ``Repaint`` the
window renders; the officer stays where they are.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vision_desk.domain.evidence import ClauseConfidence, Confidence, EvidenceItem
from vision_desk.domain.status import Status
from vision_desk.domain.typed_dates import display_date
from vision_desk.errors import UserError
from vision_desk.services.repaint import Repaint
from vision_desk.services.session_disputes import levels_apart
from vision_desk.services.session_parties import possessive

if TYPE_CHECKING:
    from vision_desk.domain.disputes import PartyPosition
    from vision_desk.services.desk_session import DeskSession
    from vision_desk.services.evidence import NewItem

# How many hex digits of a file's SHA-256 the desk shows (the whole in a tooltip).
SHORT_HASH = 12
# How many clauses' evidence the session keeps once read: moving back and forth
# between a few clauses reads each once.
KEPT = 64


@dataclass(frozen=True, slots=True)
class ClauseEvidence:
    """A clause's items (oldest first) and the confidence they give."""

    ref: str
    items: tuple[EvidenceItem, ...]
    confidence: ClauseConfidence


@dataclass(frozen=True, slots=True)
class PositionLine:
    """A party's latest stated position on a clause, in words: what it says, the
    verdict set against ours ("disputed", "not in dispute") and why."""

    said: str
    verdict: str
    why: str = ""

    @property
    def disputed(self) -> bool:
        return self.verdict == "disputed"

    @property
    def text(self) -> str:
        return f"{self.said} — {self.verdict}{self.why}."


def clause_evidence(session: DeskSession, ref: str) -> ClauseEvidence:
    """The clause's evidence, as read when last shown. Items, citations and overrides
    are only ever added, so what was read stays true until something is recorded
    for the clause: the officer's own recording drops the clauses it touched, and a
    board read afresh or a look at other officers' changes drops them all."""
    kept = session.evidence_cache
    found = kept.get(ref)
    if found is None:
        found = kept[ref] = read_clause_evidence(session, ref)
        if len(kept) > KEPT:
            del kept[next(iter(kept))]  # the one read longest ago
    return found


def read_clause_evidence(session: DeskSession, ref: str) -> ClauseEvidence:
    """The clause's items and its confidence override, in one read: a clause with
    200 items costs two queries, not 200."""
    from vision_desk.domain.evidence import clause_confidence
    from vision_desk.storage import evidence as evidence_store

    desk = session.require_desk()
    stored = desk.stored(session.agreement.id)
    clause_id = stored.clause_ids[ref]
    with desk.store.read() as read:
        items = evidence_store.items(read, stored.agreement.id, [clause_id])
        override = evidence_store.overrides(read, [clause_id]).get(clause_id)
    return ClauseEvidence(ref, tuple(items), clause_confidence(items, override))


# -- words --------------------------------------------------------------------------------


def confidence_text(confidence: ClauseConfidence) -> str:
    """ "Confidence: medium, by the rule"; "Confidence: low, set by X: why; the rule
    gives high"."""
    rule = confidence.by_rule.value
    override = confidence.override
    if override is None:
        return f"Confidence: {rule}, by the rule"
    gives = f"the rule gives {rule}" + ("" if confidence.overridden else " too")
    return f"Confidence: {override.level.value}, set by {override.by}: {override.reason}; {gives}"


def item_file_text(item: EvidenceItem) -> str:
    """ "minutes.pdf · 3f2a9c1b0e4d" (empty: no file)."""
    if item.attachment is None:
        return ""
    return f"{item.attachment.name} · {item.attachment.sha256[:SHORT_HASH]}"


def item_text(item: EvidenceItem) -> str:
    """The item in one sentence, for screen readers and tooltips."""
    parts = [
        f"Evidence {item.id}",
        f"graded {item.grade} ({item.grade_words})",
        item.kind.label,
        f"“{item.title}”",
        f"from {item.source}",
        f"dated {display_date(item.date)}",
    ]
    if item.locator:
        parts.append(f"at {item.locator}")
    if item.attachment is not None:
        parts.append(f"file {item.attachment.name}, SHA-256 {item.attachment.sha256}")
    return ", ".join(parts)


def position_lines(session: DeskSession, ref: str) -> list[PositionLine]:
    """What each party says of its standing on the clause, set against ours."""
    row = session.rows.get(ref)
    lines = []
    for position in session.positions_of(ref):
        name = session.party_label(position.party)
        said = (
            f"{name} says {position.claimed.label.lower()} ({display_date(position.said_on)}, "
            f"{position.where}): “{position.claim}”"
        )
        dispute = session.dispute_of(ref, position.party)
        if dispute is not None:
            ours = _ours(session, row is not None and bool(row.state.parts), position.party)
            why = f": we assess {ours} {dispute.ours.label.lower()}, {levels_apart(dispute.levels)}"
            lines.append(PositionLine(said, "disputed", why))
        elif position.claimed in (Status.NOT_ASSESSED, Status.OVERTAKEN):
            lines.append(PositionLine(said, "off the ladder", ": it disputes nothing"))
        else:
            lines.append(PositionLine(said, "not in dispute"))
    return lines


def _ours(session: DeskSession, per_party: bool, party: str) -> str:
    return f"{possessive(session.party_label(party))} part" if per_party else "the clause"


# -- checks for the attach dialog ----------------------------------------------------------


def split_refs(text: str) -> list[str]:
    """ "SV-C3, SV-C4" as ["SV-C3", "SV-C4"]."""
    return [ref for ref in re.split(r"[\s,;]+", text.strip()) if ref]


def check_item(
    session: DeskSession, title: str, source: str, locator: str, grade: str, more: str, file: str
) -> dict[str, str]:
    """Each field of a new item the evidence service would refuse, with its own
    sentence, so that a dialog can say all of them at once beside their fields."""
    # The service's own checks (private there: they run again when the item is added).
    from vision_desk.domain.evidence import parse_grade
    from vision_desk.services.evidence import checked_line, read_attachment

    desk = session.require_desk()
    problems: dict[str, str] = {}
    checks = (
        ("title", lambda: checked_line(title, "title")),
        ("source", lambda: checked_line(source, "source")),
        ("locator", lambda: checked_line(locator, "locator") if locator.strip() else ""),
        ("grade", lambda: parse_grade(grade)),
        ("more", lambda: [desk.clause(ref, session.agreement.id) for ref in split_refs(more)]),
        ("file", lambda: read_attachment(Path(file).expanduser()) if file.strip() else None),
    )
    for field, check in checks:
        try:
            check()
        except UserError as refused:
            problems[field] = refused.message
    return problems


# -- changes --------------------------------------------------------------------------------


def _forget(session: DeskSession, *refs: str) -> None:
    """The clauses whose evidence was just added to: read again when next shown (the
    others' stays true: nothing recorded is ever changed)."""
    for ref in refs:
        session.evidence_cache.pop(ref, None)


def _current_ref(session: DeskSession) -> str:
    row = session.current_row()
    if row is None:
        raise UserError("Choose a clause first.")
    return row.clause.ref


def attach(session: DeskSession, new: NewItem, more: Sequence[str], file: Path | None) -> Repaint:
    """Record an item for the current clause and ``more``, with ``file`` kept."""
    from vision_desk.services.evidence import Evidence

    desk = session.writer()
    ref = _current_ref(session)
    item = Evidence(desk).add([ref, *more], new, file, session.agreement.id)
    _forget(session, *item.refs)
    kept = f"; file {item_file_text(item)}" if item.attachment is not None else ""
    return Repaint(
        evidence=True,
        message=f"Evidence {item.id} ({item.grade}) recorded for {', '.join(item.refs)}{kept}.",
    )


def citable(session: DeskSession) -> list[EvidenceItem]:
    """The agreement's items not yet cited for the current clause, newest first."""
    from vision_desk.services.evidence import Evidence

    ref = _current_ref(session)
    items = Evidence(session.require_desk()).all(session.agreement.id)
    return [item for item in reversed(items) if ref not in item.refs]


def cite(session: DeskSession, evidence_id: int) -> Repaint:
    from vision_desk.services.evidence import Evidence

    desk = session.writer()
    ref = _current_ref(session)
    added = Evidence(desk).cite(evidence_id, ref)
    _forget(session, ref)
    said = "now supports" if added else "already supported"
    return Repaint(evidence=added, message=f"Evidence {evidence_id} {said} {ref}.")


def override_confidence(session: DeskSession, level: Confidence | None, reason: str) -> Repaint:
    """The officer's own confidence in the current clause's assessment (None: back
    to the rule's), with the reason."""
    from vision_desk.services.evidence import Evidence

    desk = session.writer()
    ref = _current_ref(session)
    now = Evidence(desk).override_confidence(ref, level, reason, session.agreement.id)
    _forget(session, ref)
    return Repaint(evidence=True, message=f"{ref}: {confidence_text(now)}.")


def record_position(
    session: DeskSession, party: str, claimed: Status, claim: str, where: str, said_on: dt.date
) -> Repaint:
    """What ``party`` says of its standing on the current clause."""
    from vision_desk.services.evidence import Evidence

    desk = session.writer()
    ref = _current_ref(session)
    position = Evidence(desk).record_position(
        ref, party, claimed, claim, where, said_on, session.agreement.id
    )
    repaint = session.take_position(position)
    return repaint | Repaint(message=_recorded(session, position))


def _recorded(session: DeskSession, position: PartyPosition) -> str:
    name = session.party_label(position.party)
    said = f"{name} says {position.ref} is {position.claimed.label.lower()}"
    dispute = session.dispute_of(position.ref, position.party)
    if dispute is None:
        return f"Recorded: {said}; not in dispute."
    row = session.rows[position.ref]
    ours = _ours(session, bool(row.state.parts), position.party)
    return (
        f"Recorded: {said}; disputed: we assess {ours} {dispute.ours.label.lower()}, "
        f"{levels_apart(dispute.levels)}."
    )


def viewer_copy(session: DeskSession, evidence_id: int, folder: Path) -> Path:
    """The item's file, checked against its SHA-256 and written read-only to a
    private folder under ``folder``, for the system's viewer (never the stored
    bytes themselves)."""
    from vision_desk.services.evidence import Evidence

    return Evidence(session.require_desk()).write_for_viewer(evidence_id, folder)
