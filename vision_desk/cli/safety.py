"""``vision-desk paths | backup | restore [FILE] | check | delete-note ID``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vision_desk.errors import UserError
from vision_desk.paths import DataPaths

if TYPE_CHECKING:
    from vision_desk.services.desk import Desk
    from vision_desk.services.safety import BackupInfo, Safety

COMMANDS = frozenset({"paths", "backup", "restore", "check", "delete-note"})
NOTHING_RESTORED = "Nothing was restored."


def add_parsers(commands: Any) -> None:
    listing = commands.add_parser(
        "paths", help="where the store, backups, logs and settings file are"
    )
    listing.add_argument("--json", action="store_true")
    commands.add_parser("backup", help="make a verified backup now")
    restore = commands.add_parser(
        "restore",
        help="put a backup in place of the store, after asking; with no FILE, list the backups",
    )
    restore.add_argument(
        "file",
        type=Path,
        nargs="?",
        help="the backup to put in place (default: list the backups, newest first)",
    )
    restore.add_argument(
        "--yes",
        action="store_true",
        help="do not ask first (needed when standard input is not a terminal, as in a script)",
    )
    commands.add_parser("check", help="check the store; exit 0 only when healthy")
    delete = commands.add_parser(
        "delete-note", help="delete a note for good (its words are scrubbed)"
    )
    delete.add_argument("id", type=int)


def refuse_unasked_restore(arguments: argparse.Namespace) -> None:
    """Before anything is opened: ``restore FILE`` with nobody to ask (standard input
    is not a terminal) and no ``--yes`` is refused at once, never left waiting."""
    if arguments.file is None or arguments.yes or not arguments.file.is_file():
        return  # a listing; told not to ask; or no such file, which restore says
    if not _stdin_is_a_terminal():
        raise UserError(
            f"Restoring {arguments.file} replaces the store, and standard input is not a "
            "terminal to ask on: pass --yes to restore without asking."
        )


def run(arguments: argparse.Namespace, desk: Desk, data_paths: DataPaths, emit: Any) -> int:
    command = arguments.command
    if command == "paths":
        places = {
            "database": str(data_paths.database),
            "backups": str(data_paths.backups),
            "logs": str(data_paths.logs),
            "config": str(data_paths.config),
            "settings": str(data_paths.settings_file),
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
        return _restore(arguments, safety)
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


def _restore(arguments: argparse.Namespace, safety: Safety) -> int:
    backups = safety.backups()
    if arguments.file is None:
        if not backups:
            print(f"No backups yet in {safety.folder}; 'vision-desk backup' makes one.")
        for info in backups:
            print(_backup_line(info, backups))
        return 0
    if not arguments.yes and arguments.file.is_file():
        _ask(arguments.file, backups)
    print(safety.restore(arguments.file))
    return 0


def _backup_line(info: BackupInfo, backups: list[BackupInfo]) -> str:
    reason_width = max(len(other.reason) for other in backups)
    size_width = max(len(f"{other.size:,}") for other in backups)
    return (
        f"{_when(info)}  {info.reason:<{reason_width}}  {info.size:>{size_width},} bytes  "
        f"{info.path}"
    )


def _ask(file: Path, backups: list[BackupInfo]) -> None:
    """Ask on the terminal before the store is replaced; refuse unless told yes."""
    known = next((info for info in backups if _same_file(info.path, file)), None)
    made = f" (made {_when(known)}, {known.reason})" if known else ""
    print(
        f"Replace the store with the backup {file.name}{made}? The store as it is now is "
        "kept as a backup first. [y/N] ",
        end="",
        file=sys.stderr,
        flush=True,
    )
    answer = sys.stdin.readline()
    if not answer:
        print(file=sys.stderr)  # ^D left the cursor on the question's line
    if answer.strip().lower() not in ("y", "yes"):
        raise UserError(NOTHING_RESTORED)


def _when(info: BackupInfo) -> str:
    return info.made_at.astimezone().strftime("%Y-%m-%d %H:%M")


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:
        return False


def _stdin_is_a_terminal() -> bool:
    stream = sys.stdin
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # closed
        return False
