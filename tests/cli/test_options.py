"""Which starts open the window without loading the command line's modules."""

from __future__ import annotations

import pytest

from vision_desk.cli.options import qt_environment, window_arguments


@pytest.mark.parametrize(
    ("words", "data_dir", "author", "smoke"),
    [
        ([], None, None, False),
        (["--data-dir", "/tmp/x", "--smoke"], "/tmp/x", None, True),
        (["--as", "A. Officer", "--data-dir=/d"], "/d", "A. Officer", False),
    ],
)
def test_window_starts(
    words: list[str], data_dir: str | None, author: str | None, smoke: bool
) -> None:
    arguments = window_arguments(words)
    assert arguments is not None
    assert (arguments.data_dir, arguments.author, arguments.smoke, arguments.command) == (
        data_dir,
        author,
        smoke,
        None,
    )


@pytest.mark.parametrize(
    "words",
    [
        ["clauses"],
        ["--data-dir", "/d", "show", "SV-C1"],
        ["--help"],
        ["-h"],
        ["--version"],
        ["--data-dir", ""],  # the full parser says why
        ["--data-dir"],
        ["--bogus"],
    ],
)
def test_everything_else_goes_to_the_full_parser(words: list[str]) -> None:
    assert window_arguments(words) is None


def test_a_window_start_loads_neither_the_commands_nor_the_store() -> None:
    import subprocess
    import sys

    probe = (
        "import sys; from vision_desk.cli.options import window_arguments; "
        "window_arguments(['--smoke']); "
        "import vision_desk.ui.app; "
        "print(sorted(m for m in ('vision_desk.cli.main', 'sqlalchemy', 'alembic', "
        "'reportlab', 'vision_desk.services.desk') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


# -- Qt's own options, for the desk ------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "qt", "smoke"),
    [
        (["-style", "Fusion"], ["-style", "Fusion"], False),
        (["-style=Fusion", "--smoke"], ["-style", "Fusion"], True),
        (["--smoke", "-platform", "offscreen"], ["-platform", "offscreen"], True),
        (["-reverse", "--data-dir", "/d", "-widgetcount"], ["-reverse", "-widgetcount"], False),
        (
            ["-stylesheet", "a.qss", "-platformtheme", "gtk3", "-geometry", "800x600+0+0"],
            ["-stylesheet", "a.qss", "-platformtheme", "gtk3", "-geometry", "800x600+0+0"],
            False,
        ),
        (
            ["-qmljsdebugger=port:1234", "-session", "s1"],
            ["-qmljsdebugger=port:1234", "-session", "s1"],
            False,
        ),
        (
            ["-display", ":1", "-name", "desk", "-title", "Desk"],
            ["-display", ":1", "-name", "desk", "-title", "Desk"],
            False,
        ),
        (
            ["-font", "Sans", "-plugin", "evdevtouch"],
            ["-font", "Sans", "-plugin", "evdevtouch"],
            False,
        ),
    ],
)
def test_qts_own_options_go_to_qt(words: list[str], qt: list[str], smoke: bool) -> None:
    arguments = window_arguments(words)
    assert arguments is not None
    assert (arguments.qt_arguments, arguments.smoke, arguments.command) == (qt, smoke, None)


def test_a_start_without_qt_options_passes_none() -> None:
    arguments = window_arguments(["--smoke"])
    assert arguments is not None and arguments.qt_arguments == []


@pytest.mark.parametrize(
    "words",
    [
        ["-style"],  # its value is missing: the full parser says what is wrong
        ["-bogus"],
        ["--style", "Fusion"],  # our own options are the double-dash ones
        ["clauses", "-style", "Fusion"],  # for the desk only
        ["-style", "Fusion", "clauses"],
    ],
)
def test_what_is_not_qts_goes_to_the_full_parser(words: list[str]) -> None:
    assert window_arguments(words) is None


@pytest.mark.parametrize(
    ("qt", "environ", "changed"),
    [
        ([], {"DISPLAY": ":0"}, {"DISPLAY": ":0"}),
        (["-platform", "offscreen"], {}, {"QT_QPA_PLATFORM": "offscreen"}),
        (["-platform=xcb"], {"QT_QPA_PLATFORM": "offscreen"}, {"QT_QPA_PLATFORM": "xcb"}),
        (["-reverse"], {"QT_QPA_PLATFORM": "offscreen"}, {"QT_QPA_PLATFORM": "offscreen"}),
        (["-display", ":2"], {}, {"DISPLAY": ":2"}),
    ],
)
def test_what_qt_will_see_of_the_environment(
    qt: list[str], environ: dict[str, str], changed: dict[str, str]
) -> None:
    arguments = window_arguments(qt)  # Qt's options as the start hands them on
    assert arguments is not None
    assert qt_environment(environ, arguments.qt_arguments) == changed
