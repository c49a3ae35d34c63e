"""Per-party assessment from the command line (issue 16): ``set --party`` and
``note --party``, ``show`` with the parts, ``clauses --reciprocity`` and the
index per party, ``history`` naming whose part moved; each refusal one sentence
with exit 1 and nothing changed."""

from __future__ import annotations

import json
from typing import Any


def test_a_commitment_assessed_per_party_end_to_end(cli: Any) -> None:
    assert cli("set", "SV-C1", "2", "--party", "AF").code == 0
    set_pk = cli("set", "SV-C1", "not_started", "--party", "Pakistan", "--note", "No reply yet.")
    assert set_pk.code == 0, set_pk.err
    assert "SV-C1: Pakistan Not assessed → Not started; overall Not started." in set_pk.out
    note = cli("note", "SV-C1", "Kabul named its lead official.", "--party", "af")
    assert note.code == 0, note.err

    shown = json.loads(cli("show", "SV-C1", "--json").out)
    assert shown["status"] == "not_started"
    assert shown["parts"] == {
        "parties": [
            {"party": "AF", "name": "Afghanistan", "status": "advanced"},
            {"party": "PK", "name": "Pakistan", "status": "not_started"},
        ],
        "decided_by": ["PK"],
    }
    assert [(n["party"], n["text"]) for n in shown["notes"]] == [
        ("PK", "No reply yet."),
        ("AF", "Kabul named its lead official."),
    ]
    text = cli("show", "SV-C1").out
    assert "Status: Not started" in text
    assert "from its parts, held there by Pakistan" in text
    assert "  Afghanistan: Advanced" in text
    assert ", about Afghanistan" in text

    gaps = cli("clauses", "--reciprocity")
    assert gaps.out.strip() == (
        "SV-C1  Afghanistan (advanced) ahead of Pakistan (not started) by 2 levels"
    )
    listed = json.loads(cli("clauses", "--reciprocity", "--json").out)
    assert [c["ref"] for c in listed["clauses"]] == ["SV-C1"]
    assert listed["reciprocity"][0]["levels"] == 2
    assert listed["reciprocity"][0]["behind"] == {"party": "PK", "name": "Pakistan"}
    # Afghanistan's part counts 2 of 3, Pakistan's 0: the index of each differs.
    by_party = listed["index_by_party"]
    assert set(by_party) == {"AF", "PK"}
    assert by_party["AF"] > by_party["PK"]

    history = json.loads(cli("history", "SV-C1", "--json").out)
    assert [(c["kind"], c["party"]) for c in history] == [
        ("party_status", "AF"),
        ("party_status", "PK"),
        ("status", None),
        ("note_added", None),
        ("note_added", None),
    ]


def test_refusals_name_the_problem_and_change_nothing(cli: Any) -> None:
    assert cli("set", "SV-C1", "advanced", "--party", "AF").code == 0
    whole = cli("set", "SV-C1", "completed")
    assert whole.code == 1
    assert whole.err.strip() == (
        "vision-desk: SV-C1 is assessed per party (Afghanistan: advanced); set one party's "
        "status, and the clause's follows from them."
    )
    stranger = cli("set", "SV-C1", "advanced", "--party", "India")
    assert stranger.code == 1
    assert "does not bind 'India'; it binds AF (Afghanistan), PK (Pakistan)." in stranger.err
    shown = json.loads(cli("show", "SV-C1", "--json").out)
    assert shown["parts"]["parties"][0]["status"] == "advanced"
    assert len(json.loads(cli("history", "SV-C1", "--json").out)) == 1


def test_no_gap_is_said_in_one_sentence(cli: Any) -> None:
    out = cli("clauses", "--reciprocity")
    assert out.code == 0
    assert out.out.strip() == "No commitment assessed per party has one party ahead of another."
