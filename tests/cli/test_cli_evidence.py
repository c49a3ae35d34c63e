"""``vision-desk evidence``, ``confidence``, ``position`` and ``clauses --disputed``
(issue 17), run as the officer runs them: every refusal one sentence with exit 1
and nothing recorded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PDF = b"%PDF-1.4\n%%EOF\n"


def _add(cli: Any, *extra: str) -> Any:
    return cli(
        "evidence", "add", "SV-C1", "SV-C3", "--kind", "meeting_record",
        "--title", "Minutes of the joint working group", "--source", "MoFA Kabul",
        "--date", "2 Dec 2020", "--grade", "b2", "--locator", "p. 3", *extra,
    )  # fmt: skip


def test_evidence_is_added_listed_cited_saved_and_graded(cli: Any, tmp_path: Path) -> None:
    minutes = tmp_path / "minutes.pdf"
    minutes.write_bytes(PDF)
    added = _add(cli, "--file", str(minutes))
    assert added.code == 0, added.err
    assert added.out.startswith("Evidence 1 (B2) recorded for SV-C1, SV-C3; file minutes.pdf")

    listed = json.loads(cli("evidence", "list", "SV-C1", "--json").out)
    item = listed["items"][0]
    assert item["grade"] == "B2" and item["refs"] == ["SV-C1", "SV-C3"]
    assert item["file"]["name"] == "minutes.pdf" and item["file"]["size"] == len(PDF)
    assert listed["confidence"] == {"level": "medium", "by_rule": "medium", "override": None}
    assert "B2  2020-12-02  Meeting record: Minutes" in cli("evidence", "list", "SV-C3").out

    assert cli("evidence", "cite", "1", "sv-c2").out.strip() == "Evidence 1 now supports SV-C2."
    out = tmp_path / "copy.pdf"
    assert cli("evidence", "save", "1", "--out", str(out)).code == 0
    assert out.read_bytes() == PDF

    set_low = cli("confidence", "SV-C1", "low", "--reason", "One source only.")
    assert set_low.out.strip().startswith("SV-C1: confidence low (set by")
    refused = cli("confidence", "SV-C1", "high")
    assert refused.code == 1 and "--reason" in refused.err


def test_refusals_are_one_sentence_and_record_nothing(cli: Any, tmp_path: Path) -> None:
    forged = tmp_path / "report.pdf"
    forged.write_bytes(b"MZ\x90\x00")
    for extra, words in (
        (("--file", str(forged)), "named as a PDF file but its contents are not one"),
        (("--file", str(tmp_path / "missing.pdf")), "There is no file"),
    ):
        result = _add(cli, *extra)
        assert result.code == 1, result.out
        assert words in result.err
        assert result.err.count("\n") == 1
    bad_grade = cli(
        "evidence", "add", "SV-C1", "--kind", "report", "--title", "t", "--source", "s",
        "--date", "2020-12-02", "--grade", "Z9",
    )  # fmt: skip
    assert bad_grade.code == 1 and "is not a grade" in bad_grade.err
    assert json.loads(cli("evidence", "list", "SV-C1", "--json").out)["items"] == []
    assert cli("evidence", "show", "7").code == 1


def test_a_stated_position_makes_a_dispute(cli: Any) -> None:
    assert cli("set", "SV-C1", "initiated").code == 0
    recorded = cli(
        "position", "record", "SV-C1", "Pakistan", "completed",
        "--claim", "All lead officials named.", "--where", "Press briefing", "--on", "3 Dec 2020",
    )  # fmt: skip
    assert recorded.code == 0, recorded.err
    assert recorded.out.strip() == "Recorded: PK says SV-C1 is Completed."
    disputed = cli("clauses", "--disputed", "--as-of", "2021-01-10")
    assert disputed.out.strip() == (
        "SV-C1  Pakistan says completed, we assess initiated (2 levels apart): "
        "“All lead officials named.” (Press briefing, 2020-12-03)"
    )
    listed = json.loads(cli("clauses", "--disputed", "--json").out)
    assert [c["ref"] for c in listed["clauses"]] == ["SV-C1"]
    assert listed["disputes"][0]["levels"] == 2
    assert json.loads(cli("position", "list", "--json").out)[0]["claimed"] == "completed"
