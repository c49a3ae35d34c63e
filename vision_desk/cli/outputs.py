"""``vision-desk brief`` and ``vision-desk calendar``: the two small outputs a desk
uses every week, for scheduled or headless use. Both only read the store."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vision_desk.domain.memo import DEFAULT_CLASSIFICATION
from vision_desk.domain.typed_dates import long_date
from vision_desk.paths import DataPaths

if TYPE_CHECKING:
    from vision_desk.services.desk import Desk

COMMANDS = ("brief", "calendar")


def add_parsers(commands: Any, date: Any) -> None:
    brief = commands.add_parser(
        "brief",
        help="write the one-page pre-meeting brief (PDF): index, overdue, changes since the "
        "last round, disputes, the next deadlines",
    )
    calendar = commands.add_parser(
        "calendar", help="write every deadline and review date as calendar events (.ics)"
    )
    brief.add_argument("--classification", default=DEFAULT_CLASSIFICATION, metavar="TEXT")
    for parser in (brief, calendar):
        parser.add_argument("--out", type=Path, required=True, metavar="FILE")
        parser.add_argument("--as-of", type=date, metavar="DATE", help="default: today")
        parser.add_argument(
            "--agreement", metavar="ID", help="the agreement (default: the one last used)"
        )


def run(arguments: argparse.Namespace, desk: Desk, agreement_id: str, data_paths: DataPaths) -> int:
    from vision_desk.services import output_paths

    output_paths.check_output_path(arguments.out, data_paths)  # before the work
    as_of = arguments.as_of or dt.date.today()
    if arguments.command == "brief":
        from vision_desk.services import brief

        snapshot = brief.build_brief(desk, as_of, agreement_id, arguments.classification)
        written = brief.write_brief(snapshot, arguments.out, data_paths)
        print(f"Wrote the brief (as of {long_date(as_of)}) to {written}.")
        return 0
    from vision_desk.services import calendar

    target, count = calendar.write_calendar(desk, as_of, arguments.out, data_paths, agreement_id)
    print(f"Wrote {count} calendar events to {target}.")
    return 0
