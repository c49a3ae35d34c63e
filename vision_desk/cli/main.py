"""``vision-desk``: the command line, a contract that scripts and tests rely on.

Expected problems print one sentence on stderr and exit 1 (2 for usage); a bug
prints one sentence pointing at the log, where the traceback goes.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from vision_desk import paths
from vision_desk.cli import about as cli_about
from vision_desk.cli import assess as cli_assess
from vision_desk.cli import events as cli_events
from vision_desk.cli import evidence as cli_evidence
from vision_desk.cli import listing as cli_listing
from vision_desk.cli import memo as cli_memo
from vision_desk.cli import outputs as cli_outputs
from vision_desk.cli import render, terminal, text_io
from vision_desk.cli import rounds as cli_rounds
from vision_desk.cli import safety as cli_safety
from vision_desk.cli import server as cli_server
from vision_desk.cli.options import QT_OPTIONS_HELP, add_global_options
from vision_desk.domain.typed_dates import TypedDateError, parse_typed_date
from vision_desk.errors import UserError
from vision_desk.logs import log_crash, setup_logging

if TYPE_CHECKING:
    from vision_desk.app import Opened
    from vision_desk.services.desk import Desk

# The store and its libraries (SQLAlchemy, Alembic) load only when a command runs,
# so that --version, --help and usage errors answer at once.

Handler = Callable[[argparse.Namespace, "Desk"], int]

DATES_HELP = (
    "A DATE is written as the desk takes it: 2021-01-10, 10 Jan 2021, 10 January 2021, "
    "10/01/2021 (day first), today, +30d, or --as-of=-7d (a leading minus joined to its "
    "option)."
)


def build_parser() -> argparse.ArgumentParser:
    parser = terminal.Parser(
        prog="vision-desk",
        description="Keep an agreement's commitments under review. With no command, opens the desk.",
        epilog=f"{QT_OPTIONS_HELP} {DATES_HELP}",
    )
    add_global_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    cli_listing.add_parser(commands, _date, _agreement_option)

    show = commands.add_parser("show", help="one clause with its notes")
    show.add_argument("ref")
    _agreement_option(show)
    show.add_argument("--json", action="store_true")
    show.add_argument("--as-of", type=_date, metavar="DATE")

    cli_assess.add_parsers(commands, _agreement_option)

    history = commands.add_parser("history", help="the changes of a clause")
    history.add_argument("ref")
    history.add_argument("--json", action="store_true")
    _agreement_option(history)

    commands.add_parser("undo", help="undo the last change")
    commands.add_parser("redo", help="redo the last undone change")

    import_ = commands.add_parser(
        "import", help="import an agreement file (docs/agreement-format.md)"
    )
    import_.add_argument("file", type=Path)

    export = commands.add_parser("export", help="export all agreements, statuses and notes")
    export.add_argument("--format", choices=("json", "csv"), required=True)
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.add_argument("--as-of", type=_date, metavar="DATE")

    cli_rounds.add_parser(commands, _date)
    cli_events.add_parser(commands, _date)
    cli_evidence.add_parsers(commands, _date)
    cli_outputs.add_parsers(commands, _date)
    cli_safety.add_parsers(commands)
    cli_memo.add_parser(commands, _date)
    cli_about.add_parser(commands)
    cli_server.add_parser(commands)
    return parser


def _open(arguments: argparse.Namespace) -> Opened:
    """The desk a command works on: a team's server when one is configured, else
    the officer's own file."""
    from vision_desk import app
    from vision_desk.settings import configured_server

    server = configured_server(paths.resolve(arguments.data_dir), arguments.server)
    if server is not None:
        if arguments.author:
            raise UserError(
                "--as cannot be used with a server: changes are signed with your server role."
            )
        return app.open_server_desk(server, arguments.data_dir)
    # Restoring must not first rotate out the very backup it was asked for.
    return app.open_desk(
        arguments.data_dir, arguments.author, routine_backup=arguments.command != "restore"
    )


