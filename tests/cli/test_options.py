"""Which starts open the window without loading the command line's modules."""

from __future__ import annotations

import pytest

from vision_desk.cli.options import window_arguments


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
