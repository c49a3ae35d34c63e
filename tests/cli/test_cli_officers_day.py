"""The officer's day at the command line, as its help says: digits for the scale,
empty results that say so, a round close that says what it closed, due with its
reasons, the settings file, today's round, restore that lists and asks, a note
from standard input without the shell's last newline, Qt's own options, and the
desk's typed dates. Each runs the real program in its own process."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from vision_desk.domain.typed_dates import ACCEPTED_FORMS

HASH = re.compile(r"[0-9a-f]{64}")
TODAY = dt.date.today  # read when a test runs, as the program reads it


def ok(result: Any) -> str:
    assert result.code == 0, result.err
    assert result.err == "", result.err
    out: str = result.out
    return out


def as_json(result: Any) -> Any:
    return json.loads(ok(result))


def status_of(cli: Any, ref: str) -> str:
    status: str = as_json(cli("show", ref, "--json"))["status"]
    return status


# -- set REF 2: the desk's digits --------------------------------------------------------


def test_set_takes_the_desks_digits_for_the_commitment_scale(cli: Any) -> None:
    assert ok(cli("set", "SV-C1", "2")) == "SV-C1: Not assessed → Advanced.\n"
    assert status_of(cli, "SV-C1") == "advanced"
    for digit, status in (("0", "not_started"), ("1", "initiated"), ("3", "completed")):
        ok(cli("set", "SV-C2", digit))
        assert status_of(cli, "SV-C2") == status
    # A related undertaking is scored the same way.
    ok(cli("set", "SV-R1", " 1 ", "--note", "Scored with the key's digit."))
    assert status_of(cli, "SV-R1") == "initiated"


def test_a_digit_on_a_principle_is_refused_with_the_principles_words(
    cli: Any, store_dump: Any, expect_error: Any
) -> None:
    ok(cli("set", "SV-P1", "upheld"))
    before = store_dump()
    line = expect_error(cli("set", "SV-P1", "2"), "SV-P1 is a principle", "upheld")
    assert "strained" in line and "breached" in line
    expect_error(cli("set", "SV-C1", "4"), "4 is not a score", "0 (not started)")
    assert store_dump() == before


# -- an empty result says so ---------------------------------------------------------------


def test_an_empty_listing_says_so(cli: Any, cli_many: Any) -> None:
    ok(cli("paths"))  # the store made once, before commands run side by side
    text, as_data, rounds_text, rounds_data = cli_many(
        [
            ("clauses", "--status", "completed"),
            ("clauses", "--status", "completed", "--json"),
            ("round", "list"),
            ("round", "list", "--json"),
        ]
    )
    assert ok(text) == "No clause matches.\n"
    assert as_json(as_data)["clauses"] == []
    assert ok(rounds_text).startswith("No rounds yet")
    assert as_json(rounds_data) == []
    # A filter that matches something lists it, and says nothing more.
    listed = ok(cli("clauses", "--overdue", "--as-of", "2021-01-10"))
    assert "No clause matches." not in listed and listed.startswith("SV-C1 ")


# -- round close says what it closed --------------------------------------------------------


def test_round_close_says_what_it_closed_and_prints_the_hash(cli: Any) -> None:
    ok(cli("round", "open", "January review", "--as-of", "2021-01-10"))
    ok(cli("set", "SV-C1", "initiated", "--note", "Lead officials named."))
    lines = ok(cli("round", "close")).splitlines()
    assert lines[0] == (
        "Closed round 1 'January review', as of 2021-01-10: 1 clause assessed, 23 carried over. "
        "It is submitted for review ('vision-desk round review')."
    )
    assert len(lines) == 2 and lines[1].startswith("Content hash: ")
    digest = lines[1].removeprefix("Content hash: ")
    assert HASH.fullmatch(digest)
    assert as_json(cli("round", "show", "1", "--json"))["hash"] == digest


# -- due: titles and why -----------------------------------------------------------------


def test_due_gives_titles_and_why_each_is_due(cli: Any) -> None:
    never = ok(cli("due", "--as-of", "2021-01-10")).splitlines()
    assert len(never) == 24
    assert never[9].startswith("SV-C1 ")
    assert "never assessed" in never[9]
    assert "Joint intelligence-led work against enemies of peace" in never[9]

    ok(cli("set", "SV-R1", "initiated"))
    ok(cli("cadence", "SV-R1", "7"))
    changed = as_json(cli("show", "SV-R1", "--json"))["status_changed_at"]
    assessed = dt.datetime.fromisoformat(changed).astimezone(dt.UTC).date()
    later = (TODAY() + dt.timedelta(days=9)).isoformat()
    text = ok(cli("due", "--as-of", later)).splitlines()
    (r1,) = [line for line in text if line.startswith("SV-R1 ")]
    assert f"last assessed on {assessed}, cadence 7 days" in r1
    (c1,) = [line for line in text if line.startswith("SV-C1 ")]
    assert "never assessed" in c1

    data = as_json(cli("due", "--as-of", later, "--json"))
    assert data["due"] == [item["ref"] for item in data["clauses"]]  # "due" as before
    item = next(item for item in data["clauses"] if item["ref"] == "SV-R1")
    assert item["last_assessed"] == assessed.isoformat()
    assert item["cadence_days"] == 7
    assert item["next_review"] == (assessed + dt.timedelta(days=7)).isoformat()
    assert item["title"]
    never_item = next(item for item in data["clauses"] if item["ref"] == "SV-C1")
    assert (never_item["last_assessed"], never_item["next_review"]) == (None, None)
    assert never_item["cadence_days"] == 30  # a commitment's cadence


# -- paths: the settings file -------------------------------------------------------------


def test_paths_shows_the_settings_file(cli: Any, data_dir: Path) -> None:
    settings = data_dir.absolute() / "config" / "settings.toml"
    lines = ok(cli("paths")).splitlines()
    assert f"settings  {settings}" in lines
    assert as_json(cli("paths", "--json"))["settings"] == str(settings)


# -- round open without --as-of: today ------------------------------------------------------


def test_round_open_without_a_date_is_for_today(cli: Any) -> None:
    today = TODAY()
    out = ok(cli("round", "open", "Today's review"))
    assert out == f"Round 1 'Today's review' is open, as of {today.isoformat()}.\n"
    assert "default: today" in " ".join(ok(cli("round", "open", "--help")).split())


# -- restore: lists the backups, and asks -------------------------------------------------


def test_restore_without_a_file_lists_the_backups_newest_first(cli: Any, data_dir: Path) -> None:
    assert ok(cli("restore")).startswith("No backups yet")
    ok(cli("backup"))
    ok(cli("round", "open", "January review", "--as-of", "2021-01-10"))
    ok(cli("round", "close"))  # a backup before it seals
    lines = ok(cli("restore")).splitlines()
    files = sorted((data_dir / "backups").glob("*.sqlite3"), reverse=True)  # by their stamp
    assert len(lines) == len(files) >= 2
    row = re.compile(r"(\d{4}-\d\d-\d\d \d\d:\d\d)  (\S+) +([\d,]+) bytes  (.+)")
    shown = [row.fullmatch(line) for line in lines]
    assert all(shown), lines
    assert [Path(match[4]) for match in shown if match] == files  # newest first
    reasons = [match[2] for match in shown if match]
    assert reasons[0] == "round-close" and "manual" in reasons
    sizes = [int(match[3].replace(",", "")) for match in shown if match]
    assert sizes == [path.stat().st_size for path in files]


def _a_backup_then_a_change(cli: Any, data_dir: Path) -> Path:
    ok(cli("backup"))
    (backup,) = (data_dir / "backups").glob("*-manual.sqlite3")
    ok(cli("set", "SV-C1", "completed"))
    return backup


def test_restore_asks_first_and_refuses_without_a_terminal_to_ask_on(
    cli: Any, data_dir: Path, store_dump: Any, expect_error: Any
) -> None:
    backup = _a_backup_then_a_change(cli, data_dir)
    before = store_dump()
    # Standard input is a pipe: nobody to ask, so it says to pass --yes, at once.
    expect_error(cli("restore", str(backup), stdin=""), "--yes")
    expect_error(cli("restore", str(backup), stdin="y\n"), "--yes")
    assert store_dump() == before
    restored = ok(cli("restore", str(backup), "--yes", stdin=""))
    assert restored.startswith(f"Restored the backup {backup.name}")
    assert status_of(cli, "SV-C1") == "not_assessed"


@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal is POSIX's")
@pytest.mark.parametrize(("answer", "restored"), [("y\n", True), ("n\n", False), ("", False)])
def test_restore_on_a_terminal_asks_before_replacing_the_store(
    cli: Any, data_dir: Path, answer: str, restored: bool
) -> None:
    import pty

    backup = _a_backup_then_a_change(cli, data_dir)
    restore = ["restore", str(backup)]
    controller, terminal = pty.openpty()
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "vision_desk", "--data-dir", str(data_dir), *restore],
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "VISION_DESK_AUTHOR": "cli-officer"},
        )
        os.close(terminal)
        os.write(controller, answer.encode() if answer else b"\x04")  # ^D: end of input
        out, err = child.communicate(timeout=120)
    finally:
        os.close(controller)
    question, *rest = err.decode().split("[y/N] ", 1)
    assert "Replace the store" in question and backup.name in question, err
    if restored:
        assert child.returncode == 0, err
        assert out.decode().startswith(f"Restored the backup {backup.name}")
        assert status_of(cli, "SV-C1") == "not_assessed"
    else:
        assert child.returncode == 1, err
        assert out == b""
        # After ^D the cursor is still on the question's line: a new line first.
        assert [part.lstrip("\n") for part in rest] == ["vision-desk: Nothing was restored.\n"]
        assert status_of(cli, "SV-C1") == "completed"


# -- a note from standard input -------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Met the working group.\n", "Met the working group."),
        ("Two lines\nand a blank one after\n\n", "Two lines\nand a blank one after\n"),
        ("  indented, trailing spaces  \n", "  indented, trailing spaces  "),
        ("No newline at all", "No newline at all"),
        ("From Windows\r\n", "From Windows"),
    ],
    ids=["echo", "two-newlines", "spaces", "none", "crlf"],
)
def test_a_note_from_standard_input_loses_only_the_shells_last_newline(
    cli: Any, typed: str, kept: str
) -> None:
    note_id = ok(cli("note", "SV-C1", "-", stdin=typed)).strip()
    (note,) = as_json(cli("show", "SV-C1", "--json"))["notes"]
    assert (str(note["id"]), note["text"]) == (note_id, kept)


# -- Qt's own options reach Qt ----------------------------------------------------------------


def _desk(
    tmp_path: Path, *words: str, platform: str | None = "offscreen"
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "HOME": str(tmp_path / "home")}
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "VISION_DESK_DATA_DIR"):
        environment.pop(name, None)
    if platform is not None:
        environment["QT_QPA_PLATFORM"] = platform
    return subprocess.run(
        [sys.executable, "-m", "vision_desk", "--data-dir", str(tmp_path / "data"), *words],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_qts_platform_option_reaches_qt(tmp_path: Path) -> None:
    # No display and no QT_QPA_PLATFORM: only Qt reading -platform can start it.
    started = _desk(tmp_path, "-platform", "offscreen", "--smoke", platform=None)
    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("smoke: desk painted with 24 clauses in ")
    assert "usage:" not in started.stderr


@pytest.mark.parametrize(
    "words",
    [
        ["-style", "Fusion", "--smoke"],
        ["--smoke", "-style=Fusion"],
        ["-reverse", "--smoke", "-widgetcount"],
    ],
)
def test_qts_own_options_start_the_desk(tmp_path: Path, words: list[str]) -> None:
    started = _desk(tmp_path, *words)
    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("smoke: desk painted with 24 clauses in ")
    assert "usage:" not in started.stderr and "invalid style" not in started.stderr


def test_a_style_qt_does_not_know_is_qts_to_refuse(tmp_path: Path) -> None:
    started = _desk(tmp_path, "-style", "NoSuchStyle", "--smoke")
    assert started.returncode == 0, started.stderr
    # Qt's own warning: the option reached it, and it went on with its default.
    assert "invalid style override 'NoSuchStyle'" in started.stderr


def test_qt_options_are_for_the_desk_not_for_commands(cli: Any) -> None:
    refused = cli("clauses", "-style", "Fusion")
    assert refused.code == 2 and refused.out == ""
    assert "unrecognized arguments: -style" in refused.err
    assert "-style" in " ".join(ok(cli("--help")).split())


# -- the desk's typed dates -----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["2021-01-10", "10 Jan 2021", "10 January 2021", "10/01/2021", " 10 jan 2021 "]
)
def test_date_options_take_the_desks_typed_dates(cli: Any, typed: str) -> None:
    assert as_json(cli("clauses", "--json", "--as-of", typed))["as_of"] == "2021-01-10"
    assert as_json(cli("due", "--json", "--as-of", typed))["as_of"] == "2021-01-10"


def test_relative_dates_count_from_today(cli: Any) -> None:
    today = TODAY()
    assert as_json(cli("clauses", "--json", "--as-of", "today"))["as_of"] == today.isoformat()
    later = (today + dt.timedelta(days=30)).isoformat()
    assert as_json(cli("due", "--json", "--as-of", "+30d"))["as_of"] == later
    # A leading minus reads as an option unless joined to its own: --as-of=-7d.
    opened = ok(cli("round", "open", "Looking back", "--as-of=-7d"))
    assert opened.endswith(f"as of {(today - dt.timedelta(days=7)).isoformat()}.\n")


@pytest.mark.parametrize("typed", ["2021-02-30", "10 1 2021", "10/01/21", "Janvier 10, 2021"])
def test_a_date_that_cannot_be_read_is_refused_naming_the_accepted_forms(
    cli: Any, data_dir: Path, typed: str
) -> None:
    refused = cli("clauses", "--as-of", typed)
    assert refused.code == 2 and refused.out == ""
    last = refused.err.splitlines()[-1]
    assert last.startswith("vision-desk clauses: error: argument --as-of: ")
    assert last.endswith(f"Accepted: {ACCEPTED_FORMS}.")
    assert not data_dir.exists()