def run_command(arguments: argparse.Namespace) -> int:
    """Run the command that ``build_parser`` parsed into ``arguments``; the exit status."""
    text_io.tolerant_output()
    opened = None
    try:
        if arguments.command == "about":
            # Facts about the program, not the store: nothing is opened or created.
            code = cli_about.run(arguments, text_io.print_json)
            sys.stdout.flush()
            return code
        text_io.check_text_arguments(arguments)
        if arguments.command == "restore":
            cli_safety.refuse_unasked_restore(arguments)  # before anything is opened
        if arguments.command == cli_server.COMMAND:
            return cli_server.run(arguments)

        opened = _open(arguments)
        setup_logging(opened.paths.logs)
        for notice in opened.notices:
            print(f"vision-desk: {notice}", file=sys.stderr)
        if arguments.command in cli_safety.COMMANDS:
            code = cli_safety.run(arguments, opened.desk, opened.paths, text_io.print_json)
            if arguments.command == "check" and opened.damage_found:
                # The store now checked is the one put in place; what was found at
                # start is still news a script running `check || alert` must get.
                code = code or 1
        else:
            code = HANDLERS[arguments.command](arguments, opened.desk)
        if code == 0 and getattr(arguments, "agreement", None):
            # Remembered only once the command has succeeded, so that a failed
            # command leaves the store as it was, the last-used agreement included;
            # and only as a convenience: failing to remember it fails nothing.
            with contextlib.suppress(UserError):
                opened.desk.use_agreement(arguments.agreement)
        if sys.stdout is not None:
            sys.stdout.flush()  # a reader gone away shows here, not at the interpreter's exit
        return code
    except UserError as error:
        print(f"vision-desk: {error.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("vision-desk: interrupted; nothing more was changed.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (``vision-desk clauses | head``): not a
        # bug, and nothing more to say; keep the interpreter from complaining at exit.
        terminal.silence_stdout()
        return 1
    except Exception:
        where = log_crash(opened.paths.logs if opened else None)
        print(
            f"vision-desk: an internal error occurred; the details are in {where}.", file=sys.stderr
        )
        return 70
    finally:
        if opened is not None:
            opened.close()


# -- commands ------------------------------------------------------------------------


def _show(arguments: argparse.Namespace, desk: Desk) -> int:
    agreement_id = _agreement(arguments, desk)
    clause = desk.clause(arguments.ref, agreement_id)
    board = desk.board(arguments.as_of or _today(), agreement_id)
    row = next(row for row in board.rows if row.clause.ref == clause.ref)
    notes = desk.notes(clause.ref, agreement_id)
    if arguments.json:
        text_io.print_json(render.show_json(row, notes, board.agreement))
    else:
        print(render.clause_text(row, notes, board.agreement))
    return 0


def _history(arguments: argparse.Namespace, desk: Desk) -> int:
    changes = desk.history(arguments.ref, _agreement(arguments, desk))
    if arguments.json:
        text_io.print_json([render.change_json(change) for change in changes])
    else:
        print(render.history_text(changes))
    return 0


def _undo(arguments: argparse.Namespace, desk: Desk) -> int:
    print(desk.undo().message)
    return 0


def _redo(arguments: argparse.Namespace, desk: Desk) -> int:
    print(desk.redo().message)
    return 0


def _import(arguments: argparse.Namespace, desk: Desk) -> int:
    from vision_desk.services import transfer

    agreement = transfer.import_agreement(desk, arguments.file)
    print(
        f"Imported '{agreement.display_title}' ({len(agreement.clauses)} clauses) as {agreement.id}."
    )
    return 0


def _export(arguments: argparse.Namespace, desk: Desk) -> int:
    from vision_desk.services import output_paths, transfer

    data_paths = _data_paths(arguments)
    out = output_paths.check_output_path(arguments.out, data_paths)  # before the work
    as_of = arguments.as_of or _today()
    if arguments.format == "json":
        data = transfer.to_json(transfer.export_data(desk, as_of))
    else:
        data = transfer.export_csv(desk, as_of).encode("utf-8-sig")  # BOM: spreadsheets read UTF-8
    output_paths.write_output(out, data, data_paths)
    print(f"Exported to {arguments.out}.")
    return 0


def _round(arguments: argparse.Namespace, desk: Desk) -> int:
    return cli_rounds.run(arguments, desk, _agreement(arguments, desk), text_io.print_json)


def _due(arguments: argparse.Namespace, desk: Desk) -> int:
    return cli_rounds.run_due(arguments, desk, _agreement(arguments, desk), text_io.print_json)


def _cadence(arguments: argparse.Namespace, desk: Desk) -> int:
    return cli_rounds.run_cadence(arguments, desk, _agreement(arguments, desk))


def _memo(arguments: argparse.Namespace, desk: Desk) -> int:
    return cli_memo.run(arguments, desk, _agreement(arguments, desk), _data_paths(arguments))


HANDLERS: dict[str, Handler] = {
    "memo": _memo,
    "round": _round,
    "due": _due,
    "cadence": _cadence,
    "clauses": lambda arguments, desk: cli_listing.run(
        arguments, desk, _agreement(arguments, desk)
    ),
    "show": _show,
    "set": lambda arguments, desk: cli_assess.run_set(arguments, desk, _agreement(arguments, desk)),
    "note": lambda arguments, desk: cli_assess.run_note(
        arguments, desk, _agreement(arguments, desk)
    ),
    "history": _history,
    "undo": _undo,
    "redo": _redo,
    "import": _import,
    "export": _export,
    "event": lambda arguments, desk: cli_events.run(arguments, desk, _agreement(arguments, desk)),
    **dict.fromkeys(
        cli_outputs.COMMANDS,
        lambda arguments, desk: cli_outputs.run(
            arguments, desk, _agreement(arguments, desk), _data_paths(arguments)
        ),
    ),
    **dict.fromkeys(
        cli_evidence.COMMANDS,
        lambda arguments, desk: cli_evidence.run(arguments, desk, _agreement(arguments, desk)),
    ),
}


# -- helpers -------------------------------------------------------------------------


def _data_paths(arguments: argparse.Namespace) -> paths.DataPaths:
    """The folders the command opened (``app.open_desk`` resolves them the same
    way): what an output path must never replace."""
    return paths.resolve(arguments.data_dir)


def _agreement_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--agreement", metavar="ID", help="the agreement (default: the one last used)"
    )


def _agreement(arguments: argparse.Namespace, desk: Desk) -> str:
    """The agreement asked for, else the last used. ``run_command`` remembers the one
    asked for as the last used once the command has succeeded."""
    if arguments.agreement:
        return desk.stored(arguments.agreement).agreement.id
    return desk.current_agreement_id()


def _date(text: str) -> dt.date:
    """A date as the desk's date fields read it (``typed_dates``), or a usage error
    naming the forms accepted."""
    try:
        return parse_typed_date(text, _today())
    except TypedDateError as error:
        raise argparse.ArgumentTypeError(error.message) from None


def _today() -> dt.date:
    return dt.date.today()
