"""Agreements in (import) and the officer's work out (JSON and CSV exports)."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from vision_desk import __version__
from vision_desk.domain.agreement import Agreement
from vision_desk.domain.agreement_file import load_agreement
from vision_desk.errors import AgreementFileError, UserError
from vision_desk.services.desk import Desk
from vision_desk.storage import agreements as agreement_store

# Characters a spreadsheet reads as the start of a formula (OWASP's CSV injection list).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def import_agreement(desk: Desk, path: Path, backup: bool = True) -> Agreement:
    """Validate the whole file, then store it in one transaction: all or nothing.
    A verified backup is made first (not for the store's very first agreements).
    Everything either version of the format says is kept (``storage.agreements``)."""
    agreement = load_agreement(path)
    if backup:
        desk.backup_before("import")
    with desk.store.write() as session:
        if agreement_store.has_agreement(session, agreement.id):
            raise AgreementFileError(
                f"{path.name}: the store already holds an agreement with id '{agreement.id}'; "
                "nothing was imported."
            )
        agreement_store.add_agreement(session, agreement, desk.clock(), desk.author)
    return agreement


def export_data(desk: Desk, as_of: dt.date, with_evidence: bool = True) -> dict[str, Any]:
    """Every agreement with its clauses, statuses, notes and history (and, unless
    ``with_evidence`` is False, its evidence with the files' bytes)."""
    agreements = []
    for agreement_id in desk.agreement_ids():
        board = desk.board(as_of, agreement_id)
        clauses = []
        for row in board.rows:
            ref = row.clause.ref
            clauses.append(
                {
                    "ref": ref,
                    "kind": row.clause.kind.value,
                    "strand": row.clause.strand,
                    "title": row.clause.title,
                    "status": row.status.value,
                    "score": row.score,
                    "flags": [flag.value for flag in row.flags],
                    "status_changed_at": _iso(row.state.changed_at),
                    "status_changed_by": row.state.changed_by,
                    # Assessed per party: each party's status (null: as a whole).
                    "parts": {part.party: part.status.value for part in row.state.parts} or None,
                    "notes": [
                        {
                            "id": note.id,
                            "author": note.author,
                            "created_at": _iso(note.created_at),
                            "edited_at": _iso(note.edited_at),
                            "text": note.text,
                            "party": note.party,
                        }
                        for note in (desk.notes(ref, agreement_id) if row.note_count else [])
                    ],
                    "history": [
                        {
                            "at": _iso(change.at),
                            "author": change.author,
                            "kind": change.kind.value,
                            "before": change.before,
                            "after": change.after,
                            "via": change.via,
                            "party": change.party,
                        }
                        for change in desk.history(ref, agreement_id)
                    ],
                }
            )
        agreement = board.agreement
        agreements.append(
            {
                "id": agreement.id,
                "title": agreement.title,
                "date": agreement.date.isoformat(),
                "clauses": clauses,
                # Every record of the agreement's events, oldest first: a date
                # recorded, corrected or taken back (null) is evidence.
                "events": [
                    {
                        "event": record.event_id,
                        "date": None if record.date is None else record.date.isoformat(),
                        "note": record.note,
                        "recorded_at": _iso(record.recorded_at),
                        "recorded_by": record.recorded_by,
                        "version": record.version,
                    }
                    for record in desk.event_history(agreement_id)
                ],
                **(evidence_export(desk, agreement_id) if with_evidence else {}),
            }
        )
    return {"vision_desk": __version__, "as_of": as_of.isoformat(), "agreements": agreements}


def evidence_export(desk: Desk, agreement_id: str) -> dict[str, Any]:
    """The agreement's evidence (each file's bytes in base64, checked against its
    hash as it is read), confidence overrides and stated positions: everything the
    store keeps of them, so that an export loses none of it."""
    from vision_desk.services.evidence import Evidence
    from vision_desk.services.evidence_json import confidence_json, item_json, position_json
    from vision_desk.storage.evidence import DamagedAttachmentError

    evidence = Evidence(desk)
    items = []
    for item in evidence.all(agreement_id):
        exported = item_json(item)
        if item.attachment is not None:
            try:
                _attachment, content = evidence.attachment(item.id)
            except DamagedAttachmentError as error:
                # Said in the export, beside the item, rather than losing the
                # whole export to one damaged file.
                exported["file"]["damaged"] = error.message
            else:
                exported["file"]["base64"] = base64.b64encode(content).decode("ascii")
        items.append(exported)
    return {
        "evidence": items,
        # The officer's standing overrides, by clause (the rule's level beside each).
        "confidence_overrides": {
            ref: confidence_json(standing) for ref, standing in evidence.overridden(agreement_id)
        },
        "positions": [position_json(position) for position in evidence.positions(agreement_id)],
    }


def export_csv(desk: Desk, as_of: dt.date) -> str:
    """One row per clause; cells that a spreadsheet would run as formulas are defused."""
    data = export_data(desk, as_of, with_evidence=False)  # a CSV carries no files
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    # "parts" last: the columns scripts already read keep their places.
    writer.writerow(
        [
            "agreement",
            "ref",
            "kind",
            "strand",
            "title",
            "status",
            "score",
            "flags",
            "notes",
            "parts",
        ]
    )
    for agreement in data["agreements"]:
        for clause in agreement["clauses"]:
            notes = "\n".join(
                f"[{note['created_at'][:10]} {note['author']}"
                + (f", about {note['party']}" if note["party"] else "")
                + f"] {note['text']}"
                for note in clause["notes"]
            )
            parts = clause["parts"] or {}
            row = [
                agreement["id"],
                clause["ref"],
                clause["kind"],
                clause["strand"],
                clause["title"],
                clause["status"],
                "" if clause["score"] is None else str(clause["score"]),
                " ".join(clause["flags"]),
                notes,
                "; ".join(f"{party}: {status}" for party, status in parts.items()),
            ]
            writer.writerow([spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue()


def spreadsheet_safe(cell: str) -> str:
    """Prefix a quote to cells a spreadsheet would treat as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename, so that a
    failure never leaves half a file behind."""
    folder = path.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise UserError(f"Cannot write to {folder}: {error.strerror or error}.") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise UserError(
            f"Cannot write {path}: {error.strerror or error}; nothing was written."
        ) from None


def to_json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()
