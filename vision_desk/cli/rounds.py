"""``vision-desk round ...``: open, close, review, approve, list, show and compare
review rounds.

The JSON shapes are a contract: add keys, never rename them.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from vision_desk.cli import signoff as cli_signoff
from vision_desk.domain.rounds import DIFF_LISTS, Round, RoundDiff, RoundRecord
from vision_desk.domain.signoff import SignOff
from vision_desk.errors import UserError

if TYPE_CHECKING:
    from vision_desk.services.desk import Desk
    from vision_desk.services.rounds import DueItem


def add_parser(commands: Any, date: Any) -> None:
    """Add ``round`` and its subcommands to the program's parser."""
    round_ = commands.add_parser(
        "round", help="review rounds: open, close, review, approve, list, show, diff"
    )
    verbs = round_.add_subparsers(dest="round_command", metavar="ACTION", required=True)
    opening = verbs.add_parser("open", help="open a round")
    opening.add_argument("title")
    opening.add_argument(
        "--as-of",
        type=date,
        metavar="DATE",
        help="the date the review speaks for (default: today)",
    )
    closing = verbs.add_parser(
        "close",
        help="close the open round, submitting it for review; says what it sealed and "
        "prints its content hash",
    )
    signing = cli_signoff.add_steps(verbs)
    listing = verbs.add_parser("list", help="the rounds of the agreement")
    listing.add_argument("--json", action="store_true")
    showing = verbs.add_parser("show", help="one round and what it recorded")
    showing.add_argument("id", type=int)
    showing.add_argument("--json", action="store_true")
    diffing = verbs.add_parser(
        "diff", help="what changed between two closed rounds (default: the last two)"
    )
    diffing.add_argument("ids", type=int, nargs="*", metavar="ID")
    diffing.add_argument("--json", action="store_true")
    due = commands.add_parser(
        "due",
        help="the clauses due for review, with their titles and why: never assessed, or "
        "last assessed longer ago than their cadence",
    )
    due.add_argument("--as-of", type=date, metavar="DATE", help="the day (default: today)")
    due.add_argument("--json", action="store_true")
    cadence = commands.add_parser("cadence", help="how often a clause is due for review")
    cadence.add_argument("ref")
    cadence.add_argument("days", help="days between reviews, or 'default' for its kind's cadence")
    for parser in (opening, closing, *signing, listing, showing, diffing, due, cadence):
        parser.add_argument(
            "--agreement", metavar="ID", help="the agreement (default: the one last used)"
        )


def run_due(arguments: argparse.Namespace, desk: Desk, agreement_id: str, emit: Any) -> int:
    day = arguments.as_of or dt.date.today()  # once: a run across midnight shows one day
    from vision_desk.services.rounds import Rounds

    items = Rounds(desk).due_items(day, agreement_id)
    if arguments.json:
        emit(
            {
                "as_of": day.isoformat(),
                "due": [item.row.clause.ref for item in items],
                "clauses": [_due_json(item) for item in items],
            }
        )
    elif not items:
        print("Nothing is due for review.")
    else:
        reasons = [_why_due(item) for item in items]
        ref_width = max(len(item.row.clause.ref) for item in items)
        why_width = max(len(reason) for reason in reasons)
        for item, reason in zip(items, reasons, strict=True):
            clause = item.row.clause
            print(f"{clause.ref:<{ref_width}}  {reason:<{why_width}}  {clause.title}")
    return 0


def _why_due(item: DueItem) -> str:
    if item.last_assessed is None:
        never = item.row.state.changed_at is None
        return "never assessed" if never else "not assessed (set back)"
    return f"last assessed on {item.last_assessed}, cadence {item.cadence_days} days"


def _due_json(item: DueItem) -> dict[str, Any]:
    clause = item.row.clause
    return {
        "ref": clause.ref,
        "title": clause.title,
        "kind": clause.kind.value,
        "status": item.row.status.value,
        "last_assessed": None if item.last_assessed is None else item.last_assessed.isoformat(),
        "cadence_days": item.cadence_days,
        "next_review": None if item.next_review is None else item.next_review.isoformat(),
    }


def run_cadence(arguments: argparse.Namespace, desk: Desk, agreement_id: str) -> int:
    text = arguments.days.strip().lower()
    if text == "default":
        days = None
    elif text.isdecimal():  # digits of any script ("٣٠" too), not "²", which int() refuses
        days = int(text)
    else:
        raise UserError(f"'{arguments.days}' is not a number of days (or 'default').")
    from vision_desk.services.rounds import Rounds

    Rounds(desk).set_cadence(arguments.ref, days, agreement_id)
    ref = desk.clause(arguments.ref, agreement_id).ref
    print(
        f"{ref} is due for review every {days} days."
        if days
        else f"{ref} follows its kind's cadence."
    )
    return 0


