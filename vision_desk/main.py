"""The program's entry point: a command, or the desk window when there is none.

The composition root's front door, and the only module that knows both the
command line and the window exist (the two never import each other).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vision_desk.app import Opened

# Taken as early as possible, so that --smoke reports the whole start-up.
STARTED = time.perf_counter()


def main(argv: Sequence[str] | None = None) -> int:
    from vision_desk.cli.options import window_arguments

    words = list(sys.argv[1:] if argv is None else argv)
    window = window_arguments(words)
    if window is not None:
        # What a start creates (modules, widgets, the board) lives as long as the
        # window: the collector would only walk it again and again before the first
        # paint. It is switched back on, with all that frozen, once the desk is live.
        gc.disable()
        return open_desk_window(window)
    from vision_desk.cli import main as cli

    arguments = cli.build_parser().parse_args(words)
    if arguments.command is not None:
        return cli.run_command(arguments)
    return open_desk_window(arguments)


def open_desk_window(arguments: argparse.Namespace) -> int:
    from vision_desk import paths
    from vision_desk.errors import UserError

    data_paths = paths.resolve(arguments.data_dir)
    try:
        paths.ensure_folders(data_paths)
    except OSError as error:
        print(
            f"vision-desk: the data folder {data_paths.root} cannot be used: {error.strerror}.",
            file=sys.stderr,
        )
        return 1
    except UserError as error:
        print(f"vision-desk: {error.message}", file=sys.stderr)
        return 1
    from vision_desk.ui.app import run_desk  # Qt loads only when the window opens

    return run_desk(
        data_paths,
        lambda: _open_store(arguments),
        smoke=arguments.smoke,
        started=STARTED,
    )


def _open_store(arguments: argparse.Namespace) -> Opened:
    # Imported here: the store's libraries (and logging's) load once the first
    # board has painted.
    from vision_desk import app, paths
    from vision_desk.errors import UserError
    from vision_desk.logs import setup_logging

    data_paths = paths.resolve(arguments.data_dir)
    try:
        setup_logging(data_paths.logs)
    except OSError as error:
        raise UserError(
            f"The data folder {data_paths.root} cannot be used: {error.strerror}."
        ) from None
    return app.open_desk(arguments.data_dir, arguments.author)


if __name__ == "__main__":
    sys.exit(main())
