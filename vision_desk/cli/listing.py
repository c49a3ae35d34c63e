"""``vision-desk clauses``: the board as a list, filtered (status, overdue,
disputed, reciprocity), as a table or as JSON (a contract: add keys, never rename)."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from vision_desk.cli import render, text_io
from vision_desk.domain.party_status import party_summaries_on, reciprocity_on
from vision_desk.domain.rules import Flag
from vision_desk.domain.status import Status
from vision_desk.errors import UserError

if TYPE_CHECKING:
    from vision_desk.services.desk import Desk


def add_parser(
    commands: Any, date: Any, agreement_option: Callable[[argparse.ArgumentParser], None]
) -> None:
    clauses = commands.add_parser("clauses", help="list the clauses of an agreement")
    agreement_option(clauses)
    clauses.add_argument("--json", action="store_true", help="print JSON")
    clauses.add_argument("--as-of", type=date, metavar="DATE", help="review date (default: today)")
    clauses.add_argument("--status", metavar="S", help="only clauses with this status")
    clauses.add_argument("--overdue", action="store_true", help="only overdue clauses")
    clauses.add_argument(
        "--disputed",
        action="store_true",
        help="only the commitments on which a party's stated position differs from ours by a "
        "level or more (position record)",
    )
    clauses.add_argument(
        "--reciprocity",
        action="store_true",
        help="only the commitments assessed per party where one party has acted and another "
        "has not, with how many levels apart",
    )


def run(arguments: argparse.Namespace, desk: Desk, agreement_id: str) -> int:
    board = desk.board(arguments.as_of or dt.date.today(), agreement_id)
    rows = list(board.rows)
    if arguments.status:
        try:
            wanted = Status(arguments.status.strip().lower())
        except ValueError:
            raise UserError(
                f"'{arguments.status}' is not a status; see 'vision-desk set --help'."
            ) from None
        rows = [row for row in rows if row.status is wanted]
    if arguments.overdue:
        rows = [row for row in rows if Flag.OVERDUE in row.flags]
    agreement = board.agreement
    gaps = reciprocity_on(rows, agreement.parties) if arguments.reciprocity else ()
    if arguments.reciprocity:
        gapped = {gap.ref for gap in gaps}
        rows = [row for row in rows if row.clause.ref in gapped]
    disputes = _disputes(desk, board, rows) if arguments.disputed else ()
    if arguments.disputed:
        disputed = {dispute.row.clause.ref for dispute in disputes}
        rows = [row for row in rows if row.clause.ref in disputed]
        # Both filters asked for: the gaps of the clauses that are also disputed.
        gaps = tuple(gap for gap in gaps if gap.ref in disputed)
    by_party = party_summaries_on(board.rows, agreement.parties, board.as_of)
    if arguments.json:
        document = {
            "agreement": render.agreement_json(agreement),
            "as_of": board.as_of.isoformat(),
            "summary": render.summary_json(board.summary),
            # The index of each party, counted as the overall one is (null: nothing
            # counted yet); none for an agreement with a single party.
            "index_by_party": {
                party: None if summary.index_percent is None else float(summary.index_percent)
                for party, summary in by_party.items()
            },
            "clauses": [render.clause_json(row, agreement) for row in rows],
        }
        if arguments.reciprocity:
            document["reciprocity"] = [render.gap_json(gap, agreement) for gap in gaps]
        if arguments.disputed:
            document["disputes"] = [render.dispute_json(dispute) for dispute in disputes]
        text_io.print_json(document)
    elif arguments.disputed or arguments.reciprocity:
        if arguments.disputed:
            print("\n".join(render.dispute_text(d, agreement) for d in disputes) or _NO_DISPUTES)
        if arguments.reciprocity:
            print("\n".join(render.gap_text(gap, agreement) for gap in gaps) or _NO_GAPS)
    elif rows:
        print(render.clause_table(rows))
    else:
        print("No clause matches.")
    return 0


def _disputes(desk: Desk, board: Any, rows: list[Any]) -> tuple[Any, ...]:
    """The disputes among ``rows`` (the clauses the other filters kept)."""
    from vision_desk.domain.disputes import disputes, latest_positions
    from vision_desk.services.evidence import Evidence

    positions = Evidence(desk).positions(board.agreement.id)
    return disputes(rows, latest_positions(positions))


_NO_DISPUTES = "No party's stated position differs from ours."
_NO_GAPS = "No commitment assessed per party has one party ahead of another."
