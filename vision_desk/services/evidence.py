"""The officer's evidence: items graded on the Admiralty scale and cited for
clauses, files kept with them, an assessment's confidence and its override, and
the parties' stated positions (docs/evidence.md). Each change is one transaction.

Evidence is append-only: nothing here changes or removes what was recorded, and
undo does not reach it. A mistaken item is corrected by recording a new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from vision_desk.domain.agreement import Agreement, Clause
from vision_desk.domain.attachments import (
    MAX_BYTES,
    checked_content,
    checked_name,
    checked_size,
)
from vision_desk.domain.disputes import Dispute, PartyPosition, disputes, latest_positions
from vision_desk.domain.evidence import (
    Attachment,
    ClauseConfidence,
    Confidence,
    EvidenceItem,
    EvidenceKind,
    clause_confidence,
    parse_grade,
)
from vision_desk.domain.note_text import checked_note_text
from vision_desk.domain.party_status import find_party
from vision_desk.domain.status import Status, parse_status
from vision_desk.errors import NotFoundError, UserError
from vision_desk.services.desk import Desk
from vision_desk.storage import evidence as evidence_store
from vision_desk.storage import review as review_store


@dataclass(frozen=True, slots=True)
class NewItem:
    """What the officer says of an item: what it is and how far it can be trusted."""

    kind: EvidenceKind | str
    title: str
    source: str
    date: dt.date
    grade: str  # "B2": the source's reliability, the information's credibility
    locator: str = ""


def checked_line(text: str, what: str, of: str = "An item of evidence") -> str:
    """A one-line field (title, source, locator; a position's claim and place) as a
    note's text is checked, and on one line: a line break in a title would break
    the lists that show it."""
    if not text.strip():
        raise UserError(f"{of} needs its {what}; nothing was recorded.")
    checked = checked_note_text(text).strip()
    if "\n" in checked or "\r" in checked:
        raise UserError(f"The {what} must be on one line; nothing was recorded.")
    return checked


class Evidence:
    """Evidence on ``desk``'s store, signed by its officer."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    # -- items ----------------------------------------------------------------------

    def add(
        self,
        refs: Sequence[str],
        new: NewItem,
        file: Path | None = None,
        agreement_id: str | None = None,
    ) -> EvidenceItem:
        """Record an item for the clauses ``refs`` (at least one), with ``file`` kept
        in the store when given. Everything is checked before anything is written."""
        if not refs:
            raise UserError("Name at least one clause the evidence supports.")
        stored = self.desk.stored(agreement_id)
        clauses = [self.desk.clause(ref, stored.agreement.id) for ref in refs]
        kind = new.kind if isinstance(new.kind, EvidenceKind) else _kind(new.kind)
        reliability, credibility = parse_grade(new.grade)
        title, source = checked_line(new.title, "title"), checked_line(new.source, "source")
        locator = checked_line(new.locator, "locator") if new.locator.strip() else ""
        attachment, content = (None, b"") if file is None else read_attachment(file)
        now = self.desk.clock()
        item = EvidenceItem(
            0, kind, title, source, new.date, locator, reliability, credibility, now,
            self.desk.author, attachment,
        )  # fmt: skip
        with self.desk.store.write() as session:
            review_store.lock_rounds(session, stored.agreement.id, exclusive=False)
            if attachment is not None:
                evidence_store.put_file(session, content)
            evidence_id = evidence_store.add_item(session, stored.agreement.id, item)
            # In one order, whatever order they were named in: two officers citing
            # the same clauses never wait on each other in a circle.
            for clause_id in sorted({stored.clause_ids[clause.ref] for clause in clauses}):
                review_store.lock_clause(session, clause_id)
                evidence_store.link(session, evidence_id, clause_id, now, self.desk.author)
            found = evidence_store.item(session, evidence_id)
        assert found is not None
        return found

    def cite(self, evidence_id: int, ref: str) -> bool:
        """Cite a recorded item for one more clause; False when it already was."""
        stored = self._agreement_of(evidence_id)
        clause = self.desk.clause(ref, stored)
        clause_id = self.desk.stored(stored).clause_ids[clause.ref]
        with self.desk.store.write() as session:
            review_store.lock_rounds(session, stored, exclusive=False)
            review_store.lock_clause(session, clause_id)
            return evidence_store.link(
                session, evidence_id, clause_id, self.desk.clock(), self.desk.author
            )

    def of_clause(self, ref: str, agreement_id: str | None = None) -> list[EvidenceItem]:
        stored = self.desk.stored(agreement_id)
        clause = self.desk.clause(ref, stored.agreement.id)
        with self.desk.store.read() as session:
            return evidence_store.items(
                session, stored.agreement.id, [stored.clause_ids[clause.ref]]
            )

    def all(self, agreement_id: str | None = None) -> list[EvidenceItem]:
        stored = self.desk.stored(agreement_id)
        with self.desk.store.read() as session:
            return evidence_store.items(session, stored.agreement.id)

    def get(self, evidence_id: int) -> EvidenceItem:
        with self.desk.store.read() as session:
            found = evidence_store.item(session, evidence_id)
        if found is None:
            raise NotFoundError(
                f"There is no evidence item {evidence_id}; 'vision-desk evidence list REF' "
                "shows a clause's."
            )
        return found

    def attachment(self, evidence_id: int) -> tuple[Attachment, bytes]:
        """The item's file and its bytes, checked against the SHA-256 it was kept
        under (``DamagedAttachmentError`` when they no longer match)."""
        item = self.get(evidence_id)
        if item.attachment is None:
            raise UserError(f"Evidence item {evidence_id} has no file.")
        with self.desk.store.read() as session:
            content = evidence_store.file_content(session, item.attachment.sha256)
        return item.attachment, content

    def write_for_viewer(self, evidence_id: int, folder: Path) -> Path:
        """The item's file, checked, written read-only to a private folder of its own
        under ``folder`` (``DataPaths.viewer_copies``) and its checked name, for the
        system's viewer to open on the officer's request. Vision Desk itself never
        opens or runs it. Copies older than a day are removed first: the viewer has
        long opened them, and the officer's files do not pile up."""
        attachment, content = self.attachment(evidence_id)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        remove_old_copies(folder, time.time())
        private = Path(tempfile.mkdtemp(prefix="evidence-", dir=folder))
        path = private / checked_name(attachment.name)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o400)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
        return path

    def damaged(self) -> list[str]:
        """The kept files whose bytes no longer match their hash."""
        with self.desk.store.read() as session:
            return evidence_store.damaged_files(session)

    # -- confidence ---------------------------------------------------------------------

    def confidence(self, ref: str, agreement_id: str | None = None) -> ClauseConfidence:
        stored = self.desk.stored(agreement_id)
        clause = self.desk.clause(ref, stored.agreement.id)
        clause_id = stored.clause_ids[clause.ref]
        with self.desk.store.read() as session:
            items = evidence_store.items(session, stored.agreement.id, [clause_id])
            override = evidence_store.overrides(session, [clause_id]).get(clause_id)
        return clause_confidence(items, override)

    def override_confidence(
        self,
        ref: str,
        level: Confidence | str | None,
        reason: str,
        agreement_id: str | None = None,
    ) -> ClauseConfidence:
        """Set the officer's own confidence over the rule's, with the reason (None:
        back to the rule's, also with a reason)."""
        stored = self.desk.stored(agreement_id)
        clause = self.desk.clause(ref, stored.agreement.id)
        chosen = level if level is None or isinstance(level, Confidence) else _confidence(level)
        why = checked_note_text(reason).strip()
        clause_id = stored.clause_ids[clause.ref]
        with self.desk.store.write() as session:
            review_store.lock_clause(session, clause_id)
            if chosen is None and clause_id not in evidence_store.overrides(session, [clause_id]):
                raise UserError(
                    f"{clause.ref}'s confidence is the rule's already; nothing to undo."
                )
            evidence_store.add_override(
                session, clause_id, chosen, why, self.desk.clock(), self.desk.author
            )
        return self.confidence(clause.ref, stored.agreement.id)

    def overridden(self, agreement_id: str | None = None) -> list[tuple[str, ClauseConfidence]]:
        """The clauses whose confidence the officer overrides, in document order,
        each with its confidence (read in two queries, however many clauses)."""
        stored = self.desk.stored(agreement_id)
        with self.desk.store.read() as session:
            overrides = evidence_store.overrides(session, None)
            items = evidence_store.items(session, stored.agreement.id)
        found = []
        for clause in stored.agreement.clauses:
            override = overrides.get(stored.clause_ids[clause.ref])
            if override is not None:
                cited = [item for item in items if clause.ref in item.refs]
                found.append((clause.ref, clause_confidence(cited, override)))
        return found

    # -- stated positions ------------------------------------------------------------------

    def record_position(
        self,
        ref: str,
        party: str,
        claimed: Status | str,
        claim: str,
        where: str,
        said_on: dt.date,
        agreement_id: str | None = None,
    ) -> PartyPosition:
        """Record what ``party`` says of its own standing on the clause."""
        stored = self.desk.stored(agreement_id)
        clause = self.desk.clause(ref, stored.agreement.id)
        code = _party_of(stored.agreement, clause, party)
        status = claimed if isinstance(claimed, Status) else parse_status(claimed, clause)
        position = PartyPosition(
            0, clause.ref, code, status, checked_line(claim, "claim", "A stated position"),
            checked_line(where, "place", "A stated position"),
            said_on, self.desk.clock(), self.desk.author,
        )  # fmt: skip
        clause_id = stored.clause_ids[clause.ref]
        with self.desk.store.write() as session:
            review_store.lock_clause(session, clause_id)
            position_id = evidence_store.add_position(session, clause_id, position)
        return replace(position, id=position_id)

    def positions(self, agreement_id: str | None = None) -> list[PartyPosition]:
        stored = self.desk.stored(agreement_id)
        with self.desk.store.read() as session:
            return evidence_store.positions(session, stored.agreement.id)

    def disputes(self, as_of: dt.date, agreement_id: str | None = None) -> tuple[Dispute, ...]:
        """The clauses where a party's latest stated position differs from ours."""
        board = self.desk.board(as_of, agreement_id)
        return disputes(board.rows, latest_positions(self.positions(board.agreement.id)))

    def _agreement_of(self, evidence_id: int) -> str:
        with self.desk.store.read() as session:
            found = evidence_store.item_agreement(session, evidence_id)
        if found is None:
            raise NotFoundError(f"There is no evidence item {evidence_id}.")
        return found


