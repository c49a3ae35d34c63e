"""The program's entry point: a command, or the desk window when there is none.

The composition root's front door, and the only module that knows both the
command line and the window exist (the two never import each other).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vision_desk.app import Opened

# Taken as early as possible, so that --smoke reports the whole start-up.
STARTED = time.perf_counter()


NO_DISPLAY = (
    "vision-desk: no display: the desk needs a graphical session (neither DISPLAY nor "
    "WAYLAND_DISPLAY is set); the command line works without one, e.g. vision-desk clauses."
)
# Qt's platforms that draw on an X11 or Wayland display (QT_QPA_PLATFORM names one,
# or a list to try in turn, each with options after a colon).
_DISPLAY_PLATFORMS = ("xcb", "wayland")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the program; the exit status.

    A reader that goes away (``vision-desk clauses | head -3``) ends it quietly with
    status 1, as in the Python documentation's recipe: the output was cut short, which
    a script with ``pipefail`` should know; 141 would claim a signal killed us.
    """
    try:
        try:
            return _start(argv)
        finally:
            # What is still buffered is written here, where a closed pipe can be caught
            # (argparse's --help and --version exit with theirs unwritten), rather than
            # at the interpreter's last flush, which can only complain about it.
            if sys.stdout is not None and not sys.stdout.closed:
                sys.stdout.flush()
    except BrokenPipeError:
        from vision_desk.cli.terminal import silence_stdout

        silence_stdout()
        return 1


def display_missing(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt would look for an X11 or Wayland display and find none, so that the
    desk can say so before Qt aborts with a misleading hint about xcb libraries.

    Windows and macOS have their own window system; an explicit other platform
    (``offscreen`` for tests and ``--smoke``, ``eglfs``, ``vnc``...) needs no display.
    """
    if platform in ("win32", "darwin"):
        return False
    if any(environ.get(name, "").strip() for name in ("DISPLAY", "WAYLAND_DISPLAY")):
        return False
    chosen = [
        entry.split(":", 1)[0].strip() for entry in environ.get("QT_QPA_PLATFORM", "").split(";")
    ]
    chosen = [name for name in chosen if name]
    # Qt tries each platform in turn: one without a display is enough to go on.
    return all(name.startswith(_DISPLAY_PLATFORMS) for name in chosen)


def _start(argv: Sequence[str] | None) -> int:
    from vision_desk.cli.options import window_arguments

    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] == ["--memo-worker"]:
        # The desk's memo, drawn in a child process: the bundle has no ``python -m``,
        # so its one program takes this internal argument (memo_worker.BUNDLE_ARGUMENT).
        from vision_desk.services import memo_worker

        return memo_worker.main()
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
    from vision_desk.cli.options import qt_environment

    qt_arguments: list[str] = getattr(arguments, "qt_arguments", [])
    if display_missing(qt_environment(os.environ, qt_arguments)):
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    from vision_desk import paths
    from vision_desk.errors import UserError

    try:
        data_paths = paths.resolve(arguments.data_dir)
        try:
            paths.ensure_folders(data_paths)
        except OSError as error:
            raise UserError(
                f"the data folder {data_paths.root} cannot be used: {error.strerror}."
            ) from None
    except UserError as error:
        print(f"vision-desk: {error.message}", file=sys.stderr)
        return 1
    from vision_desk.settings import author_is_set, configured_server
    from vision_desk.ui.app import run_desk  # Qt loads only when the window opens

    on_server = configured_server(data_paths, arguments.server) is not None
    # A team desk signs with its login; a smoke run asks nothing.
    ask_name = (
        not arguments.smoke
        and not on_server
        and not (arguments.author or "").strip()
        and not author_is_set(data_paths)
    )
    return run_desk(
        data_paths,
        lambda check_pages: _open_store(arguments, check_pages),
        smoke=arguments.smoke,
        started=STARTED,
        qt_arguments=qt_arguments,
        on_server=on_server,
        ask_name_first=ask_name,
    )


def _open_store(arguments: argparse.Namespace, check_pages: bool) -> Opened:
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
    from vision_desk.settings import configured_server

    server = configured_server(data_paths, arguments.server)
    if server is not None:
        if arguments.author:
            raise UserError(
                "--as cannot be used with a server: changes are signed with your server role."
            )
        return app.open_server_desk(server, arguments.data_dir)
    return app.open_desk(arguments.data_dir, arguments.author, check_pages=check_pages)


if __name__ == "__main__":
    sys.exit(main())
