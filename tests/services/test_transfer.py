"""Agreements in (all or nothing) and the officer's work out (JSON, CSV, files)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import stat
from pathlib import Path

import pytest
from documented_examples import highland_text
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from vision_desk.domain.status import Status
from vision_desk.errors import AgreementFileError, UserError
from vision_desk.services import transfer
from vision_desk.services.desk import Desk

SECOND = """\
format = 1

[agreement]
id = "second-accord"
title = "A Second Accord on Border Markets"
short_title = "Second Accord"
parties = ["AF", "PK"]
place = "Islamabad"
date = 2021-03-01
source = "press-release"

[[sources]]
id = "press-release"
title = "Joint press release"

[[clauses]]
ref = "SA-1"
kind = "commitment"
strand = "trade"
parties = ["AF", "PK"]
title = "Open two border markets"
text = "Both sides open two border markets within six months."
[clauses.provenance]
source = "press-release"
locator = "paragraph 2"
[clauses.due]
label = "By the end of August 2021"
earliest = 2021-08-31
latest = 2021-08-31
precision = "day"

[[clauses]]
ref = "SA-2"
kind = "principle"
strand = "political"
parties = ["AF", "PK"]
title = "Good neighbourliness"
text = "Both sides keep to good neighbourliness."
[clauses.provenance]
source = "press-release"
locator = "paragraph 1"
"""

FORMULA_TITLES = """\
[[clauses]]
ref = "SA-3"
kind = "commitment"
strand = "trade"
parties = ["AF"]
title = "=HYPERLINK(\\"http://example.org\\",\\"click\\")"
text = "+1+2"
[clauses.provenance]
source = "press-release"
locator = "@SUM(1,2)"
"""

TABLES = ("agreements", "clauses", "clause_states", "notes", "changes", "operations")


def _counts(desk: Desk) -> dict[str, int]:
    with desk.store.engine.connect() as connection:
        return {
            table: connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
            for table in TABLES
        }


def _write(tmp_path: Path, text: str, name: str = "second.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- import -----------------------------------------------------------------------------


def test_a_second_agreement_is_stored_beside_the_shared_vision(desk: Desk, tmp_path: Path) -> None:
    before = _counts(desk)
    agreement = transfer.import_agreement(desk, _write(tmp_path, SECOND))
    assert agreement.id == "second-accord"
    assert desk.agreement_ids() == ["shared-vision", "second-accord"]
    after = _counts(desk)
    assert after["agreements"] == before["agreements"] + 1
    assert after["clauses"] == before["clauses"] + 2

    stored = desk.stored("second-accord").agreement
    assert stored == agreement
    assert [clause.ref for clause in stored.clauses] == ["SA-1", "SA-2"]
    assert desk.stored("shared-vision").agreement.clause("SV-C1") is not None

    # Each agreement keeps its own statuses.
    desk.set_status("SA-1", "initiated", agreement_id="second-accord")
    assert desk.state("SA-1", "second-accord").status is Status.INITIATED
    assert desk.state("SV-C1").status is Status.NOT_ASSESSED
    board = desk.board(dt.date(2021, 9, 1), "second-accord")
    assert [row.clause.ref for row in board.rows] == ["SA-1", "SA-2"]
    assert board.summary.overdue == ("SA-1",)


def test_agreements_keep_their_import_order_whatever_the_clock(desk: Desk, tmp_path: Path) -> None:
    """The Shared Vision was imported at start with the real clock; this import's
    clock reads years earlier. The order is still the order of import."""
    desk.clock = lambda: dt.datetime(2001, 1, 1, tzinfo=dt.UTC)
    transfer.import_agreement(desk, _write(tmp_path, SECOND))
    assert desk.agreement_ids() == ["shared-vision", "second-accord"]
    assert desk.current_agreement_id() == "shared-vision"
    desk.use_agreement("second-accord")
    assert desk.current_agreement_id() == "second-accord"


def test_importing_the_same_id_again_is_refused(desk: Desk, tmp_path: Path) -> None:
    transfer.import_agreement(desk, _write(tmp_path, SECOND))
    before = _counts(desk)
    changed = SECOND.replace("A Second Accord", "A Different Title")
    with pytest.raises(AgreementFileError, match="already holds"):
        transfer.import_agreement(desk, _write(tmp_path, changed, "again.toml"))
    assert _counts(desk) == before
    assert desk.stored("second-accord").agreement.title == "A Second Accord on Border Markets"


def test_the_bundled_agreement_cannot_be_imported_twice(desk: Desk) -> None:
    from vision_desk import paths

    before = _counts(desk)
    [bundled] = paths.bundled_agreements()
    with pytest.raises(AgreementFileError):
        transfer.import_agreement(desk, bundled)
    assert _counts(desk) == before


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not toml at all [[[",
        SECOND.replace("format = 1", "format = 2"),
        SECOND.replace('ref = "SA-2"', 'ref = "SA-1"'),  # duplicate reference
        SECOND.replace('kind = "principle"', 'kind = "aspiration"'),
        SECOND.replace("latest = 2021-08-31", "latest = 2021-08-01"),  # before earliest
        SECOND + '\n[[clauses]]\nref = "SA-9"\n',  # a clause left half-written at the end
        SECOND.replace('parties = ["AF", "PK"]\nplace', 'parties = ["AF"]\nplace'),
    ],
)
def test_an_invalid_file_writes_nothing(desk: Desk, tmp_path: Path, text: str) -> None:
    before = _counts(desk)
    with pytest.raises(AgreementFileError) as raised:
        transfer.import_agreement(desk, _write(tmp_path, text, "bad.toml"))
    assert "bad.toml" in raised.value.message
    assert _counts(desk) == before
    assert desk.agreement_ids() == ["shared-vision"]


def test_a_missing_or_binary_file_writes_nothing(desk: Desk, tmp_path: Path) -> None:
    before = _counts(desk)
    with pytest.raises(AgreementFileError):
        transfer.import_agreement(desk, tmp_path / "absent.toml")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\x00\x01SQLite format 3\x00" * 50)
    with pytest.raises(AgreementFileError):
        transfer.import_agreement(desk, binary)
    assert _counts(desk) == before


_SECOND_BYTES = SECOND.encode("utf-8")


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    """The valid file, bent: bytes cut out, inserted, replaced; lines dropped,
    doubled or swapped; the whole truncated."""
    data = bytearray(_SECOND_BYTES)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from(["cut", "insert", "replace", "line", "truncate"]))
        at = draw(st.integers(min_value=0, max_value=max(len(data) - 1, 0)))
        if kind == "cut":
            data[at : at + draw(st.integers(min_value=1, max_value=40))] = b""
        elif kind == "insert":
            data[at:at] = draw(
                st.one_of(
                    st.binary(min_size=1, max_size=12),
                    st.sampled_from(
                        [b"[", b"]", b"=", b'"', b"\n", b"[[clauses]]\n", b"\\u0000", b"\xff"]
                    ),
                    st.text(max_size=12).map(lambda text: text.encode("utf-8")),
                )
            )
        elif kind == "replace":
            data[at : at + 1] = draw(st.binary(min_size=1, max_size=1))
        elif kind == "line":
            lines = bytes(data).split(b"\n")
            index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            action = draw(st.sampled_from(["drop", "double", "swap"]))
            if action == "drop":
                del lines[index]
            elif action == "double":
                lines.insert(index, lines[index])
            else:
                other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
                lines[index], lines[other] = lines[other], lines[index]
            data = bytearray(b"\n".join(lines))
        else:
            del data[at:]
    return bytes(data)


@settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=mutated_files())
def test_mutated_agreement_files_import_whole_or_not_at_all(
    desk: Desk, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "mutated.toml"
    path.write_bytes(content)
    ids_before = desk.agreement_ids()
    before = _counts(desk)
    try:
        agreement = transfer.import_agreement(desk, path)
    except AgreementFileError:
        event("refused")
        assert desk.agreement_ids() == ids_before
        assert _counts(desk) == before
    else:
        # Still a valid file (and a new id): stored whole, nothing else touched.
        event("imported")
        assert desk.agreement_ids() == [*ids_before, agreement.id]
        after = _counts(desk)
        assert after["agreements"] == before["agreements"] + 1
        assert after["clauses"] == before["clauses"] + len(agreement.clauses)
        assert desk.stored(agreement.id).agreement == agreement


# -- export -----------------------------------------------------------------------------


def _clause(data: dict, agreement_id: str, ref: str) -> dict:  # type: ignore[type-arg]
    [agreement] = [a for a in data["agreements"] if a["id"] == agreement_id]
    [clause] = [c for c in agreement["clauses"] if c["ref"] == ref]
    return clause  # type: ignore[no-any-return]


def test_json_export_holds_statuses_and_notes(desk: Desk) -> None:
    desk.set_status("SV-C1", "advanced", note="Mapping exercise under way")
    desk.add_note("SV-P2", "محمد ظاہر <b>x</b> &amp;")
    gone = desk.add_note("SV-P2", "deleted words").note_id
    assert gone is not None
    desk.delete_note(gone)

    exported = transfer.to_json(transfer.export_data(desk, dt.date(2021, 1, 10)))
    data = json.loads(exported.decode("utf-8"))
    assert data["as_of"] == "2021-01-10"
    c1 = _clause(data, "shared-vision", "SV-C1")
    assert c1["status"] == "advanced"
    assert c1["score"] == 2
    assert c1["status_changed_by"] == "Test Officer"
    assert c1["flags"] == ["overdue"]
    assert [note["text"] for note in c1["notes"]] == ["Mapping exercise under way"]
    assert [entry["kind"] for entry in c1["history"]] == ["status", "note_added"]
    p2 = _clause(data, "shared-vision", "SV-P2")
    assert p2["status"] == "not_assessed"
    assert [note["text"] for note in p2["notes"]] == ["محمد ظاہر <b>x</b> &amp;"]
    assert b"deleted words" not in exported
    assert "محمد ظاہر".encode() in exported  # kept as UTF-8, not escaped


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_export_neutralises_formulas_in_notes(desk: Desk) -> None:
    formula = '=HYPERLINK("http://example.org/x","Click me")'
    desk.add_note("SV-C2", formula)
    desk.add_note("SV-C2", "@SUM(A1:A9)")
    rows = _csv_rows(transfer.export_csv(desk, dt.date(2021, 1, 10)))
    [row] = [r for r in rows if r["ref"] == "SV-C2"]
    cell = row["notes"]
    assert formula in cell and "@SUM(A1:A9)" in cell
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    for raw in rows:
        for value in raw.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_csv_export_neutralises_formulas_from_an_agreement(desk: Desk, tmp_path: Path) -> None:
    transfer.import_agreement(desk, _write(tmp_path, SECOND + FORMULA_TITLES))
    rows = _csv_rows(transfer.export_csv(desk, dt.date(2021, 1, 10)))
    [row] = [r for r in rows if r["ref"] == "SA-3"]
    assert row["title"] == '\'=HYPERLINK("http://example.org","click")'
    assert len(rows) == 24 + 3


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_spreadsheet_safe_prefixes_formula_starts(start: str) -> None:
    assert transfer.spreadsheet_safe(start + "1+1") == "'" + start + "1+1"


@pytest.mark.parametrize("cell", ["", "plain", "SV-C1", "1", "'=already", " =1", "a=b"])
def test_spreadsheet_safe_leaves_other_cells(cell: str) -> None:
    assert transfer.spreadsheet_safe(cell) == cell


def test_csv_export_has_one_row_per_clause(desk: Desk) -> None:
    desk.set_status("SV-C1", "completed")
    rows = _csv_rows(transfer.export_csv(desk, dt.date(2021, 1, 10)))
    assert len(rows) == 24
    [row] = [r for r in rows if r["ref"] == "SV-C1"]
    assert (row["agreement"], row["status"], row["score"]) == ("shared-vision", "completed", "3")


# -- writing files ----------------------------------------------------------------------


def test_write_atomically_writes_a_private_file(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    transfer.write_atomically(target, b"first")
    transfer.write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json"]


def test_write_atomically_to_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder" / "export.csv"
    with pytest.raises(UserError, match="Cannot write"):
        transfer.write_atomically(target, b"data")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_write_atomically_where_the_folder_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "exports"
    blocker.write_text("a file, not a folder")
    with pytest.raises(UserError):
        transfer.write_atomically(blocker / "export.csv", b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports"]
    assert blocker.read_text() == "a file, not a folder"


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="needs a folder the account cannot write"
)
def test_write_atomically_to_an_unwritable_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(UserError, match="Cannot write"):
            transfer.write_atomically(folder / "export.csv", b"data")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_a_failed_write_leaves_no_partial_file_and_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "export.json"
    target.write_bytes(b"the earlier export")

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(UserError, match="nothing was written"):
        transfer.write_atomically(target, b"x" * 100_000)
    assert target.read_bytes() == b"the earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json"]


def test_a_version_two_import_keeps_everything(desk: Desk, tmp_path: Path) -> None:
    """Checked whole, then stored whole: the parties as the file names them, the
    events, each clause's numbering, texts and deadline counted from an event. (The
    store's side, field by field, on both stores: test_event_records.py.)"""
    from vision_desk.domain.agreement_file import load_agreement

    example = highland_text()
    path = tmp_path / "highland.toml"
    path.write_text(example, encoding="utf-8")
    imported = transfer.import_agreement(desk, path)
    assert desk.agreement_ids() == ["shared-vision", "highland-accord"]
    desk.forget_cache()
    stored = desk.stored("highland-accord").agreement
    assert stored == imported == load_agreement(path)
    assert [party.kind.value for party in stored.party_registry] == [
        "state",
        "non_state_armed_group",
        "international_organisation",
    ]
    assert [event.id for event in stored.events] == ["prisoner-release", "talks-start"]
    relative = stored.clause("HA-5").relative_due  # type: ignore[union-attr]
    assert relative is not None and (relative.anchor, relative.amount) == ("prisoner-release", 30)
