"""``vision-desk about [--json | --licences]``: the versions and the data folder, as
the desk's About box shows them, or the licences of what ships. Opens no store and
creates nothing."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from vision_desk import paths
from vision_desk.about import about_facts, notices
from vision_desk.cli import terminal


def add_parser(commands: Any) -> None:
    about = commands.add_parser(
        "about",
        help="the versions of Vision Desk, Python, Qt, SQLite and reportlab, and the data folder",
    )
    shown = about.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="print JSON")
    shown.add_argument(
        "--licences",
        action="store_true",
        help="print the licences of Vision Desk and of what it ships, with their texts",
    )


def run(arguments: argparse.Namespace, emit: Callable[[object], None]) -> int:
    if arguments.licences:
        terminal.write_verbatim(notices().text)
        return 0
    facts = about_facts(paths.resolve(arguments.data_dir).root)
    if arguments.json:
        emit(facts.as_json())
        return 0
    rows = facts.rows()
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    print("Licences: vision-desk about --licences")
    return 0
