"""Expected errors on the command line: one sentence on stderr, exit 1 (2 for usage),
no traceback, and nothing written to the store."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

REVIEW_DAY = "2021-01-10"
SHARED_VISION = Path(__file__).resolve().parents[2] / "resources/agreements/shared-vision.toml"
URDU = "محمد ظاہر"


def state(cli_many: Any) -> tuple[str, ...]:
    """What the officer can see: the board, and the history of the clauses touched."""
    results = cli_many(
        [
            ("clauses", "--json", "--as-of", REVIEW_DAY),
            ("history", "SV-C1", "--json"),
        ]
    )
    for result in results:
        assert result.code == 0, result.err
    return tuple(result.out for result in results)


def write_hostile_files(folder: Path, river: str) -> dict[str, tuple[Path, tuple[str, ...]]]:
    """Files an officer might be handed, each with what its error must mention."""
    folder.mkdir()
    files: dict[str, tuple[bytes, tuple[str, ...]]] = {
        "binary.toml": (bytes(range(256)) * 64, ("binary",)),
        "huge.toml": (b"# padding padding padding\n" * (6 * 1024 * 1024 // 26 + 1), ("5 MB",)),
        "nested.toml": (b"x = " + b"[" * 50_000 + b"]" * 50_000 + b"\n", ("nests",)),
        "latin-1.toml": (
            river.replace("Equitable use", "Utilisation équitable").encode("latin-1"),
            (f"latin-1.toml:{_line_of(river, 'Equitable use')}:", "UTF-8"),
        ),
        "typo.toml": (
            river.replace(
                'place = "Islamabad"\n', 'place = "Islamabad"\ncolour = "blue"\n'
            ).encode(),
            (f"typo.toml:{_line_of(river, 'place =') + 1}:", "'colour'"),
        ),
        "not-toml.toml": (b"format = 1\n[agreement\nid = 'x'\n", ("not-toml.toml:2:", "TOML")),
    }
    written = {}
    for name, (data, mentions) in files.items():
        path = folder / name
        path.write_bytes(data)
        written[name] = (path, mentions)
    return written


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_expected_errors_say_one_sentence_and_change_nothing(
    cli: Any,
    raw_cli: Any,
    cli_many: Any,
    tmp_path: Path,
    river_file: Path,
    store_dump: Any,
    expect_error: Any,
) -> None:
    first = cli("set", "SV-C1", "advanced", "--note", "Before the errors.")
    assert first.code == 0, first.err
    before, dump = state(cli_many), store_dump()
    assert json.loads(before[1]), "the history is not empty, so a change would show"

    cases: list[tuple[str, Callable[[], Any], tuple[str, ...]]] = []

    def command(*args: str, mentions: tuple[str, ...]) -> None:
        cases.append((" ".join(args), lambda: cli(*args), mentions))

    command("show", "SV-X9", mentions=("'SV-X9'", "A Shared Vision"))
    command("set", "SV-X9", "advanced", mentions=("'SV-X9'",))
    command("set", "SV-C1", "done", mentions=("'done'", "not a status", "not_started"))
    command("set", "SV-C1", "upheld", mentions=("'upheld'", "scale", "commitment"))
    command("set", "SV-P1", "advanced", mentions=("'advanced'", "scale", "principle", "breached"))
    command("set", "SV-P1", "upheld", "--note", "  ", mentions=("note",))
    command("clauses", "--status", "finished", mentions=("'finished'",))
    command("set", "--agreement", "no-such", "SV-C1", "completed", mentions=("'no-such'",))
    command("redo", mentions=("Nothing to redo",))

    # Bytes that are not UTF-8, in an argument or on standard input.
    not_utf8 = ("not UTF-8",)
    cases += [
        ("note (argument)", lambda: raw_cli("note", "SV-C1", b"caf\xe9 au lait"), not_utf8),
        ("--as", lambda: raw_cli("--as", b"Ren\xe9", "set", "SV-C1", "completed"), not_utf8),
        ("note -", lambda: raw_cli("note", "SV-C1", "-", stdin="café".encode("latin-1")), not_utf8),
    ]

    # A data folder that is a file, and a settings file that is not TOML.
    not_a_folder = tmp_path / "data-file"
    not_a_folder.write_text("not a folder\n")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "config").mkdir(parents=True)
    (elsewhere / "config" / "settings.toml").write_text('author = "unclosed\n')
    cases += [
        ("--data-dir FILE", lambda: raw_cli("clauses", data=not_a_folder), ("data-file",)),
        (
            "with a broken settings.toml",
            lambda: raw_cli("note", "SV-C1", "x", data=elsewhere, drop=["VISION_DESK_AUTHOR"]),
            ("settings.toml", "not valid TOML"),
        ),
    ]

    # Files an officer might be handed.
    files = write_hostile_files(tmp_path / "incoming", river_file.read_text(encoding="utf-8"))
    assert files["huge.toml"][0].stat().st_size > 6_000_000
    files["absent.toml"] = (tmp_path / "absent.toml", ("cannot be read",))
    files["shared-vision.toml"] = (SHARED_VISION, ("already holds", "'shared-vision'"))
    for name, (path, mentions) in files.items():
        command("import", str(path), mentions=(name, *mentions))

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda case: case[1](), cases))
    for (what, _, mentions), result in zip(cases, results, strict=True):
        try:
            expect_error(result, *mentions)
        except AssertionError as error:
            raise AssertionError(f"vision-desk {what}: {error}") from None

    assert state(cli_many) == before
    assert store_dump() == dump
    assert not (elsewhere / "vision-desk.sqlite3").exists()


def test_usage_errors_exit_2_and_create_nothing(
    cli_many: Any, raw_cli: Any, data_dir: Path, home: Path
) -> None:
    results = cli_many(
        [
            ("frobnicate",),
            ("set", "SV-C1"),
            ("clauses", "--as-of", "2021-02-30"),
            ("export", "--format", "xml", "--out", "x.xml"),
        ]
    )
    # An empty --data-dir (an unset variable in a script) must never fall back to
    # the officer's own store.
    empty = raw_cli("--data-dir", "", "clauses")
    for result in [*results, empty]:
        code, err = (
            (result.code, result.err)
            if hasattr(result, "code")
            else (result.returncode, result.stderr.decode())
        )
        assert code == 2, err
        assert "Traceback" not in err
        assert err.startswith("usage: vision-desk"), err
        assert "error:" in err.splitlines()[-1]
    assert "“2021-02-30” is not a day of the calendar. Accepted: 2021-01-10," in results[2].err
    assert not data_dir.exists()
    assert not any(home.rglob("*.sqlite3")), "nothing may land in the default folder"


def test_a_reader_that_goes_away_is_no_crash(raw_cli: Any, expect_error: Any) -> None:
    """``vision-desk clauses --json | head -1``: the pipe closes before we finish."""
    expect_error(raw_cli("undo"), "Nothing to undo")  # a fresh store
    read, write = os.pipe()
    os.close(read)
    try:
        result = raw_cli("clauses", "--json", stdout=write)
    finally:
        os.close(write)
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert "internal error" not in err and "Traceback" not in err
    assert "Exception ignored" not in err
    assert err == ""


@pytest.mark.skipif(os.name != "posix", reason="PYTHONIOENCODING stands in for a code page")
def test_a_console_that_cannot_show_urdu_is_no_crash(raw_cli: Any) -> None:
    """A Windows console or file in a legacy code page: output must still work,
    and JSON must still be exact."""
    added = raw_cli("note", "SV-C1", "-", stdin=f"Met {URDU}.\n".encode())
    assert added.returncode == 0, added.stderr
    ascii_only = {"PYTHONIOENCODING": "ascii"}
    shown = raw_cli("show", "SV-C1", env=ascii_only)
    assert shown.returncode == 0, shown.stderr
    assert b"Met \\u0645" in shown.stdout
    as_json = raw_cli("show", "SV-C1", "--json", env=ascii_only)
    assert as_json.returncode == 0, as_json.stderr
    assert as_json.stdout.isascii()
    assert json.loads(as_json.stdout)["notes"][0]["text"] == f"Met {URDU}."
