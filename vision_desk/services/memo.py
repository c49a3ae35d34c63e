"""The review memo: a snapshot of what it reports, fixed at one moment, then a PDF.

The snapshot is read in one go (one read transaction per part, all before any
drawing), so the renderer works from immutable data and can run off the window's
thread. A closed round's memo reports exactly what the round recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from vision_desk.domain.memo import MemoClause, MemoOptions, MemoSnapshot, RoundChanges, RoundInfo
from vision_desk.domain.review import BoardRow, ClauseState, Note, PartyAssessment
from vision_desk.domain.rounds import Round, RoundRecord
from vision_desk.domain.rules import summarise
from vision_desk.errors import UserError
from vision_desk.paths import DataPaths, resources_dir
from vision_desk.services.desk import Desk
from vision_desk.services.memo_evidence import evidence_view
from vision_desk.services.output_paths import check_output_path, write_output
from vision_desk.services.rounds import Rounds
from vision_desk.services.signoff import SignOffs
from vision_desk.storage import rounds as rounds_store


def build_snapshot(
    desk: Desk,
    options: MemoOptions,
    round_id: int | None = None,
    as_of: dt.date | None = None,
    agreement_id: str | None = None,
) -> MemoSnapshot:
    """What the memo will say. With ``round_id`` (or, by default, the last closed
    round) it reports that round's record; with ``as_of`` the live board as of that
    date, marked provisional."""
    rounds = Rounds(desk)
    if round_id is not None and as_of is not None:
        raise UserError("Choose a round or an as-of date for the memo, not both.")
    if round_id is None and as_of is None:
        closed = [round_ for round_ in rounds.all(agreement_id) if not round_.is_open]
        if closed:
            round_id = closed[-1].id
        else:
            as_of = options.date
    if round_id is not None:
        return _round_snapshot(desk, rounds, rounds.get(round_id), options)
    assert as_of is not None
    board = desk.board(as_of, agreement_id)
    view = evidence_view(desk, board.agreement.id, board.rows)
    clauses = []
    for row in board.rows:
        notes = tuple(desk.notes(row.clause.ref, board.agreement.id)) if row.note_count else ()
        clauses.append(
            MemoClause(
                row,
                notes,
                parts=with_notes(row.state.parts, notes),
                evidence=view.items.get(row.clause.ref, ()),
                confidence=view.confidence.get(row.clause.ref),
            )
        )
    return MemoSnapshot(
        board.agreement, as_of, board.summary, tuple(clauses), options, disputes=view.disputes
    )


def with_notes(
    parts: tuple[PartyAssessment, ...], notes: tuple[Note, ...]
) -> tuple[PartyAssessment, ...]:
    """Each party's part with the words of the latest note about it (notes come
    oldest first), as the memo's table per party prints them."""
    latest = {note.party: note.text for note in notes if note.party is not None}
    return tuple(replace(part, note=latest.get(part.party, "")) for part in parts)


def _round_snapshot(
    desk: Desk, rounds: Rounds, round_: Round, options: MemoOptions
) -> MemoSnapshot:
    if round_.is_open:
        raise UserError(
            f"Round {round_.id} '{round_.title}' is still open; close it first, or make a "
            "provisional memo with an as-of date."
        )
    report = rounds.report(round_.id)
    stored = desk.stored(round_.agreement_id)
    records = {record.ref: record for record in report.records}
    closed_at = round_.closed_at
    assert closed_at is not None
    # The event dates the round knew when it closed, as its board showed them.
    dates = rounds.event_dates_of(round_)
    clauses = []
    for clause in stored.agreement.clauses:
        record = records.get(clause.ref) or RoundRecord(clause.ref, ClauseState().status, True)
        row = BoardRow(
            clause,
            ClauseState(record.status, record.assessed_at, record.assessed_by, parts=record.parts),
            round_.as_of,
            event_dates=dates,
        )
        # Only what existed when the round closed: a later note is not in its memo.
        notes = tuple(
            note
            for note in desk.notes(clause.ref, stored.agreement.id)
            if note.created_at <= closed_at
        )
        clauses.append(
            MemoClause(
                row,
                notes,
                _rationale(clause.ref, record),
                record.carried_over,
                with_notes(record.parts, notes),
            )
        )
    rows = [memo_clause.row for memo_clause in clauses]
    # The evidence its record sealed, and what was recorded before it closed.
    view = evidence_view(desk, stored.agreement.id, rows, closed_at, records)
    clauses = [
        replace(
            memo_clause,
            evidence=view.items.get(memo_clause.row.clause.ref, ()),
            confidence=view.confidence.get(memo_clause.row.clause.ref),
        )
        for memo_clause in clauses
    ]
    summary = summarise(((row.clause, row.status) for row in rows), round_.as_of, dates)
    sign_off = SignOffs(desk).of(round_.id)
    info = RoundInfo(
        round_.id,
        round_.title,
        round_.as_of,
        round_.opened_at,
        closed_at,
        round_.content_hash,
        sign_off,
        # From the steps themselves, not this store's kind: a copy pulled from a
        # team desk keeps the server's checks, a pushed file its officer's own steps.
        sign_off.taken_on_own_store,
    )
    return MemoSnapshot(
        stored.agreement,
        round_.as_of,
        summary,
        tuple(clauses),
        options,
        info,
        _changes(desk, rounds, round_),
        disputes=view.disputes,
    )


def _rationale(ref: str, record: RoundRecord) -> Note | None:
    if not record.rationale or record.assessed_at is None:
        return None
    return Note(0, ref, record.assessed_by or "", record.assessed_at, record.rationale)


def _changes(desk: Desk, rounds: Rounds, round_: Round) -> RoundChanges | None:
    """What changed since the round closed before this one, if any."""
    with desk.store.read() as session:
        closed = rounds_store.closed_rounds(session, round_.agreement_id)
    # Ids give the order rounds were held in (one is open at a time), whatever the clock said.
    earlier = [candidate for candidate in closed if candidate.id < round_.id]
    if not earlier:
        return None
    previous = earlier[-1]
    difference = rounds.diff(previous.id, round_.id)
    return RoundChanges(previous.title, previous.as_of, difference.rows)


def render(snapshot: MemoSnapshot) -> bytes:
    """The memo's PDF bytes (reportlab, in ``export/``), with the shipped fonts."""
    from vision_desk.export.memo import render_memo  # reportlab loads only when needed

    return render_memo(snapshot, resources_dir() / "fonts")


def write_memo(snapshot: MemoSnapshot, out: Path, data_paths: DataPaths) -> Path:
    """Render and write atomically: a failure leaves no half-written file. Where it
    goes is checked before the drawing, so a refused path costs nothing."""
    target = check_output_path(out, data_paths)
    write_output(target, render(snapshot), data_paths)
    return target
