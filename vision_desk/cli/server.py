"""``vision-desk server init URL | migrate URL``: a team desk's database.

A ministry's database administrator creates the database and the officers'
roles; ``server init`` makes the desk's tables in it (the same migrations as an
officer's file) and loads the Shared Vision; ``server migrate`` upgrades it after
a new Vision Desk is installed. Neither stores a password: the connection uses
libpq's own means (a service file, ``~/.pgpass``, peer or certificate sign-in).
"""

from __future__ import annotations

import argparse
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


def run(arguments: argparse.Namespace) -> int:
    """Run ``server init`` or ``server migrate``; a failure is a ``UserError``."""
    from vision_desk import app

    if arguments.server_command == "init":
        where, loaded = app.init_server(arguments.url)
        print(f"Made the desk on {where}; loaded {', '.join(loaded)}.")
        return 0
    before, after = app.migrate_server(arguments.url)
    if before == after:
        print(f"The desk is up to date (schema '{after}').")
    else:
        print(f"Upgraded the desk from schema '{before}' to '{after}'.")
    return 0
