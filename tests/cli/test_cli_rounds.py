"""Review rounds from the command line, as the officer (or a script) uses them: the
real program in its own process on a fresh data folder. The JSON shapes are a
contract, and so are the errors: one sentence on stderr, exit 1, nothing changed."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from vision_desk.domain.rounds import DIFF_LISTS, Round, RoundRecord, content_hash
from vision_desk.domain.status import Status

HASH = re.compile(r"^[0-9a-f]{64}$")
ROUND_KEYS = {"id", "title", "as_of", "opened_at", "closed_at", "hash"}
RECORD_KEYS = {"ref", "status", "carried_over", "assessed_at", "assessed_by", "rationale"}
RECORD_KEYS |= {"parts", "evidence"}
REFS = (
    [f"SV-P{n}" for n in range(1, 10)]
    + [f"SV-C{n}" for n in range(1, 9)]
    + [f"SV-R{n}" for n in range(1, 8)]
)


def ok(result: Any) -> str:
    assert result.code == 0, result.err
    assert result.err == "", result.err
    out: str = result.out
    return out


def as_json(result: Any) -> Any:
    return json.loads(ok(result))


def closed_hash(out: str) -> str:
    """The content hash ``round close`` prints on its last line."""
    return out.splitlines()[-1].removeprefix("Content hash: ")


def recomputed(shown: dict[str, Any]) -> str:
    """The content hash of ``round show --json`` worked out again from what it printed,
    as an auditor would, with the documented canonical form."""
    round_ = Round(
        id=shown["id"],
        agreement_id=shown["agreement"],
        title=shown["title"],
        as_of=dt.date.fromisoformat(shown["as_of"]),
        opened_at=dt.datetime.fromisoformat(shown["opened_at"]),
        opened_by=shown["opened_by"],
    )
    records = [
        RoundRecord(
            record["ref"],
            Status(record["status"]),
            record["carried_over"],
            None
            if record["assessed_at"] is None
            else dt.datetime.fromisoformat(record["assessed_at"]),
            record["assessed_by"],
            record["rationale"],
        )
        for record in shown["records"]
    ]
    return content_hash(round_, records)


def test_a_whole_review_cycle(cli: Any, cli_many: Any) -> None:
    assert as_json(cli("round", "list", "--json")) == []

    opened = ok(cli("round", "open", "December 2020 review", "--as-of", "2020-12-01"))
    assert opened == "Round 1 'December 2020 review' is open, as of 2020-12-01.\n"
    assert "(round 'December 2020 review')" in ok(
        cli("set", "SV-C1", "initiated", "--note", "Working group named: محمد ظاہر.")
    )
    ok(cli("set", "SV-P1", "upheld"))

    shown = as_json(cli("round", "show", "1", "--json"))
    assert set(shown) >= ROUND_KEYS and {"verified", "records"} <= set(shown)
    assert (shown["closed_at"], shown["hash"], shown["verified"]) == (None, None, None)
    assert [record["ref"] for record in shown["records"]] == ["SV-P1", "SV-C1"]
    assert shown["records"][1]["rationale"] == "Working group named: محمد ظاہر."

    first_closed = ok(cli("round", "close")).splitlines()
    assert first_closed[0] == (
        "Closed round 1 'December 2020 review', as of 2020-12-01: 2 clauses assessed, "
        "22 carried over. It is submitted for review ('vision-desk round review')."
    )
    first_hash = first_closed[1].removeprefix("Content hash: ")
    assert HASH.match(first_hash)

    ok(cli("round", "open", "January 2021 review", "--as-of", "2021-01-15"))
    ok(cli("set", "SV-P1", "strained", "--note", "Harsh words."))
    ok(cli("set", "SV-C2", "initiated"))
    second_hash = closed_hash(ok(cli("round", "close")))
    assert HASH.match(second_hash) and second_hash != first_hash

    listed, first, second, diff_default, diff_swapped, diff_text, show_text = cli_many(
        [
            ("round", "list", "--json"),
            ("round", "show", "1", "--json"),
            ("round", "show", "2", "--json"),
            ("round", "diff", "--json"),
            ("round", "diff", "2", "1", "--json"),
            ("round", "diff"),
            ("round", "show", "1"),
        ]
    )
    rounds = as_json(listed)
    assert [round_["id"] for round_ in rounds] == [1, 2]
    for round_ in rounds:
        assert set(round_) >= ROUND_KEYS
        assert round_["closed_at"] is not None and HASH.match(round_["hash"])
        assert dt.datetime.fromisoformat(round_["opened_at"]).tzinfo is not None
    assert [round_["hash"] for round_ in rounds] == [first_hash, second_hash]
    assert [round_["title"] for round_ in rounds] == ["December 2020 review", "January 2021 review"]
    assert [round_["as_of"] for round_ in rounds] == ["2020-12-01", "2021-01-15"]

    for shown, digest in ((as_json(first), first_hash), (as_json(second), second_hash)):
        assert shown["hash"] == digest and shown["verified"] is True
        assert [record["ref"] for record in shown["records"]] == REFS
        assert all(set(record) == RECORD_KEYS for record in shown["records"])
        assert recomputed(shown) == digest
    records = {record["ref"]: record for record in as_json(second)["records"]}
    assert records["SV-C1"] == {
        "ref": "SV-C1",
        "status": "initiated",
        "carried_over": True,
        "assessed_at": None,
        "assessed_by": None,
        "rationale": None,
        "parts": None,
        "evidence": [],
    }
    assert records["SV-P1"]["carried_over"] is False
    assert records["SV-P1"]["assessed_by"] == "cli-officer"
    assert records["SV-P1"]["rationale"] == "Harsh words."

    difference = as_json(diff_default)
    assert set(difference) == {"from", "to", *DIFF_LISTS}
    assert (difference["from"]["id"], difference["to"]["id"]) == (1, 2)
    assert set(difference["from"]) >= ROUND_KEYS and set(difference["to"]) >= ROUND_KEYS
    assert difference["improved"] == []
    assert difference["regressed"] == ["SV-P1"]
    assert difference["newly_assessed"] == ["SV-C2"]
    assert difference["stalled"] == ["SV-C1"]
    # 1 December to 15 January: SV-C1 (15 Dec), SV-C2 and SV-C3 (1 Jan), SV-C4 (10 Dec).
    assert difference["newly_overdue"] == ["SV-C1", "SV-C2", "SV-C3", "SV-C4"]
    assert "SV-C1" in difference["unchanged"] and "SV-P2" in difference["unchanged"]
    assert as_json(diff_swapped) == difference

    text = ok(diff_text).splitlines()
    assert text[0] == "From round 1 (2020-12-01) to round 2 (2021-01-15):"
    assert "regressed (1): SV-P1" in text
    assert "improved (0): -" in text
    shown_text = ok(show_text)
    assert f"Content hash: {first_hash} (verified)" in shown_text
    assert "SV-C2      not_assessed  (carried over)" in shown_text
    assert "    Working group named: محمد ظاہر." in shown_text


def test_due_and_cadence(cli: Any, cli_many: Any, expect_error: Any) -> None:
    today = dt.date.today()
    due = as_json(cli("due", "--json", "--as-of", "2021-01-10"))
    assert (due["as_of"], due["due"]) == ("2021-01-10", REFS)  # never assessed: due at once
    assert [item["ref"] for item in due["clauses"]] == REFS

    ok(cli("set", "SV-R1", "initiated"))  # now, by the real clock
    assert ok(cli("cadence", "sv-r1", "7")) == "SV-R1 is due for review every 7 days.\n"
    soon, later, default_text, *errors = cli_many(
        [
            ("due", "--json", "--as-of", (today + dt.timedelta(days=5)).isoformat()),
            ("due", "--json", "--as-of", (today + dt.timedelta(days=9)).isoformat()),
            ("due",),
            ("cadence", "SV-C1", "abc"),
            ("cadence", "SV-C1", "²"),
            ("cadence", "SV-C1", "0"),
            ("cadence", "SV-C99", "5"),
        ]
    )
    assert as_json(soon)["due"] == [ref for ref in REFS if ref != "SV-R1"]
    assert as_json(later)["due"] == REFS
    assert [line.split()[0] for line in ok(default_text).splitlines()] == [
        ref for ref in REFS if ref != "SV-R1"
    ]
    for error, mention in zip(
        errors,
        (
            "'abc' is not a number of days",
            "'²' is not a number of days",
            "between 1 and 3,650 days",
            "SV-C99",
        ),
        strict=True,
    ):
        expect_error(error, mention)

    assert ok(cli("cadence", "SV-R1", "default")) == "SV-R1 follows its kind's cadence.\n"
    back = as_json(cli("due", "--json", "--as-of", (today + dt.timedelta(days=9)).isoformat()))
    assert "SV-R1" not in back["due"]  # related undertakings: every 60 days


def test_round_errors_are_one_sentence_and_change_nothing(
    cli: Any, cli_many: Any, store_dump: Any, expect_error: Any
) -> None:
    """Refused commands run side by side: none of them may write a thing."""
    ok(cli("round", "open", "December 2020 review", "--as-of", "2020-12-01"))
    before = store_dump()
    second, compare_open, unknown = cli_many(
        [
            ("round", "open", "Another", "--as-of", "2021-01-01"),
            ("round", "diff", "1", "1"),
            ("round", "show", "99"),
        ]
    )
    expect_error(second, "Round 1 'December 2020 review' is still open")
    expect_error(compare_open, "Round 1 is still open")
    expect_error(unknown, "There is no round 99")
    assert store_dump() == before

    ok(cli("round", "close"))
    before = store_dump()
    nothing_open, one_closed, one_id, unknown_in_diff = cli_many(
        [
            ("round", "close"),
            ("round", "diff"),
            ("round", "diff", "1"),
            ("round", "diff", "1", "7"),
        ]
    )
    expect_error(nothing_open, "nothing to close")
    expect_error(one_closed, "two closed rounds; 1 is closed")
    expect_error(one_id, "Give two round ids")
    expect_error(unknown_in_diff, "There is no round 7")
    assert store_dump() == before


def test_round_usage_errors_exit_2(cli: Any) -> None:
    result = cli("round", "open")
    assert result.code == 2 and result.out == "" and "title" in result.err
    result = cli("round", "open", "Bad date", "--as-of", "31/02/2021")
    assert result.code == 2 and result.out == "" and "--as-of" in result.err
