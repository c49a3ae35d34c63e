"""``vision-desk memo --out FILE``: the review memo, for scheduled or headless use."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vision_desk.domain.memo import DEFAULT_CLASSIFICATION, MemoOptions
from vision_desk.paths import DataPaths

if TYPE_CHECKING:
    from vision_desk.services.desk import Desk


def add_parser(commands: Any, date: Any) -> None:
    parser = commands.add_parser("memo", help="write the review memo (PDF)")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE")
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--round", type=int, metavar="ID", help="a closed round (default: the last closed)"
    )
    which.add_argument(
        "--as-of", type=date, metavar="DATE", help="the live board as of DATE (provisional)"
    )
    parser.add_argument("--classification", default=DEFAULT_CLASSIFICATION, metavar="TEXT")
    parser.add_argument("--to", default="", metavar="TEXT", help="to whom the memo goes")
    parser.add_argument(
        "--from", dest="sender", default=None, metavar="TEXT", help="from (default: you)"
    )
    parser.add_argument("--subject", default="", metavar="TEXT")
    parser.add_argument(
        "--date", type=date, metavar="DATE", help="the memo's date (default: today)"
    )
    parser.add_argument(
        "--agreement", metavar="ID", help="the agreement (default: the one last used)"
    )


def run(arguments: argparse.Namespace, desk: Desk, agreement_id: str, data_paths: DataPaths) -> int:
    from vision_desk.services import memo, output_paths

    output_paths.check_output_path(arguments.out, data_paths)  # before the work
    options = MemoOptions(
        date=arguments.date or dt.date.today(),
        classification=arguments.classification,
        to=arguments.to,
        sender=desk.author if arguments.sender is None else arguments.sender,
        subject=arguments.subject,
    )
    snapshot = memo.build_snapshot(desk, options, arguments.round, arguments.as_of, agreement_id)
    written = memo.write_memo(snapshot, arguments.out, data_paths)
    kind = (
        "provisional"
        if snapshot.provisional
        else f"round {snapshot.round.id if snapshot.round else ''}"
    )
    print(f"Wrote the memo ({kind}) to {written}.")
    return 0
