"""References are told apart regardless of case: ``show sv-c1`` finds SV-C1, a file
with two references that differ only in case is refused, and a store that already
holds such a pair (imported before the check) says which it could be."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from conftest import DATABASE_NAME


def test_show_finds_a_reference_in_any_case(cli: Any) -> None:
    for typed in ("sv-c1", "Sv-C1", " SV-C1 "):
        shown = cli("show", typed, "--json")
        assert shown.code == 0, shown.err
        assert json.loads(shown.out)["ref"] == "SV-C1"


def test_a_file_with_references_differing_only_in_case_is_refused(
    cli: Any, river_file: Path, expect_error: Any, store_dump: Any
) -> None:
    text = river_file.read_text(encoding="utf-8")
    river_file.write_text(text.replace('ref = "II-4"', 'ref = "ii-1"'), encoding="utf-8")
    assert cli("clauses").code == 0  # the store exists before the attempt
    before = store_dump()
    expect_error(cli("import", str(river_file)), "'ii-1'", "'II-1'", "case")
    assert store_dump() == before


def test_a_pair_already_stored_is_never_guessed_between(
    cli: Any, river_file: Path, data_dir: Path, expect_error: Any
) -> None:
    assert cli("import", str(river_file)).code == 0
    connection = sqlite3.connect(data_dir / DATABASE_NAME)
    with connection:
        connection.execute("UPDATE clauses SET ref = 'ii-1' WHERE ref = 'II-4'")
    connection.close()
    for typed, found in (("II-1", "II-1"), ("ii-1", "ii-1")):
        shown = cli("show", typed, "--agreement", "river-accord", "--json")
        assert shown.code == 0, shown.err
        assert json.loads(shown.out)["ref"] == found
    expect_error(cli("show", "Ii-1", "--agreement", "river-accord"), "'II-1'", "'ii-1'", "exactly")
