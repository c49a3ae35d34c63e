"""Import another agreement and export the officer's work, as the officer does."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path
from typing import Any

REVIEW_DAY = "2021-01-10"
FORMULA = "=cmd|' /C calc'!A0"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Clause titles a spreadsheet would run as formulas if written as they are.
HOSTILE_TITLES = {
    "F-1": FORMULA,
    "F-2": "+1+1",
    "F-3": "-2+3",
    "F-4": "@SUM(A1:A2)",
    "F-5": "\tTabbed",
    # A carriage return ("\rReturned") can no longer be imported, as no control
    # character can (tests/domain/test_agreement_file_controls.py); the export
    # still defuses one (tests/services/test_transfer.py).
}


def formula_agreement() -> str:
    """A valid agreement whose clause titles are spreadsheet formulas."""
    head = """format = 1

[agreement]
id = "formula-check"
title = "Accord with awkward titles"
parties = ["AF", "PK"]
place = "Kabul"
date = 2021-02-01
source = "minutes"

[[sources]]
id = "minutes"
title = "Minutes"
"""
    clauses = [
        f"""
[[clauses]]
ref = "{ref}"
kind = "commitment"
strand = "trade"
parties = ["AF", "PK"]
title = {json.dumps(title)}
text = "A clause."
[clauses.provenance]
source = "minutes"
locator = "item {ref}"
"""
        for ref, title in HOSTILE_TITLES.items()
    ]
    return head + "".join(clauses)


def ok(result: Any) -> str:
    assert result.code == 0, result.err
    assert result.err == ""
    out: str = result.out
    return out


def test_export_json_and_csv_hold_everything_and_defuse_formulas(
    cli: Any, cli_many: Any, tmp_path: Path, expect_error: Any
) -> None:
    incoming = tmp_path / "formula-check.toml"
    incoming.write_text(formula_agreement(), encoding="utf-8")
    assert "as formula-check" in ok(cli("import", str(incoming)))
    first_note = int(ok(cli("note", "SV-C1", FORMULA)))
    ok(cli("--as", "Amina Durrani", "set", "SV-C2", "completed", "--note", "Signed.\nمحمد ظاہر"))

    json_out, csv_out = tmp_path / "out" / "work.json", tmp_path / "out" / "work.csv"
    json_out.parent.mkdir()
    missing = tmp_path / "no" / "such" / "folder"
    *said, no_folder, no_folder_csv, a_folder = cli_many(
        [
            ("export", "--format", "json", "--out", str(json_out), "--as-of", REVIEW_DAY),
            ("export", "--format", "csv", "--out", str(csv_out), "--as-of", REVIEW_DAY),
            ("export", "--format", "json", "--out", str(missing / "work.json")),
            ("export", "--format", "csv", "--out", str(missing / "work.csv")),
            ("export", "--format", "csv", "--out", str(json_out.parent)),  # a folder
        ]
    )
    assert [ok(result) for result in said] == [
        f"Exported to {json_out}.\n",
        f"Exported to {csv_out}.\n",
    ]
    # Exporting where it cannot be written: one sentence, and no file, not even a part.
    expect_error(no_folder, str(missing))
    expect_error(no_folder_csv, str(missing))
    expect_error(a_folder, str(json_out.parent), "nothing was written")
    assert not (tmp_path / "no").exists()
    assert sorted(path.name for path in json_out.parent.iterdir()) == ["work.csv", "work.json"]
    assert not [path for path in tmp_path.iterdir() if path.name.endswith(".part")]
    if os.name == "posix":
        assert stat.S_IMODE(json_out.stat().st_mode) == 0o600
        assert stat.S_IMODE(csv_out.stat().st_mode) == 0o600

    data = json.loads(json_out.read_text(encoding="utf-8"))
    assert data["as_of"] == REVIEW_DAY
    assert [a["id"] for a in data["agreements"]] == ["shared-vision", "formula-check"]
    shared, formulas = data["agreements"]
    assert shared["date"] == "2020-11-19" and len(shared["clauses"]) == 24
    clauses = {clause["ref"]: clause for clause in shared["clauses"]}
    c1, c2 = clauses["SV-C1"], clauses["SV-C2"]
    assert [(n["id"], n["text"], n["author"]) for n in c1["notes"]] == [
        (first_note, FORMULA, "cli-officer")
    ]
    assert c1["status"] == "not_assessed" and c1["score"] is None
    assert c1["flags"] == ["overdue"]
    assert (c2["status"], c2["score"], c2["flags"]) == ("completed", 3, [])
    assert c2["status_changed_by"] == "Amina Durrani"
    assert [n["text"] for n in c2["notes"]] == ["Signed.\nمحمد ظاہر"]
    assert [(h["kind"], h["author"]) for h in c2["history"]] == [
        ("status", "Amina Durrani"),
        ("note_added", "Amina Durrani"),
    ]
    assert [c["title"] for c in formulas["clauses"]] == list(HOSTILE_TITLES.values())

    raw = csv_out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM, so that spreadsheets read UTF-8"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == [
        "agreement", "ref", "kind", "strand", "title", "status", "score", "flags", "notes", "parts"
    ]  # fmt: skip
    body = rows[1:]
    assert len(body) == 24 + len(HOSTILE_TITLES)
    for row in body:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), f"a live formula: {cell!r} in {row}"
    by_ref = {row[1]: row for row in body}
    for ref, title in HOSTILE_TITLES.items():
        assert by_ref[ref][4] == "'" + title
    c1_row, c2_row = by_ref["SV-C1"], by_ref["SV-C2"]
    assert c1_row[5:8] == ["not_assessed", "", "overdue"]
    assert c1_row[8].endswith(f"cli-officer] {FORMULA}")
    assert c2_row[5:7] == ["completed", "3"]
    assert c2_row[8].endswith("Amina Durrani] Signed.\nمحمد ظاہر")
