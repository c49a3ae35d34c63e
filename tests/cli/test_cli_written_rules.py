"""The rules README and docs/rounds.md write down, checked on the real program: a
title loses whitespace of every kind at its ends; undo then redo keeps an
assessment's original time and author; "not assessed" set in a round is recorded;
a round whose reasons hold every escape closes with the hash the documented check
script computes; blank notes are refused, as `--help` says; and `clauses --json`
says which clauses the index counts."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from vision_desk.domain.rules import COUNTED_WORDS

ROUNDS_DOC = Path(__file__).resolve().parents[2] / "docs" / "rounds.md"

# Every character Python's str.strip() removes, as docs/rounds.md lists them.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(chr(code) for code in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)

# Reasons as pasted from other programs: every escape of the canonical form, and
# every character it writes raw.
PASTED = {
    "SV-C1": 'Minutes p. 3\fp. 4: "kept" at C:\\7 (a/b).\r\nSigned\tby both.',
    "SV-C2": "Line\u000bbreak; sep\u2028line; sep\u2029para; next\u0085line. 📈",
    "SV-C3": "From a terminal: \u001b[1mbold\u001b[0m, rubbed out\b and DEL\u007f.",
}


def ok(result: Any) -> str:
    assert result.code == 0, result.err
    out: str = result.out
    return out


def shown(cli: Any, round_id: int = 1) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(cli("round", "show", str(round_id), "--json")))
    return data


def records(cli: Any, round_id: int = 1) -> dict[str, dict[str, Any]]:
    return {record["ref"]: record for record in shown(cli, round_id)["records"]}


def test_the_documented_whitespace_is_what_python_strips() -> None:
    everything = [chr(code) for code in range(sys.maxunicode + 1)]
    assert {character for character in everything if character.isspace()} == set(WHITESPACE)
    page = " ".join(ROUNDS_DOC.read_text(encoding="utf-8").split())
    assert (
        "U+0009 to U+000D, U+001C to U+001F, U+0020, U+0085, U+00A0, U+1680, U+2000 to "
        "U+200A, U+2028, U+2029, U+202F, U+205F and U+3000" in page
    )


def test_a_title_loses_whitespace_of_every_kind_at_its_ends_only(cli: Any) -> None:
    title = "Year-end\u2028 review\u00a0 2021"  # inside: kept as typed
    ok(cli("round", "open", WHITESPACE + "\u200b" + title + WHITESPACE, "--as-of", "2021-12-31"))
    # U+200B, the zero-width space, is not whitespace: it stays.
    assert shown(cli)["title"] == "\u200b" + title


def test_undo_then_redo_keeps_the_original_time_and_author(cli: Any, raw_cli: Any) -> None:
    ok(cli("round", "open", "January", "--as-of", "2021-01-10"))
    ok(cli("set", "SV-C1", "advanced", "--note", "A draft exchanged."))
    before = records(cli)["SV-C1"]
    ok(cli("undo"))
    assert "SV-C1" not in records(cli)  # back in the queue
    redone = raw_cli("--as", "Another Officer", "redo")
    assert redone.returncode == 0, redone.stderr
    after = records(cli)["SV-C1"]
    assert after == before
    assert after["assessed_by"] == "cli-officer"  # not whoever pressed redo
    digest = ok(cli("round", "close")).splitlines()[-1].removeprefix("Content hash: ")
    assert records(cli)["SV-C1"]["assessed_at"] == before["assessed_at"]
    assert shown(cli)["hash"] == digest


def test_setting_not_assessed_in_a_round_is_recorded_as_an_assessment(cli: Any) -> None:
    ok(cli("set", "SV-C2", "initiated"))  # before the round
    ok(cli("round", "open", "January", "--as-of", "2021-01-10"))
    ok(cli("set", "SV-C2", "not_assessed", "--note", "Withdrawn: the draft was recalled."))
    ok(cli("round", "close"))
    record = records(cli)["SV-C2"]
    assert record["status"] == "not_assessed"
    assert record["carried_over"] is False
    assert record["assessed_at"] is not None and record["assessed_by"] == "cli-officer"
    assert record["rationale"] == "Withdrawn: the draft was recalled."
    untouched = records(cli)["SV-C3"]
    assert (untouched["status"], untouched["carried_over"]) == ("not_assessed", True)


def test_a_round_holding_every_escape_hashes_as_the_documented_script_says(cli: Any) -> None:
    ok(cli("round", "open", "Escapes", "--as-of", "2021-01-10"))
    for ref, reason in PASTED.items():
        ok(cli("set", ref, "initiated", "--note", reason))
    digest = ok(cli("round", "close")).splitlines()[-1].removeprefix("Content hash: ")
    printed = ok(cli("round", "show", "1", "--json"))
    # The command line keeps the raw characters off the terminal, as \u escapes...
    for escaped in ("\\u007f", "\\u0085", "\\u2028", "\\u2029", "\\u000b", "\\u001b"):
        assert escaped in printed, escaped
    data = json.loads(printed)
    assert data["hash"] == digest and data["verified"] is True
    # ...that read back as the very characters stored.
    assert {ref: records(cli)[ref]["rationale"] for ref in PASTED} == PASTED
    page = ROUNDS_DOC.read_text(encoding="utf-8")
    script = next(
        block
        for block in re.findall(r"```python\n(.*?)```", page, flags=re.DOTALL)
        if "json.load(sys.stdin)" in block
    )
    checked = subprocess.run(
        [sys.executable, "-I", "-c", script],
        input=printed.encode("utf-8"),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.decode().strip() == digest


def test_blank_notes_are_refused_as_help_says(cli: Any, store_dump: Any) -> None:
    set_help = " ".join(ok(cli("set", "--help")).split())
    note_help = " ".join(ok(cli("note", "--help")).split())
    assert "an empty or blank TEXT is refused and nothing is changed" in set_help
    assert "an empty or blank note is refused and nothing is saved" in note_help
    ok(cli("clauses"))  # the store exists before the dump
    before = store_dump()
    for blank in ("", "   ", "\t\n"):
        refused = cli("set", "SV-C1", "initiated", "--note", blank)
        assert refused.code == 1 and "A note needs some text" in refused.err
        refused = cli("note", "SV-C1", blank)
        assert refused.code == 1 and "A note needs some text" in refused.err
    refused = cli("note", "SV-C1", "-", stdin=" \n ")
    assert refused.code == 1 and "A note needs some text" in refused.err
    assert store_dump() == before


def test_clauses_json_says_what_the_index_counts(cli: Any) -> None:
    ok(cli("set", "SV-C1", "advanced"))
    ok(cli("set", "SV-R1", "completed"))  # a related undertaking: not counted
    summary = json.loads(ok(cli("clauses", "--json", "--as-of", "2021-01-10")))["summary"]
    assert summary["counted"] == COUNTED_WORDS
    assert summary["implementation_index"] == 66.7  # 2 of 3, one decimal, not 100
    assert summary["commitments"]["completed"] == 0
