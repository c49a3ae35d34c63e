"""Sign-off from the command line: ``round review`` and ``round approve``, on the
officer's own file (one officer in every role, said plainly) and on a team desk
(each officer their own login; their own submission refused in one sentence)."""

from __future__ import annotations

import json
from typing import Any

from server_fixtures import libpq_url, make_role

from vision_desk import app


def ok(result: Any) -> str:
    assert result.code == 0, result.err
    out: str = result.out
    return out


def refused(result: Any) -> str:
    assert result.code == 1, result.out
    assert result.err.count("\n") == 1, result.err  # one sentence
    err: str = result.err
    return err


def submit(cli: Any, *server: str) -> str:
    ok(cli(*server, "round", "open", "January review", "--as-of", "2021-01-10"))
    ok(cli(*server, "set", "SV-C1", "initiated", "--note", "Lead officials named."))
    closed = ok(cli(*server, "round", "close")).splitlines()
    assert "It is submitted for review" in closed[0]
    return closed[-1].removeprefix("Content hash: ")


def test_one_officer_reviews_and_approves_their_own_round_and_is_told_so(cli: Any) -> None:
    digest = submit(cli)
    assert "must be reviewed before it is approved" in refused(cli("round", "approve"))
    reviewed = ok(cli("round", "review")).splitlines()
    assert reviewed[0].startswith("Round 1 'January review' is reviewed, awaiting approval; ")
    assert reviewed[0].endswith(f"signed content hash {digest}.")
    assert "one officer's own store: the officer holds every role" in reviewed[1]
    assert "is approved;" in ok(cli("round", "approve", "1"))
    assert "an approved round is sealed" in refused(cli("round", "review", "1"))

    shown = json.loads(ok(cli("round", "show", "1", "--json")))
    sign_off = shown["sign_off"]
    assert sign_off["stage"] == "approved"
    assert sign_off["submitted_by"] == shown["closed_by"]
    assert sign_off["reviewed"]["hash"] == sign_off["approved"]["hash"] == digest
    listed = json.loads(ok(cli("round", "list", "--json")))
    assert listed[0]["sign_off"]["stage"] == "approved"
    text = ok(cli("round", "show", "1"))
    assert "Sign-off: approved" in text and "Approved " in text
    assert "approved" in ok(cli("round", "list"))


def test_nothing_to_review_before_a_round_is_closed(cli: Any) -> None:
    assert "has been closed yet; closing a round submits it" in refused(cli("round", "review"))
    assert "There is no round 7" in refused(cli("round", "approve", "7"))


def test_on_a_team_desk_each_officer_signs_with_their_own_login(
    cli: Any, server_database: str
) -> None:
    app.init_server(server_database)
    logins = {}
    for login, desk_role in (
        ("amina", "officer"),
        ("bilal", "reviewer"),
        ("chen", "director"),
        ("dana", "officer"),
    ):
        make_role(server_database, login)
        app.grant_on_server(server_database, login, desk_role)
        logins[login] = ("--server", libpq_url(make_role(server_database, login)))
    digest = submit(cli, *logins["amina"])
    assert "was submitted by you; another officer must review it" in refused(
        cli(*logins["amina"], "round", "review")
    )
    assert "Only a reviewer marks a round reviewed; dana" in refused(
        cli(*logins["dana"], "round", "review")
    )
    assert "is reviewed, awaiting approval; bilal signed" in ok(
        cli(*logins["bilal"], "round", "review")
    )
    assert "Only a director approves a round; bilal" in refused(
        cli(*logins["bilal"], "round", "approve")
    )
    approved = ok(cli(*logins["chen"], "round", "approve"))
    assert approved.strip() == (
        f"Round 1 'January review' is approved; chen signed content hash {digest}."
    )
    sign_off = json.loads(ok(cli(*logins["amina"], "round", "show", "1", "--json")))["sign_off"]
    assert (sign_off["submitted_by"], sign_off["reviewed"]["by"], sign_off["approved"]["by"]) == (
        "amina",
        "bilal",
        "chen",
    )
