"""The one-page pre-meeting brief (``vision-desk brief``, and a key in the desk):
the agreement's index, what is overdue, what changed since the last closed round,
the disputes, and the next deadlines. Read-only: it never writes the store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from vision_desk.domain.memo import DEFAULT_CLASSIFICATION, BriefSnapshot
from vision_desk.domain.rounds import Round, diff_rounds
from vision_desk.domain.rules import Flag
from vision_desk.domain.status import Status
from vision_desk.paths import DataPaths, resources_dir
from vision_desk.services.desk import Desk
from vision_desk.services.memo_evidence import evidence_view
from vision_desk.services.output_paths import check_output_path, write_output
from vision_desk.services.rounds import Rounds
from vision_desk.storage import rounds as rounds_store


def build_brief(
    desk: Desk,
    as_of: dt.date,
    agreement_id: str | None = None,
    classification: str = DEFAULT_CLASSIFICATION,
) -> BriefSnapshot:
    board = desk.board(as_of, agreement_id)
    agreement = board.agreement
    rows = board.rows
    overdue = tuple(row for row in rows if Flag.OVERDUE in row.flags)
    # The deadlines still ahead, soonest first (a clause done is not waited on).
    # The deadlines still ahead, soonest first, then in document order (a clause
    # done is not waited on).
    ahead = [
        (row.due.latest, position, row)
        for position, row in enumerate(rows)
        if row.due is not None
        and row.due.latest >= as_of
        and Flag.OVERDUE not in row.flags
        and row.status not in (Status.COMPLETED, Status.OVERTAKEN)
    ]
    upcoming = tuple(row for _, _, row in sorted(ahead, key=lambda found: found[:2]))
    with desk.store.read() as session:
        closed = rounds_store.closed_rounds(session, agreement.id)
    changes = since = None
    if closed:
        last = closed[-1]
        rounds = Rounds(desk)
        with desk.store.read() as session:
            then = rounds_store.record_statuses(session, last.id)
        now = Round(0, agreement.id, "now", as_of, desk.clock(), desk.author)
        difference = diff_rounds(
            agreement.clauses,
            last,
            then,
            now,
            {row.clause.ref: row.status for row in rows},
            rounds.event_dates_of(last),
            board.event_dates,
        )
        changes = tuple(row for row in difference.rows if row.changed)
        since = last.title
    return BriefSnapshot(
        agreement,
        as_of,
        board.summary,
        overdue,
        changes,
        since,
        evidence_view(desk, agreement.id, rows).disputes,
        upcoming,
        classification,
    )


def render(snapshot: BriefSnapshot) -> bytes:
    """The brief's one page (reportlab, in ``export/``), with the shipped fonts."""
    from vision_desk.export.brief import render_brief  # reportlab loads only when needed

    return render_brief(snapshot, resources_dir() / "fonts")


def write_brief(snapshot: BriefSnapshot, out: Path, data_paths: DataPaths) -> Path:
    """Render and write atomically, the path checked before the drawing."""
    target = check_output_path(out, data_paths)
    write_output(target, render(snapshot), data_paths)
    return target
