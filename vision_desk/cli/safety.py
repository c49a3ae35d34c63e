"""``vision-desk paths | backup | restore FILE | check | delete-note ID``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vision_desk.paths import DataPaths

if TYPE_CHECKING:
    from vision_desk.services.desk import Desk

COMMANDS = frozenset({"paths", "backup", "restore", "check", "delete-note"})


def add_parsers(commands: Any) -> None:
    listing = commands.add_parser("paths", help="where the store, backups, logs and settings are")
    listing.add_argument("--json", action="store_true")
    commands.add_parser("backup", help="make a verified backup now")
    restore = commands.add_parser("restore", help="put a backup in place of the store")
    restore.add_argument("file", type=Path)
    commands.add_parser("check", help="check the store; exit 0 only when healthy")
    delete = commands.add_parser(
        "delete-note", help="delete a note for good (its words are scrubbed)"
    )
    delete.add_argument("id", type=int)


def run(arguments: argparse.Namespace, desk: Desk, data_paths: DataPaths, emit: Any) -> int:
    command = arguments.command
    if command == "paths":
        places = {
            "database": str(data_paths.database),
            "backups": str(data_paths.backups),
            "logs": str(data_paths.logs),
            "config": str(data_paths.config),
        }
        if arguments.json:
            emit(places)
        else:
            for name, place in places.items():
                print(f"{name:<9} {place}")
        return 0
    from vision_desk.services.safety import Safety

    safety = Safety(desk)
    if command == "backup":
        made = safety.backup_now()
        print(f"Backed up to {made.path} ({made.size:,} bytes, verified).")
        return 0
    if command == "restore":
        print(safety.restore(arguments.file))
        return 0
    if command == "check":
        report = safety.check()
        print(report.text)
        if report.healthy:
            return 0
        if report.damaged:
            print(safety.recover())
        return 1
    if command == "delete-note":
        print(desk.delete_note(arguments.id).message)
        return 0
    raise AssertionError(f"no handler for {command}")
