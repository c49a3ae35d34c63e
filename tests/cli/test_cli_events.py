"""``vision-desk event``: the Highland Accord (format 2) imported whole, its events
listed, dated and taken back, the clauses counted from them following, every
refusal one sentence with exit 1; ``show --json`` gives a clause's numbering,
texts and deadline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from documented_examples import highland_text


@pytest.fixture
def highland(cli: Any, tmp_path: Path) -> Any:
    """The store with the Highland Accord imported and in use."""
    path = tmp_path / "highland.toml"
    path.write_text(highland_text())
    imported = cli("import", str(path))
    assert imported.code == 0, imported.err
    assert "Imported 'Highland Accord' (8 clauses) as highland-accord." in imported.out
    # Named once, it is the agreement the next commands work on.
    assert cli("event", "list", "--agreement", "highland-accord").code == 0
    return cli


def test_events_are_recorded_listed_and_counted_from(highland: Any) -> None:
    cli = highland
    listed = cli("event", "list")
    assert listed.code == 0, listed.err
    lines = listed.out.splitlines()
    assert lines[0].startswith("signature         2020-02-29  signature [HA-2, HA-3, HA-7, HA-R1]")
    assert lines[1].startswith("prisoner-release  not yet     the release of prisoners [HA-5]")
    assert "never recorded" in lines[1]

    before = cli("clauses", "--overdue", "--as-of", "2020-07-10", "--json")
    assert [c["ref"] for c in json.loads(before.out)["clauses"]] == ["HA-4", "HA-7"]
    waiting = json.loads(cli("show", "HA-5", "--json", "--as-of", "2020-07-10").out)
    assert waiting["due"] is None and waiting["deadline"]["waiting"] is True
    assert waiting["deadline"]["text"] == "waiting on the release of prisoners"

    recorded = cli(
        "event",
        "record",
        "prisoner-release",
        "1 June 2020",
        "--note",
        "Observer mission report of 2 June.",
        "--expect-version",
        "0",
    )
    assert recorded.code == 0, recorded.err
    assert recorded.out == (
        "The release of prisoners: 1 June 2020 (was not yet). HA-5 due 1 July 2020.\n"
    )
    after = cli("clauses", "--overdue", "--as-of", "2020-07-10", "--json")
    summary = json.loads(after.out)["summary"]
    assert summary["overdue"] == ["HA-4", "HA-5", "HA-7"]

    shown = json.loads(cli("show", "HA-5", "--json", "--as-of", "2020-07-10").out)
    assert shown["numbering"] == "Part Two, 2"
    assert shown["flags"] == ["overdue"]
    assert shown["due"]["latest"] == "2020-07-01"
    assert shown["deadline"] == {
        "kind": "relative",
        "label": "30 days after the release of prisoners",
        "after": "prisoner-release",
        "after_label": "the release of prisoners",
        "amount": 30,
        "unit": "days",
        "event_date": "2020-06-01",
        "date": "2020-07-01",
        "waiting": False,
        "rule": "30 days after the release of prisoners (1 June 2020)",
        "text": "30 days after the release of prisoners (1 June 2020): 1 July 2020",
    }
    text = cli("show", "HA-2", "--as-of", "2020-07-10")
    assert "HA-2  (Part One, A, 1)  Forces in the highlands reduced by half" in text.out
    assert "135 days after signature (29 February 2020): 13 July 2020; 3 days left" in text.out
    assert "[fa, authoritative] ولتریا" in text.out
    texts = json.loads(cli("show", "HA-2", "--json").out)["texts"]
    assert [(t["lang"], t["authoritative"]) for t in texts] == [("fa", True), ("ps", False)]

    as_json = json.loads(cli("event", "list", "--json").out)
    assert as_json["agreement"] == "highland-accord"
    release = as_json["events"][1]
    assert release["date"] == "2020-06-01" and release["version"] == 1
    assert release["recorded_by"] == "cli-officer" and release["clauses"] == ["HA-5"]
    assert release["note"] == "Observer mission report of 2 June."
    assert [record["version"] for record in release["records"]] == [1]

    stale = cli(
        "event", "record", "prisoner-release", "2020-06-03", "--note", "Mine.",
        "--expect-version", "0",
    )  # fmt: skip
    assert stale.code == 1 and stale.err.count("\n") == 1
    assert "was recorded as 1 June 2020 by cli-officer" in stale.err

    cleared = cli("event", "clear", "prisoner-release", "--note", "Wrong event.")
    assert cleared.code == 0, cleared.err
    assert "HA-5 waits" in cleared.out
    again = json.loads(cli("clauses", "--overdue", "--as-of", "2020-07-10", "--json").out)
    assert again["summary"]["overdue"] == ["HA-4", "HA-7"]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("record", "talks", "2020-03-01", "--note", "x"), "'talks' is no event of Highland"),
        (("record", "signature", "2020-03-01", "--note", "x"), "Signature is dated by"),
        (("record", "talks-start", "2020-02-28", "--note", "x"), "before Highland Accord"),
        (("record", "talks-start", "2020-03-01", "--note", " "), "in a note"),
    ],
)
def test_a_refused_record_is_one_sentence_and_changes_nothing(
    highland: Any, args: tuple[str, ...], said: str
) -> None:
    refused = highland("event", *args)
    assert refused.code == 1
    assert refused.err.startswith("vision-desk: ") and refused.err.count("\n") == 1
    assert said in refused.err
    assert "never recorded" in highland("event", "list").out.splitlines()[2]


def test_a_version_one_agreement_has_only_its_signature(cli: Any) -> None:
    listed = cli("event", "list")
    assert listed.code == 0, listed.err
    assert listed.out == ("signature  2020-11-19  signature — the agreement's date\n")
    refused = cli("event", "record", "talks", "2021-01-01", "--note", "x")
    assert refused.code == 1
    assert "'talks' is no event of A Shared Vision; it declares none." in refused.err
    shown = json.loads(cli("show", "SV-C1", "--json").out)
    assert shown["numbering"] == "" and shown["texts"] == []
    assert shown["deadline"]["kind"] == "dated" and shown["due"]["latest"] == "2020-12-15"


@pytest.mark.server
def test_on_a_team_desk_the_record_is_signed_with_the_login(
    cli: Any, server_database: str, tmp_path: Path
) -> None:
    from server_fixtures import libpq_url

    url = libpq_url(server_database)
    assert cli("server", "init", url).code == 0
    path = tmp_path / "highland.toml"
    path.write_text(highland_text())
    assert cli("--server", url, "import", str(path)).code == 0
    recorded = cli(
        "--server", url, "event", "record", "talks-start", "2020-03-01",
        "--note", "Opening session.", "--agreement", "highland-accord",
    )  # fmt: skip
    assert recorded.code == 0, recorded.err
    listed = json.loads(cli("--server", url, "event", "list", "--json").out)
    talks = listed["events"][2]
    assert talks["date"] == "2020-03-01"
    # The server's login, never the name the program was told (cli-officer).
    assert talks["recorded_by"] == "vision_desk_test"


def test_clauses_json_names_the_parties_and_events_the_file_gives(highland: Any) -> None:
    cli = highland
    shown = cli("clauses", "--json")
    assert shown.code == 0, shown.err
    agreement = json.loads(shown.out)["agreement"]
    names = {party["code"]: party for party in agreement["party_names"]}
    assert list(names) == agreement["parties"]
    assert {party["kind"] for party in names.values()} >= {"state", "non_state_armed_group"}
    assert all(party["name"] for party in names.values())
    assert "prisoner-release" in [event["id"] for event in agreement["events"]]
    # A version-1 agreement: the built-in names, and no events.
    shared = json.loads(cli("clauses", "--json", "--agreement", "shared-vision").out)["agreement"]
    assert [party["name"] for party in shared["party_names"]] == ["Afghanistan", "Pakistan"]
    assert shared["events"] == []
