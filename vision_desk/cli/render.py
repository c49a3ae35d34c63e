"""How the command line shows clauses, notes and history: as text, or as JSON.

The JSON shapes are a contract that scripts rely on; add keys, never rename them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from vision_desk.domain.agreement import Agreement, Clause
from vision_desk.domain.deadlines import ResolvedDeadline, resolve_clause
from vision_desk.domain.disputes import Dispute
from vision_desk.domain.party_status import ReciprocityGap, split_status
from vision_desk.domain.review import BoardRow, Change, Note
from vision_desk.domain.rules import COUNTED_WORDS, Summary


def agreement_json(agreement: Agreement) -> dict[str, Any]:
    return {
        "id": agreement.id,
        "title": agreement.title,
        "short_title": agreement.short_title,
        "parties": list(agreement.parties),
        "place": agreement.place,
        "date": agreement.date.isoformat(),
        "source": agreement.source,
        # Each party as the file names it (for a version-1 file, the built-in name,
        # as the desk shows it), and the events deadlines may count from.
        "party_names": [_party_json(agreement, code) for code in agreement.parties],
        "events": [{"id": event.id, "label": event.label} for event in agreement.events],
    }


def _party_json(agreement: Agreement, code: str) -> dict[str, Any]:
    party = agreement.party(code)
    return {
        "code": party.code,
        "name": party.name,
        "short_name": party.short_name,
        "kind": party.kind.value,
        "names": dict(party.names),
    }


def clause_json(row: BoardRow, agreement: Agreement | None = None) -> dict[str, Any]:
    """``due`` is the deadline measured against: the clause's own, or the day its
    deadline counted from an event falls on once the event is dated (null while it
    waits); ``deadline`` says which, with the rule."""
    clause = row.clause
    due = row.due
    return {
        "ref": clause.ref,
        "numbering": clause.numbering,
        "kind": clause.kind.value,
        "strand": clause.strand,
        "parties": list(clause.parties),
        "title": clause.title,
        "text": clause.text,
        "quotes": list(clause.quotes),
        "due": None
        if due is None
        else {
            "label": due.label,
            "earliest": due.earliest.isoformat(),
            "latest": due.latest.isoformat(),
            "precision": due.precision.value,
        },
        "status": row.status.value,
        "score": row.score,
        "flags": [flag.value for flag in row.flags],
        "days_left": row.days_left,
        "provenance": {"source": clause.provenance.source, "locator": clause.provenance.locator},
        "see_also": list(clause.see_also),
        "note_count": row.note_count,
        "status_changed_at": _iso(row.state.changed_at),
        "status_changed_by": row.state.changed_by,
        "status_version": row.state.version,
        "deadline": deadline_json(row, agreement),
        "parts": parts_json(row, agreement),
        "texts": [
            {"lang": text.language, "text": text.text, "authoritative": text.authoritative}
            for text in clause.texts
        ],
    }


def parts_json(row: BoardRow, agreement: Agreement | None) -> dict[str, Any] | None:
    """A clause assessed per party: each party's part in the clause's order, and the
    parties whose part the overall ``status`` is (null: assessed as a whole)."""
    if not row.state.parts:
        return None
    split = split_status(row.clause, row.state.parts)
    return {
        "parties": [
            {
                "party": part.party,
                "name": agreement.party_name(part.party) if agreement else part.party,
                "status": part.status.value,
            }
            for part in split.parts
        ],
        "decided_by": list(split.decided_by),
    }


def gap_json(gap: ReciprocityGap, agreement: Agreement) -> dict[str, Any]:
    return {
        "ref": gap.ref,
        "ahead": {"party": gap.ahead, "name": agreement.party_name(gap.ahead)},
        "ahead_status": gap.ahead_status.value,
        "behind": {"party": gap.behind, "name": agreement.party_name(gap.behind)},
        "behind_status": gap.behind_status.value,
        "levels": gap.levels,
    }


def gap_text(gap: ReciprocityGap, agreement: Agreement) -> str:
    """ "SV-C1  Afghanistan (advanced) ahead of Pakistan (not started) by 2 levels"."""
    levels = "1 level" if gap.levels == 1 else f"{gap.levels} levels"
    return (
        f"{gap.ref}  {agreement.party(gap.ahead).display_name} ({gap.ahead_status.label.lower()}) "
        f"ahead of {agreement.party(gap.behind).display_name} "
        f"({gap.behind_status.label.lower()}) by {levels}"
    )


def dispute_json(dispute: Dispute) -> dict[str, Any]:
    position = dispute.position
    return {
        "ref": dispute.row.clause.ref,
        "party": position.party,
        "claimed": position.claimed.value,
        "ours": dispute.ours.value,
        "levels": dispute.levels,
        "claim": position.claim,
        "where": position.where,
        "said_on": position.said_on.isoformat(),
    }


def dispute_text(dispute: Dispute, agreement: Agreement) -> str:
    """ "SV-C1  Pakistan says completed, we assess initiated (2 levels apart): …"."""
    position = dispute.position
    apart = "1 level" if abs(dispute.levels) == 1 else f"{abs(dispute.levels)} levels"
    return (
        f"{dispute.row.clause.ref}  {agreement.party(position.party).display_name} says "
        f"{position.claimed.label.lower()}, we assess {dispute.ours.label.lower()} ({apart} "
        f"apart): “{position.claim}” ({position.where}, {position.said_on})"
    )


def show_json(row: BoardRow, notes: list[Note], agreement: Agreement) -> dict[str, Any]:
    """``show --json``: the clause, as ``clauses --json`` has it, and its notes."""
    return {**clause_json(row, agreement), "notes": [note_json(note) for note in notes]}


def deadline_json(row: BoardRow, agreement: Agreement | None) -> dict[str, Any] | None:
    """The clause's deadline as the file words it: dated, or counted from an event
    with its rule and the day it gives (or ``waiting`` until the event is dated)."""
    clause = row.clause
    if clause.due is not None:
        due = clause.due
        return {
            "kind": "dated",
            "label": due.label,
            "earliest": due.earliest.isoformat(),
            "latest": due.latest.isoformat(),
            "precision": due.precision.value,
        }
    resolved = _resolved(row, agreement)
    if resolved is None:
        return None
    relative = resolved.relative
    return {
        "kind": "relative",
        "label": relative.label,
        "after": relative.anchor,
        "after_label": resolved.anchor_label,
        "amount": relative.amount,
        "unit": relative.unit.value,
        "event_date": _day(resolved.anchor_date),
        "date": _day(resolved.date),
        "waiting": resolved.waiting,
        "rule": resolved.rule,
        "text": resolved.text,
    }


def _resolved(row: BoardRow, agreement: Agreement | None) -> ResolvedDeadline | None:
    clause = row.clause
    if clause.relative_due is None:
        return None
    if agreement is None:  # the event named by its id where no agreement is at hand
        agreement = Agreement("", "", "", (), "", row.as_of, "", ())
    return resolve_clause(agreement, clause, row.event_dates, row.as_of)


def _day(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def summary_json(summary: Summary) -> dict[str, Any]:
    return {
        "as_of": summary.as_of.isoformat(),
        "commitments": {status.value: count for status, count in summary.commitment_counts.items()},
        # As printed: whole percents, or one decimal where whole ones cannot keep
        # equal counts equal (``summary.share_decimals``).
        "shares_percent": {
            status.value: int(share) if summary.share_decimals == 0 else float(share)
            for status, share in summary.commitment_shares.items()
        },
        "principles": {status.value: count for status, count in summary.principle_counts.items()},
        # The printed figure (one decimal, halves up), as a number: the desk and the
        # memo show the same. Never ``round(float)``, which rounds 6.25 down to 6.2.
        "implementation_index": None
        if summary.index_percent is None
        else float(summary.index_percent),
        "overdue": list(summary.overdue),
        "due_soon": list(summary.due_soon),
        "counted": COUNTED_WORDS,
    }


def note_json(note: Note) -> dict[str, Any]:
    return {
        "id": note.id,
        "author": note.author,
        "time": note.created_at.isoformat(),
        "edited": _iso(note.edited_at),
        "text": note.text,
        "revisions": len(note.revisions),
        "party": note.party,
    }


def change_json(change: Change) -> dict[str, Any]:
    return {
        "id": change.id,
        "at": change.at.isoformat(),
        "author": change.author,
        "kind": change.kind.value,
        "before": change.before,
        "after": change.after,
        "via": change.via,
        "party": change.party,
    }


def clause_table(rows: list[BoardRow]) -> str:
    lines = []
    width = max((len(row.clause.ref) for row in rows), default=3)
    for row in rows:
        flag = (
            "OVERDUE"
            if row.flags and row.flags[0].value == "overdue"
            else ("due soon" if row.flags else "")
        )
        due = (
            row.due.latest.isoformat()
            if row.due
            else ("waiting" if row.clause.has_deadline else "-")
        )
        lines.append(
            f"{row.clause.ref:<{width}}  {row.clause.kind.value:<10}  {row.status.value:<12}  "
            f"{due:<10}  {flag:<8}  {row.clause.title}"
        )
    return "\n".join(lines)


def clause_text(row: BoardRow, notes: list[Note], agreement: Agreement | None = None) -> str:
    clause: Clause = row.clause
    numbering = f"  ({clause.numbering})" if clause.numbering else ""
    lines = [
        f"{clause.ref}{numbering}  {clause.title}",
        f"{clause.kind.value}, {clause.strand}; binds {', '.join(clause.parties)}",
        f"Status: {row.status.label}"
        + (
            f" (set by {row.state.changed_by}, {_when(row.state.changed_at)})"
            if row.state.changed_at
            else ""
        ),
    ]
    if row.state.parts:
        split = split_status(clause, row.state.parts)
        held = ", ".join(_name(agreement, code) for code in split.decided_by)
        lines[-1] += f"; from its parts, held there by {held}"
        lines += [f"  {_name(agreement, p.party)}: {p.status.label}" for p in split.parts]
    left = row.days_left
    timing = f"{left} days left" if left is not None and left >= 0 else f"{-(left or 0)} days past"
    overdue = " — OVERDUE" if row.flags and row.flags[0].value == "overdue" else ""
    resolved = _resolved(row, agreement)
    if clause.due:
        lines.append(
            f"Deadline: {clause.due.label} ({clause.due.earliest} to {clause.due.latest}, "
            f"{clause.due.precision.value}); {timing}{overdue}"
        )
    elif resolved is not None:
        # "Within three weeks of the start of the talks; 3 weeks after the start of
        # the talks (1 March 2020): 22 March 2020; 10 days past", or "…; waiting on …".
        lines.append(
            f"Deadline: {resolved.relative.label}; {resolved.text}"
            + ("" if resolved.waiting else f"; {timing}{overdue}")
        )
    lines += ["", clause.text]
    for quote in clause.quotes:
        lines.append(f"  “{quote}”")
    for text in clause.texts:
        prevails = ", authoritative" if text.authoritative else ""
        lines.append(f"[{text.language}{prevails}] {text.text}")
    lines.append(f"Source: {clause.provenance.source}, {clause.provenance.locator}")
    lines.append("")
    lines.append(f"Notes ({len(notes)}):" if notes else "No notes.")
    for note in notes:
        edited = f", edited {_when(note.edited_at)}" if note.edited_at else ""
        about = f", about {_name(agreement, note.party)}" if note.party else ""
        lines.append(f"[{note.id}] {note.author}, {_when(note.created_at)}{edited}{about}")
        lines.extend("    " + line for line in note.text.split("\n"))
    return "\n".join(lines)


def history_text(changes: list[Change]) -> str:
    if not changes:
        return "No changes yet."
    lines = []
    for change in changes:
        via = f" ({change.via})" if change.via else ""
        lines.append(f"{_when(change.at)}  {change.author}  {change.describe()}{via}")
    return "\n".join(lines)


def _name(agreement: Agreement | None, code: str) -> str:
    return agreement.party(code).display_name if agreement else code


def _when(value: dt.datetime | None) -> str:
    if value is None:
        return "-"
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()
