"""``vision-desk event ...``: the dates an agreement's events happened, which the
deadlines counted from them wait on ("30 days after the release of prisoners").

The JSON shape is a contract: add keys, never rename them.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from vision_desk.cli import text_io

if TYPE_CHECKING:
    from vision_desk.services.desk import Desk
    from vision_desk.services.desk_events import EventStanding
    from vision_desk.storage.event_read import RecordedEvent

COMMAND = "event"


def add_parser(commands: Any, date: Any) -> None:
    """Add ``event`` and its actions to the program's parser."""
    event = commands.add_parser(
        COMMAND, help="the dates an agreement's events happened: record, clear, list"
    )
    verbs = event.add_subparsers(dest="event_command", metavar="ACTION", required=True)
    recording = verbs.add_parser(
        "record", help="record the date an event happened, with a note saying how it is known"
    )
    recording.add_argument("event_id", metavar="EVENT", help="the event's id (event list)")
    recording.add_argument("date", type=date, metavar="DATE", help="the day it happened")
    clearing = verbs.add_parser(
        "clear", help="take an event back to 'not yet' (a date recorded by mistake)"
    )
    clearing.add_argument("event_id", metavar="EVENT", help="the event's id (event list)")
    for parser in (recording, clearing):
        parser.add_argument(
            "--note",
            required=True,
            metavar="TEXT",
            help="how it is known (a report, a statement), or - to read it from standard "
            "input; an empty or blank TEXT is refused and nothing is recorded",
        )
        parser.add_argument(
            "--expect-version",
            type=int,
            metavar="N",
            help="only if the event's record is still at version N (event list --json "
            "gives it): on a team desk, refused with exit 1 if someone recorded it since",
        )
    listing = verbs.add_parser(
        "list", help="each event with its date or 'not yet', its note and who recorded it"
    )
    listing.add_argument("--json", action="store_true")
    for parser in (recording, clearing, listing):
        parser.add_argument(
            "--agreement", metavar="ID", help="the agreement (default: the one last used)"
        )


def run(arguments: argparse.Namespace, desk: Desk, agreement_id: str) -> int:
    command = arguments.event_command
    if command == "list":
        return _list(arguments, desk, agreement_id)
    note = text_io.read_stdin() if arguments.note == "-" else arguments.note
    if command == "record":
        outcome = desk.record_event(
            arguments.event_id, arguments.date, note, agreement_id, arguments.expect_version
        )
    else:
        outcome = desk.clear_event(arguments.event_id, note, agreement_id, arguments.expect_version)
    print(outcome.message)
    return 0


def _list(arguments: argparse.Namespace, desk: Desk, agreement_id: str) -> int:
    standings = desk.events(agreement_id)
    if arguments.json:
        history: dict[str, list[RecordedEvent]] = {}
        for record in desk.event_history(agreement_id):
            history.setdefault(record.event_id, []).append(record)
        text_io.print_json(
            {
                "agreement": desk.stored(agreement_id).agreement.id,
                "events": [
                    standing_json(standing, history.get(standing.event.id, []))
                    for standing in standings
                ],
            }
        )
        return 0
    width = max(len(standing.event.id) for standing in standings)
    for standing in standings:
        print(f"{standing.event.id:<{width}}  {_standing_text(standing)}")
    return 0


def _standing_text(standing: EventStanding) -> str:
    event, recorded = standing.event, standing.recorded
    when = "not yet" if standing.date is None else standing.date.isoformat()
    if standing.is_signature:
        said = "the agreement's date"
    elif recorded is None:
        said = "never recorded"
    else:
        # On one line: the note as written is in --json.
        note = " ".join(recorded.note.split())
        said = f"recorded by {recorded.recorded_by}, {_when(recorded.recorded_at)}: {note}"
    counted = f" [{', '.join(standing.clauses)}]" if standing.clauses else ""
    return f"{when:<10}  {event.label}{counted} — {said}"


def standing_json(standing: EventStanding, records: list[RecordedEvent]) -> dict[str, Any]:
    recorded = standing.recorded
    return {
        "id": standing.event.id,
        "label": standing.event.label,
        "date": None if standing.date is None else standing.date.isoformat(),
        "dated_by_agreement": standing.is_signature,
        "note": None if recorded is None else recorded.note,
        "recorded_by": None if recorded is None else recorded.recorded_by,
        "recorded_at": None if recorded is None else recorded.recorded_at.isoformat(),
        "version": standing.version,
        "clauses": list(standing.clauses),
        "records": [
            {
                "date": None if record.date is None else record.date.isoformat(),
                "note": record.note,
                "recorded_by": record.recorded_by,
                "recorded_at": record.recorded_at.isoformat(),
                "version": record.version,
            }
            for record in records
        ],
    }


def _when(value: dt.datetime) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M")
