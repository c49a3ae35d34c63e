"""The options every start takes, command or window, in a module of their own.

``vision-desk`` with no command opens the window; parsing that case must not load
the command line's modules (they pull in the whole program), so the window path
parses with ``window_arguments`` and only a command builds the full parser.

The desk also takes Qt's own options (``-style Fusion``, ``-platform offscreen``):
single-dash words Qt documents for QApplication, QGuiApplication and its X11
platform, set apart here and handed to Qt when it creates the application.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from typing import NoReturn

from vision_desk import __version__

# Qt's options that take a value, written ``-style Fusion`` or ``-style=Fusion``...
QT_OPTIONS_WITH_VALUE = frozenset(
    {
        "style", "stylesheet", "platform", "platformpluginpath", "platformtheme", "plugin",
        "session", "graphicssystem", "display", "geometry", "font", "fn", "title", "name",
        "qwindowgeometry", "qwindowtitle", "qwindowicon", "icon", "visual", "inputstyle",
        "im", "background", "bg", "foreground", "fg", "button", "btn", "ncols",
    }
)  # fmt: skip
# ...those Qt reads only as ``-option=value``...
QT_OPTIONS_JOINED = frozenset({"qmljsdebugger"})
# ...and those that stand alone.
QT_FLAGS = frozenset({"reverse", "widgetcount", "sync", "nograb", "dograb", "cmap", "testability"})
QT_OPTIONS_HELP = (
    "With no command the desk opens, and Qt's own options go to Qt: -style NAME, "
    "-stylesheet FILE, -platform NAME, -platformtheme NAME, -reverse, -display DISPLAY, "
    "-geometry WxH+X+Y and the others Qt documents for QApplication."
)


def add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"vision-desk {__version__}")
    parser.add_argument(
        "--data-dir", type=folder, metavar="DIR", help="keep the store and settings in DIR"
    )
    parser.add_argument("--as", dest="author", metavar="NAME", help="record changes under NAME")
    parser.add_argument(
        "--server",
        metavar="URL",
        help="work on a team desk on PostgreSQL (also VISION_DESK_SERVER, or server = "
        '"URL" in the settings); changes are signed with your server role',
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="open the desk, wait until it has painted with the data, print the time taken, exit",
    )


def window_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The options when ``argv`` asks for the window (no command, no help, nothing
    else but Qt's own options, in ``qt_arguments``); None when the full
    command-line parser must answer."""
    if any(word in ("-h", "--help", "--version") for word in argv):
        return None
    split = _split_qt_options(argv)
    if split is None:
        return None
    ours, qt = split
    parser = _QuietParser(prog="vision-desk", add_help=False)
    add_global_options(parser)
    try:
        arguments, rest = parser.parse_known_args(ours)
    except _NotForTheWindowError:
        return None
    if rest:
        return None
    arguments.command = None
    arguments.qt_arguments = qt
    return arguments


def qt_environment(environ: Mapping[str, str], qt_arguments: Sequence[str]) -> dict[str, str]:
    """The environment as Qt will read it with ``qt_arguments``: ``-platform`` wins
    over QT_QPA_PLATFORM, and ``-display`` names the X11 display."""
    seen = dict(environ)
    for option, variable in (("-platform", "QT_QPA_PLATFORM"), ("-display", "DISPLAY")):
        for position, word in enumerate(qt_arguments[:-1]):
            if word == option:
                seen[variable] = qt_arguments[position + 1]
    return seen


def _split_qt_options(argv: Sequence[str]) -> tuple[list[str], list[str]] | None:
    """``argv`` without Qt's options, and those options as Qt reads them (a value
    always in the next word, but for ``-qmljsdebugger=``); None when a Qt option
    lacks its value."""
    ours: list[str] = []
    qt: list[str] = []
    words = iter(argv)
    for word in words:
        name, joined, value = word[1:].partition("=")
        if not word.startswith("-") or word.startswith("--"):
            ours.append(word)
        elif name in QT_OPTIONS_JOINED and joined:
            qt.append(word)
        elif name in QT_OPTIONS_WITH_VALUE:
            given = value if joined else next(words, None)
            if given is None:
                return None
            qt += [f"-{name}", given]
        elif name in QT_FLAGS and not joined:
            qt.append(word)
        else:
            ours.append(word)
    return ours, qt


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