def run(arguments: argparse.Namespace, desk: Desk, agreement_id: str, emit: Any) -> int:
    from vision_desk.services.rounds import Rounds
    from vision_desk.services.signoff import SignOffs

    rounds = Rounds(desk)
    command = arguments.round_command
    if command in ("review", "approve"):
        return cli_signoff.run_step(arguments, desk, agreement_id)
    if command == "open":
        opened = rounds.open(arguments.title, arguments.as_of or dt.date.today(), agreement_id)
        print(f"Round {opened.id} '{opened.title}' is open, as of {opened.as_of}.")
    elif command == "close":
        closed = rounds.close(agreement_id)
        print(_closed_text(closed, rounds.report(closed.id).records))
    elif command == "list":
        listed = rounds.all(agreement_id)
        sign_offs = SignOffs(desk).for_rounds(listed)
        if arguments.json:
            emit([round_json(round_, sign_offs[round_.id]) for round_ in listed])
        elif not listed:
            print("No rounds yet; 'vision-desk round open TITLE' opens one.")
        else:
            for round_ in listed:
                when = f"closed {round_.closed_at:%Y-%m-%d}" if round_.closed_at else "open"
                stage = sign_offs[round_.id].stage.value if round_.closed_at else ""
                print(f"{round_.id:>4}  {round_.as_of}  {when:<17}  {stage:<9}  {round_.title}")
    elif command == "show":
        report = rounds.report(arguments.id)
        sign_off = SignOffs(desk).of(arguments.id)
        if arguments.json:
            emit(
                {
                    **round_json(report.round, sign_off),
                    "verified": report.verified,
                    "records": [record_json(record) for record in report.records],
                }
            )
        else:
            print(_show_text(report.round, report.records, report.verified, sign_off))
    elif command == "diff":
        ids = arguments.ids
        if len(ids) not in (0, 2):
            raise UserError("Give two round ids to compare, or none for the last two closed.")
        first, second = (ids[0], ids[1]) if ids else (None, None)
        difference = rounds.diff(first, second, agreement_id=agreement_id)
        if arguments.json:
            emit(diff_json(difference))
        else:
            print(_diff_text(difference))
    return 0


def round_json(round_: Round, sign_off: SignOff | None = None) -> dict[str, Any]:
    signed = {} if sign_off is None else {"sign_off": cli_signoff.sign_off_json(sign_off)}
    return signed | {
        "id": round_.id,
        "agreement": round_.agreement_id,
        "title": round_.title,
        "as_of": round_.as_of.isoformat(),
        "opened_at": round_.opened_at.isoformat(),
        "opened_by": round_.opened_by,
        "closed_at": _iso(round_.closed_at),
        "closed_by": round_.closed_by,
        "hash": round_.content_hash,
    }


def record_json(record: RoundRecord) -> dict[str, Any]:
    return {
        "ref": record.ref,
        "status": record.status.value,
        "carried_over": record.carried_over,
        "assessed_at": _iso(record.assessed_at),
        "assessed_by": record.assessed_by,
        "rationale": record.rationale,
        # Assessed per party: each party's status, by code (null: as a whole).
        "parts": {part.party: part.status.value for part in record.parts} or None,
        # The digests of the evidence cited for the clause at closing (docs/evidence.md).
        "evidence": sorted(record.evidence),
    }


def diff_json(difference: RoundDiff) -> dict[str, Any]:
    return {
        "from": round_json(difference.earlier),
        "to": round_json(difference.later),
        **{name: list(getattr(difference, name)) for name in DIFF_LISTS},
    }


def _closed_text(round_: Round, records: tuple[RoundRecord, ...]) -> str:
    carried = sum(record.carried_over for record in records)
    assessed = len(records) - carried
    return (
        f"Closed round {round_.id} '{round_.title}', as of {round_.as_of}: {assessed} "
        f"{'clause' if assessed == 1 else 'clauses'} assessed, {carried} carried over. "
        "It is submitted for review ('vision-desk round review').\n"
        f"Content hash: {round_.content_hash}"
    )


def _show_text(
    round_: Round, records: tuple[RoundRecord, ...], verified: bool | None, sign_off: SignOff
) -> str:
    lines = [
        f"Round {round_.id}: {round_.title}",
        f"As of {round_.as_of}; opened {round_.opened_at:%Y-%m-%d %H:%M} by {round_.opened_by}",
    ]
    if round_.closed_at:
        lines.append(f"Closed {round_.closed_at:%Y-%m-%d %H:%M} by {round_.closed_by}")
        lines.append(
            f"Content hash: {round_.content_hash} ({'verified' if verified else 'DOES NOT MATCH THE RECORD'})"
        )
        lines.extend(cli_signoff.sign_off_lines(sign_off))
    else:
        lines.append(f"Open: {len(records)} assessed so far")
    lines.append("")
    for record in records:
        carried = "  (carried over)" if record.carried_over else ""
        parts = "; ".join(f"{part.party}: {part.status.value}" for part in record.parts)
        per_party = f"  ({parts})" if parts else ""
        lines.append(f"{record.ref:<10} {record.status.value:<12}{carried}{per_party}")
        if record.rationale:
            lines.extend("    " + line for line in record.rationale.split("\n"))
    return "\n".join(lines)


def _diff_text(difference: RoundDiff) -> str:
    lines = [
        f"From round {difference.earlier.id} ({difference.earlier.as_of}) to round {difference.later.id} ({difference.later.as_of}):"
    ]
    for name in DIFF_LISTS:
        refs = getattr(difference, name)
        lines.append(f"{name.replace('_', ' ')} ({len(refs)}): {', '.join(refs) or '-'}")
    return "\n".join(lines)


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()
