"""The program's entry point: the command line, or the desk window with no command.

This is the composition root's front door: the only module that knows both the
command line and the window exist.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

STARTED = time.perf_counter()


def main(argv: Sequence[str] | None = None) -> int:
    from vision_desk.cli.main import build_parser, run_command

    parser = build_parser()
    arguments = parser.parse_args(argv)
    if arguments.command is not None:
        return run_command(arguments)
    return open_desk_window(arguments)


def open_desk_window(arguments: object) -> int:
    from vision_desk import app
    from vision_desk.cli.logs import setup_logging
    from vision_desk.errors import UserError

    try:
        opened = app.open_desk(getattr(arguments, "data_dir", None), getattr(arguments, "author", None))
    except UserError as error:
        print(f"vision-desk: {error.message}", file=sys.stderr)
        return 1
    try:
        setup_logging(opened.paths.logs)
        from vision_desk.ui.app import run_desk  # Qt loads only when the window opens

        return run_desk(opened, smoke=bool(getattr(arguments, "smoke", False)), started=STARTED)
    finally:
        opened.close()


if __name__ == "__main__":
    sys.exit(main())
