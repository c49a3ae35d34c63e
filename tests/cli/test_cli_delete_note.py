"""``delete-note`` on a note a closed round recorded as a reason: one sentence
naming the round, exit 1, and the round's record, hash and memo unchanged."""

from __future__ import annotations

import json
from typing import Any

REASON = "Lead officials named on 2 Dec."


def test_delete_note_refuses_a_reason_a_closed_round_holds(
    cli: Any, expect_error: Any, store_dump: Any
) -> None:
    assert cli("round", "open", "December 2020 review", "--as-of", "2020-12-01").code == 0
    assert cli("set", "SV-C1", "initiated", "--note", REASON).code == 0
    note_id = json.loads(cli("show", "SV-C1", "--json").out)["notes"][0]["id"]
    assert cli("round", "close").code == 0
    before = store_dump()

    line = expect_error(cli("delete-note", str(note_id)), f"Note {note_id}", "round 1")
    assert "December 2020 review" in line and "SV-C1" in line and "deleted." not in line
    assert store_dump() == before
    shown = json.loads(cli("round", "show", "1", "--json").out)
    assert shown["verified"] is True
    assert {r["ref"]: r["rationale"] for r in shown["records"]}["SV-C1"] == REASON
    assert REASON in cli("show", "SV-C1").out
