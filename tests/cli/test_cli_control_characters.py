"""Text reaches the terminal with its control characters escaped (reliability.md,
"Beyond crashes"): a note, a clause title, a round's reason or a word echoed in an
error can never ring, clear the screen, recolour or rewrite a line. What is stored
stays as typed, and ``--json`` gives it back exactly."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

from conftest import DATABASE_NAME, documented_example

HOSTILE = "bell\a esc\x1b[2J\x1b[31mRED\x1b[0m nul\x00 csi\u009b2J over\rwritten sep\u2028arated"
SHOWN = (
    "bell\\x07 esc\\x1b[2J\\x1b[31mRED\\x1b[0m nul\\x00 csi\\x9b2J over\\x0dwritten "
    "sep\\u2028arated"
)
# An argument cannot hold NUL; standard input can, and a note refuses it (no store,
# the team's server included, keeps it).
ARGUMENT, SHOWN_ARGUMENT = HOSTILE.replace("nul\x00 ", ""), SHOWN.replace("nul\\x00 ", "")
# A raw control on the way out: C0 but tab and line feed (CR only before LF), DEL,
# C1, and the Unicode line and paragraph separators, as UTF-8 bytes.
RAW = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]")


def ok(result: Any) -> bytes:
    assert result.returncode == 0, result.stderr
    assert not RAW.search(result.stdout) and not RAW.search(result.stderr), result
    out: bytes = result.stdout
    return out


def test_notes_rounds_and_titles_are_escaped_on_the_way_out(raw_cli: Any, data_dir: Path) -> None:
    with_nul = raw_cli("note", "SV-C1", "-", stdin=f"{HOSTILE}\n".encode())
    assert with_nul.returncode == 1 and b"NUL character at position" in with_nul.stderr
    typed = f"{ARGUMENT}\nsecond line\r\nthird\r\n"
    note = ok(raw_cli("note", "SV-C1", "-", stdin=typed.encode()))
    ok(raw_cli("round", "open", "Dec\x1b[8m review", "--as-of", "2020-12-01"))
    ok(raw_cli("set", "SV-C2", "initiated", "--note", ARGUMENT))
    ok(raw_cli("round", "close"))
    # A title imported before agreement files were checked for control characters.
    connection = sqlite3.connect(data_dir / DATABASE_NAME)
    with connection:
        connection.execute(
            "UPDATE clauses SET title = ? WHERE ref = 'SV-C3'", ("Title\x1b]0;pwned\a\u0085",)
        )
    connection.close()

    shown = ok(raw_cli("show", "SV-C1")).decode()
    assert SHOWN_ARGUMENT in shown and "second line\r\n" in shown
    assert "Title\\x1b]0;pwned\\x07\\x85" in ok(raw_cli("clauses")).decode()
    assert "Title\\x1b]0;pwned" in ok(raw_cli("show", "SV-C3")).decode()
    assert SHOWN_ARGUMENT in ok(raw_cli("round", "show", "1")).decode()
    assert "Dec\\x1b[8m review" in ok(raw_cli("round", "list")).decode()
    # The store holds the words as typed, and JSON gives them back exactly.
    as_json = json.loads(ok(raw_cli("show", "SV-C1", "--json")))
    assert as_json["notes"][0]["text"] == f"{ARGUMENT}\nsecond line\r\nthird"
    assert int(note) == as_json["notes"][0]["id"]
    record = json.loads(ok(raw_cli("round", "show", "1", "--json")))["records"]
    assert {r["ref"]: r["rationale"] for r in record}["SV-C2"] == ARGUMENT
    board = json.loads(ok(raw_cli("clauses", "--json")))["clauses"]
    assert {c["ref"]: c["title"] for c in board}["SV-C3"] == "Title\x1b]0;pwned\a\u0085"


def test_words_echoed_in_errors_are_escaped(raw_cli: Any, expect_error: Any) -> None:
    unknown = raw_cli("show", "\x1b[2JSV-C1\x9b")
    assert not RAW.search(unknown.stderr)
    expect_error(unknown, "\\x1b[2JSV-C1\\x9b")
    usage = raw_cli("clauses", "--as-of", "\x1b[2J2021")
    assert usage.returncode == 2 and not RAW.search(usage.stderr)
    assert b"\\x1b[2J2021" in usage.stderr
    stray = raw_cli("clauses", "\x1b[31mextra")
    assert stray.returncode == 2 and not RAW.search(stray.stderr)


def test_an_agreement_file_with_a_control_character_is_refused_at_its_line(
    raw_cli: Any, tmp_path: Path, expect_error: Any
) -> None:
    text = documented_example().replace('title = "Equitable use"', 'title = "Equitable\\u001b use"')
    line = text[: text.index("Equitable\\u001b")].count("\n") + 1
    path = tmp_path / "river.toml"
    path.write_text(text, encoding="utf-8")
    expect_error(raw_cli("import", str(path)), f"river.toml:{line}:", "U+001B")
    assert raw_cli("clauses", "--agreement", "river-accord").returncode == 1
