"""An agreement goes into the store and comes back equal, whatever of version 2 it
says: the reader reads the clauses' version-2 columns only for an agreement
marked as saying some (``agreement_codec``), so the mark must follow every field."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from vision_desk.domain.agreement import (
    Agreement,
    Clause,
    ClauseKind,
    ClauseText,
    Deadline,
    Event,
    Precision,
    Provenance,
    RelativeDeadline,
    TimeUnit,
)
from vision_desk.domain.parties import Party, PartyKind
from vision_desk.storage import agreements
from vision_desk.storage.agreement_codec import says_version_two
from vision_desk.storage.store import Store

AT = dt.datetime(2021, 1, 10, 9, 0, tzinfo=dt.UTC)
DATED = Deadline("By 15 December 2020", dt.date(2020, 12, 15), dt.date(2020, 12, 15), Precision.DAY)
PLAIN = Clause(
    ref="C-1",
    kind=ClauseKind.COMMITMENT,
    strand="security",
    parties=("AF", "PK"),
    title="A commitment",
    text="Both sides do it.",
    provenance=Provenance("minutes", "paragraph 1"),
    due=DATED,
)
BASE = Agreement(
    id="edge-accord",
    title="Edge Accord",
    short_title="",
    parties=("AF", "PK"),
    place="Kabul",
    date=dt.date(2020, 11, 19),
    source="minutes",
    clauses=(PLAIN, replace(PLAIN, ref="P-1", kind=ClauseKind.PRINCIPLE, due=None)),
)
IN_A_WEEK = RelativeDeadline("Within a week of signature", "signature", 1, TimeUnit.WEEKS)


@pytest.mark.parametrize(
    "agreement",
    [
        pytest.param(BASE, id="version 1"),
        pytest.param(
            replace(BASE, clauses=(replace(PLAIN, due=None, relative_due=IN_A_WEEK),)),
            id="only a deadline counted from signature",
        ),
        pytest.param(
            replace(BASE, clauses=(replace(PLAIN, numbering="Part One, 1"), *BASE.clauses[1:])),
            id="only a numbering",
        ),
        pytest.param(
            replace(
                BASE,
                clauses=(
                    replace(
                        PLAIN, texts=(ClauseText("ur", "دونوں فریق", True), ClauseText("en", "x"))
                    ),
                ),
            ),
            id="only texts",
        ),
        pytest.param(replace(BASE, events=(Event("talks", "the talks"),)), id="only an event"),
        pytest.param(
            replace(
                BASE,
                parties=("GOV", "FRONT"),
                party_registry=(
                    Party("GOV", "Government", PartyKind.STATE, names=(("ps", "حکومت"),)),
                    Party("FRONT", "The Front", PartyKind.NON_STATE_ARMED_GROUP, "Front"),
                ),
                clauses=(replace(PLAIN, parties=("FRONT",)),),
            ),
            id="only a registry",
        ),
    ],
)
def test_an_agreement_comes_back_as_it_went_in(tmp_path: Path, agreement: Agreement) -> None:
    store = Store.open(tmp_path / "store.sqlite3")
    try:
        with store.write() as session:
            agreements.add_agreement(session, agreement, AT, "Test Officer")
        with store.read() as session:
            stored = agreements.load(session, agreement.id)
    finally:
        store.close()
    assert stored is not None
    assert stored.agreement == agreement
    assert [clause.ref for clause in stored.agreement.clauses] == list(stored.clause_ids)
    assert says_version_two(stored.agreement) is (agreement is not BASE)
