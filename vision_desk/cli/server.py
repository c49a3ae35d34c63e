"""``vision-desk server init URL | migrate URL | grant ROLE officer|reviewer|director URL``.

A ministry's database administrator creates the database and the officers'
roles; ``server init`` makes the desk's tables in it (the same migrations as an
officer's file) and loads the Shared Vision; ``server migrate`` upgrades it after
a new Vision Desk is installed. Neither stores a password: the connection uses
libpq's own means (a service file, ``~/.pgpass``, peer or certificate sign-in).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

COMMAND = "server"
URL_HELP = (
    "the database, e.g. postgresql://db.ministry.example/desk or postgresql:///desk "
    "(no password in it: libpq reads ~/.pgpass or a service file)"
)


def add_parser(commands: Any) -> None:
    server = commands.add_parser(
        COMMAND, help="a team desk on PostgreSQL: make its database, upgrade it"
    )
    verbs = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    init = verbs.add_parser(
        "init", help="make the desk in an empty database, load the Shared Vision"
    )
    init.add_argument("url", metavar="URL", help=URL_HELP)
    upgrade = verbs.add_parser("migrate", help="upgrade a desk database to this version's schema")
    upgrade.add_argument("url", metavar="URL", help=URL_HELP)
    push = verbs.add_parser(
        "push", help="copy your store into a new desk database (made there), and check the copy"
    )
    push.add_argument("url", metavar="URL", help=URL_HELP)
    pull = verbs.add_parser(
        "pull", help="copy a desk into a new store file, to read on a trip (read-only)"
    )
    pull.add_argument("url", metavar="URL", help=URL_HELP)
    pull.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="the new store file; open it with --data-dir DIR when it is DIR/vision-desk.sqlite3",
    )
    grant = verbs.add_parser(
        "grant", help="make a server role an officer, reviewer or director of the desk"
    )
    grant.add_argument("role", metavar="ROLE", help="the officer's own PostgreSQL login role")
    grant.add_argument("desk_role", choices=("officer", "reviewer", "director"))
    grant.add_argument("url", metavar="URL", help=URL_HELP)


def run(arguments: argparse.Namespace) -> int:
    """Run ``server init`` or ``server migrate``; a failure is a ``UserError``."""
    from vision_desk import app

    if arguments.server_command == "init":
        where, loaded = app.init_server(arguments.url)
        print(f"Made the desk on {where}; loaded {', '.join(loaded)}.")
        return 0
    if arguments.server_command == "push":
        pushed = app.push_to_server(arguments.url, arguments.data_dir)
        notes, changes = pushed.rows.get("notes", 0), pushed.rows.get("changes", 0)
        print(
            f"Copied the store to {pushed.where}: {pushed.rows.get('agreements', 0)} agreements, "
            f"{changes} changes, {notes} notes, {pushed.rows.get('rounds', 0)} rounds "
            f"({pushed.rounds_verified} closed, each verified against its hash)."
        )
        return 0
    if arguments.server_command == "pull":
        pulled = app.pull_from_server(arguments.url, Path(arguments.out))
        print(
            f"Copied the desk to {pulled.path}: {pulled.rows.get('changes', 0)} changes, "
            f"{pulled.rows.get('notes', 0)} notes, {pulled.rows.get('rounds', 0)} rounds "
            f"({pulled.rounds_verified} closed, each verified against its hash). "
            "It is read-only."
        )
        return 0
    if arguments.server_command == "grant":
        group = app.grant_on_server(arguments.url, arguments.role, arguments.desk_role)
        print(f"{arguments.role} is now {arguments.desk_role} of the desk (role {group}).")
        return 0
    before, after = app.migrate_server(arguments.url)
    if before == after:
        print(f"The desk is up to date (schema '{after}').")
    else:
        print(f"Upgraded the desk from schema '{before}' to '{after}'.")
    return 0
