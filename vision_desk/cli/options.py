"""The options every start takes, command or window, in a module of their own.

``vision-desk`` with no command opens the window; parsing that case must not load
the command line's modules (they pull in the whole program), so the window path
parses with ``window_parser`` and only a command builds the full parser.
"""

from __future__ import annotations

import argparse
from typing import NoReturn

from vision_desk import __version__


def add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"vision-desk {__version__}")
    parser.add_argument(
        "--data-dir", type=folder, metavar="DIR", help="keep the store and settings in DIR"
    )
    parser.add_argument("--as", dest="author", metavar="NAME", help="record changes under NAME")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="open the desk, wait until it has painted with the data, print the time taken, exit",
    )


def window_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The options when ``argv`` asks for the window (no command, no help, nothing
    else); None when the full command-line parser must answer."""
    if any(word in ("-h", "--help", "--version") for word in argv):
        return None
    parser = _QuietParser(prog="vision-desk", add_help=False)
    add_global_options(parser)
    try:
        arguments, rest = parser.parse_known_args(argv)
    except _NotForTheWindowError:
        return None
    if rest:
        return None
    arguments.command = None
    return arguments


def folder(text: str) -> str:
    if not text.strip():
        # An empty --data-dir (an unset variable in a script) must not fall back to
        # the officer's own store.
        raise argparse.ArgumentTypeError("the data folder must not be empty")
    return text


class _NotForTheWindowError(Exception):
    pass


class _QuietParser(argparse.ArgumentParser):
    """Says nothing on a mistake: the full parser then reports it, with its usage."""

    def error(self, message: str) -> NoReturn:
        raise _NotForTheWindowError(message)