# How long a checked copy for the viewer is kept (``write_for_viewer``), in seconds.
VIEWER_COPY_KEPT = 24 * 60 * 60


def remove_old_copies(folder: Path, now: float) -> None:
    """Remove the viewer's copies in ``folder`` written before ``now`` (the file
    system's clock, ``time.time()``) less ``VIEWER_COPY_KEPT``; one that cannot be
    removed now (a viewer holding it open on Windows) is left for the next time."""
    cutoff = now - VIEWER_COPY_KEPT
    for private in folder.glob("evidence-*"):
        try:
            if private.is_dir() and private.stat().st_mtime < cutoff:
                for copy in private.iterdir():
                    copy.chmod(0o600)  # written read-only: writable again to remove
                    copy.unlink()
                private.rmdir()
        except OSError:
            continue


def read_attachment(file: Path) -> tuple[Attachment, bytes]:
    """The file's bytes, checked before anything is kept: its name, its size (from
    the file system, before reading: a 200 MB file is refused without reading it),
    and that its contents are what its name says."""
    name = checked_name(file.name)
    try:
        # One opening, its size from the open file, and never more read than the
        # limit allows: a file that grows meanwhile is refused, not read whole.
        with file.open("rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise UserError(f"'{file}' is not an ordinary file; give the file itself.")
            checked_size(name, status.st_size)
            content = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise UserError(f"There is no file '{file}'.") from None
    except IsADirectoryError:
        raise UserError(f"'{file}' is a folder, not a file.") from None
    except OSError as error:
        raise UserError(f"'{file}' could not be read: {error.strerror}.") from None
    media_type = checked_content(name, content)
    return Attachment(name, media_type, len(content), hashlib.sha256(content).hexdigest()), content


def _kind(text: str) -> EvidenceKind:
    wanted = text.strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return EvidenceKind(wanted)
    except ValueError:
        kinds = ", ".join(kind.value for kind in EvidenceKind)
        raise UserError(f"'{text}' is not a kind of evidence; one of: {kinds}.") from None


def _confidence(text: str) -> Confidence:
    try:
        return Confidence(text.strip().lower())
    except ValueError:
        raise UserError(f"'{text}' is not a confidence; one of: high, medium, low.") from None


def _party_of(agreement: Agreement, clause: Clause, party: str) -> str:
    """The party a position is of: any the clause binds (one alone, too)."""
    if len(clause.parties) == 1 and party.strip():
        code = clause.parties[0]
        names = {code.casefold(), agreement.party_name(code).casefold()}
        if party.strip().casefold() in names:
            return code
    return find_party(agreement, clause, party)
