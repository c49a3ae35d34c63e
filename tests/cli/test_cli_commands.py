"""The everyday commands, run as the officer runs them: the real program, in its own
process, on a fresh data folder (the ``cli`` fixture)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from vision_desk import __version__

REVIEW_DAY = "2021-01-10"  # after SV-C1's deadline (15 December 2020)
PRINCIPLES = [f"SV-P{n}" for n in range(1, 10)]
COMMITMENTS = [f"SV-C{n}" for n in range(1, 9)]
RELATED = [f"SV-R{n}" for n in range(1, 8)]
CLAUSE_KEYS = {"ref", "kind", "strand", "parties", "title", "text", "quotes", "due"}
CLAUSE_KEYS |= {"status", "score", "flags"}

# A note as an officer pastes it: several lines, Urdu, and a line that looks like
# keyboard shortcuts. It must come back exactly, byte for byte.
PASTED_NOTE = (
    "Spoke with محمد ظاہر at the embassy.\n"
    "Draft exchanged on 3 Dec; j k n 0 1\n"
    "\n"
    "  indented line, trailing spaces  \n"
)


def listing(cli: Any, *args: str) -> dict[str, Any]:
    result = cli("clauses", "--json", *args)
    assert result.code == 0, result.err
    assert result.err == ""
    data: dict[str, Any] = json.loads(result.out)
    return data


def by_ref(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {clause["ref"]: clause for clause in data["clauses"]}


def ok(result: Any) -> str:
    assert result.code == 0, result.err
    assert result.err == ""
    out: str = result.out
    return out


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_version_and_no_command(cli: Any, raw_cli: Any, data_dir: Path) -> None:
    version = cli("--version")
    assert version.code == 0
    assert version.out.strip() == f"vision-desk {__version__}"

    # With no command the desk opens; --smoke closes it once it has painted.
    smoke = raw_cli("--smoke", env={"QT_QPA_PLATFORM": "offscreen"})
    assert smoke.returncode == 0, smoke.stderr.decode()
    assert smoke.stdout.decode().startswith("smoke: desk painted with 24 clauses in ")
    assert "Traceback" not in smoke.stderr.decode()
    assert (data_dir / "vision-desk.sqlite3").exists()


def test_first_start_creates_a_private_store_holding_the_shared_vision(
    cli: Any, data_dir: Path
) -> None:
    assert not data_dir.exists()
    data = listing(cli, "--as-of", REVIEW_DAY)

    database = data_dir / "vision-desk.sqlite3"
    assert database.is_file()
    if os.name == "posix":
        assert mode(database) == 0o600
        for folder in (data_dir, data_dir / "backups", data_dir / "logs", data_dir / "config"):
            assert folder.is_dir()
            assert mode(folder) == 0o700, folder

    assert data["agreement"]["id"] == "shared-vision"
    assert data["agreement"]["date"] == "2020-11-19"
    assert data["agreement"]["parties"] == ["AF", "PK"]
    assert [clause["ref"] for clause in data["clauses"]] == PRINCIPLES + COMMITMENTS + RELATED
    clauses = by_ref(data)
    for clause in clauses.values():
        assert clause.keys() >= CLAUSE_KEYS
        assert clause["status"] == "not_assessed"
        assert clause["score"] is None, "not assessed is no score, never 0"
    assert {clauses[ref]["kind"] for ref in PRINCIPLES} == {"principle"}
    assert {clauses[ref]["kind"] for ref in COMMITMENTS} == {"commitment"}
    assert {clauses[ref]["kind"] for ref in RELATED} == {"related"}
    assert all(clauses[ref]["due"] is None for ref in PRINCIPLES)

    c1 = clauses["SV-C1"]
    assert c1["due"] == {
        "label": "By 15 December 2020",
        "earliest": "2020-12-15",
        "latest": "2020-12-15",
        "precision": "day",
    }
    assert "overdue" in c1["flags"]
    assert clauses["SV-C6"]["due"]["precision"] == "quarter"
    assert clauses["SV-C6"]["due"]["latest"] == "2021-03-31"
    assert "overdue" not in clauses["SV-C6"]["flags"]

    on_the_day = by_ref(listing(cli, "--as-of", "2020-12-15"))["SV-C1"]
    assert "overdue" not in on_the_day["flags"], "the deadline day itself is still on time"
    assert on_the_day["flags"] == ["due_soon"]

    assert ok(cli("set", "SV-C1", "advanced")).strip() == "SV-C1: Not assessed → Advanced."
    after = by_ref(listing(cli, "--as-of", REVIEW_DAY))["SV-C1"]
    assert after["status"] == "advanced"
    assert after["score"] == 2
    assert "overdue" in after["flags"], "advanced is not done: still overdue"
    assert after["status_changed_by"] == "cli-officer"


def test_set_note_show_history_undo_redo(cli: Any, cli_many: Any, data_dir: Path) -> None:
    said = ok(cli("set", "SV-C1", "advanced", "--note", "Joint cell met in Kabul."))
    assert said == "SV-C1: Not assessed → Advanced.\n"

    printed = ok(cli("note", "SV-C1", "-", stdin=PASTED_NOTE))
    assert re.fullmatch(r"\d+\n", printed), f"note must print its id alone: {printed!r}"
    note_id = int(printed)

    said = ok(cli("--as", "Amina Durrani", "set", "SV-P3", "strained"))
    assert said == "SV-P3: Not assessed → Strained.\n"

    shown_json, shown_text, history_json = cli_many(
        [("show", "SV-C1", "--json"), ("show", "SV-C1"), ("history", "SV-C1", "--json")]
    )
    shown = json.loads(ok(shown_json))
    assert shown["ref"] == "SV-C1"
    assert shown["status"] == "advanced" and shown["score"] == 2
    assert shown["note_count"] == 2
    first, pasted = shown["notes"]
    assert first["text"] == "Joint cell met in Kabul."
    assert pasted["id"] == note_id != first["id"]
    # Kept exactly, but for the one line end after the last line (the shell's).
    assert pasted["text"] == PASTED_NOTE.removesuffix("\n"), "newlines and non-ASCII kept"
    assert {first["author"], pasted["author"]} == {"cli-officer"}
    assert dt.datetime.fromisoformat(pasted["time"]).tzinfo is not None

    text = ok(shown_text)
    assert "Status: Advanced (set by cli-officer" in text
    assert "Deadline: By 15 December 2020" in text
    assert f"[{note_id}] cli-officer" in text
    assert "    Spoke with محمد ظاہر at the embassy." in text
    assert "    Draft exchanged on 3 Dec; j k n 0 1" in text

    history = json.loads(ok(history_json))
    assert [(c["kind"], c["before"], c["after"], c["via"]) for c in history] == [
        ("status", "not_assessed", "advanced", None),
        ("note_added", None, str(first["id"]), None),
        ("note_added", None, str(note_id), None),
    ]
    assert {change["author"] for change in history} == {"cli-officer"}

    assert ok(cli("undo")) == "Undone: status Not assessed → Strained on SV-P3.\n"
    assert ok(cli("redo")) == "Redone: status Not assessed → Strained on SV-P3.\n"

    history_json, history_text = cli_many([("history", "SV-P3", "--json"), ("history", "SV-P3")])
    history = json.loads(ok(history_json))
    assert [(c["author"], c["before"], c["after"], c["via"]) for c in history] == [
        ("Amina Durrani", "not_assessed", "strained", None),
        ("cli-officer", "strained", "not_assessed", "undo"),
        ("cli-officer", "not_assessed", "strained", "redo"),
    ]
    assert all(change["kind"] == "status" for change in history)
    lines = ok(history_text).splitlines()
    assert len(lines) == 3
    assert "Amina Durrani  status not_assessed → strained" in lines[0]
    assert lines[2].endswith("status not_assessed → strained (redo)")

    log = data_dir / "logs" / "vision-desk.log"
    assert log.is_file()
    assert "محمد" not in log.read_text(encoding="utf-8"), "note text never goes to the log"


def test_author_comes_from_the_settings_file(raw_cli: Any, data_dir: Path) -> None:
    (data_dir / "config").mkdir(parents=True)
    (data_dir / "config" / "settings.toml").write_text(
        'author = "Settings Officer"\n', encoding="utf-8"
    )
    unset = ("VISION_DESK_AUTHOR",)
    assert raw_cli("set", "SV-C2", "initiated", drop=unset).returncode == 0
    # The environment variable wins over the settings file, and --as over both.
    with ThreadPoolExecutor() as pool:
        from_env = pool.submit(
            raw_cli, "note", "SV-C2", "from env", env={"VISION_DESK_AUTHOR": "Env Officer"}
        )
        named = pool.submit(raw_cli, "--as", "Named Officer", "note", "SV-C2", "named", drop=unset)
    for result in (from_env.result(), named.result()):
        assert result.returncode == 0, result.stderr

    shown = raw_cli("show", "SV-C2", "--json", drop=unset)
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["status_changed_by"] == "Settings Officer"
    assert sorted((n["author"], n["text"]) for n in data["notes"]) == [
        ("Env Officer", "from env"),
        ("Named Officer", "named"),
    ]


def test_status_overdue_and_as_of_filters(cli: Any, cli_many: Any) -> None:
    ok(cli("set", "SV-C2", "completed"))
    overdue, completed, end_of_quarter, text = cli_many(
        [
            ("clauses", "--json", "--overdue", "--as-of", REVIEW_DAY),
            ("clauses", "--json", "--status", "completed"),
            # SV-C6 is due "in the first quarter of 2021": on time through 31 March.
            ("clauses", "--json", "--overdue", "--status", "not_assessed", "--as-of", "2021-03-31"),
            ("clauses", "--overdue", "--as-of", "2021-04-01"),
        ]
    )

    overdue = json.loads(ok(overdue))
    assert [c["ref"] for c in overdue["clauses"]] == ["SV-C1", "SV-C3", "SV-C4"]
    assert all("overdue" in c["flags"] for c in overdue["clauses"])
    assert overdue["summary"]["overdue"] == ["SV-C1", "SV-C3", "SV-C4"]

    completed = json.loads(ok(completed))
    assert [(c["ref"], c["score"]) for c in completed["clauses"]] == [("SV-C2", 3)]

    end_of_quarter = json.loads(ok(end_of_quarter))
    assert [c["ref"] for c in end_of_quarter["clauses"]] == ["SV-C1", "SV-C3", "SV-C4"]

    rows = ok(text).splitlines()
    assert [row.split()[0] for row in rows] == ["SV-C1", "SV-C3", "SV-C4", "SV-C6"]
    assert all("OVERDUE" in row for row in rows)


def test_agreement_option_and_the_last_used_agreement(
    cli: Any, cli_many: Any, river_file: Path, expect_error: Any
) -> None:
    said = ok(cli("import", str(river_file)))
    assert said == "Imported 'River Accord' (4 clauses) as river-accord.\n"
    assert listing(cli)["agreement"]["id"] == "shared-vision", "import does not switch"

    river = listing(cli, "--agreement", "river-accord", "--as-of", "2021-07-01")
    assert river["agreement"]["id"] == "river-accord"
    assert river["agreement"]["date"] == "2021-05-04"
    clauses = by_ref(river)
    assert list(clauses) == ["I-1", "II-1", "II-4", "R-1"]
    assert clauses["II-1"]["flags"] == ["overdue"]
    assert clauses["II-1"]["parties"] == ["PK"]
    assert clauses["II-4"]["due"]["precision"] == "quarter"
    assert clauses["R-1"]["due"]["precision"] == "approximate"

    # The agreement used last is now the default.
    assert ok(cli("set", "II-1", "completed")) == "II-1: Not assessed → Completed.\n"
    now, wrong = cli_many([("clauses", "--json", "--as-of", "2021-07-01"), ("show", "SV-C1")])
    now = json.loads(ok(now))
    assert now["agreement"]["id"] == "river-accord"
    assert by_ref(now)["II-1"]["status"] == "completed"
    assert by_ref(now)["II-1"]["flags"] == []
    expect_error(wrong, "SV-C1", "River Accord")

    ok(cli("set", "--agreement", "shared-vision", "SV-C1", "advanced"))
    # A command that fails does not change the default either.
    expect_error(cli("show", "--agreement", "river-accord", "SV-C1"), "SV-C1")
    back = listing(cli)
    assert back["agreement"]["id"] == "shared-vision"
    assert by_ref(back)["SV-C1"]["status"] == "advanced"
