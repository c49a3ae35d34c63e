"""Version-1 files load exactly as before version 2 existed: the same Agreement,
field for field, with every field version 2 added at its empty default.

The River Accord (docs/agreement-format.md) is written out by hand below; the
Shared Vision is pinned by a SHA-256 over every version-1 field, taken from the
loader as it was before version 2 (commit f604f1e). An edit to the Shared Vision's
own data changes that digest too: check the edit, then take the new digest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from documented_agreements import RIVER_ACCORD, SHARED_VISION, load

from vision_desk.domain.agreement import (
    Agreement,
    Clause,
    ClauseKind,
    Deadline,
    Precision,
    Provenance,
    Source,
)
from vision_desk.domain.agreement_file import load_agreement
from vision_desk.domain.parties import PartyKind

D = dt.date

SHARED_VISION_V1_DIGEST = "0f2efaeb77ee3bfea8c400d8c731bd5c0367344b02e1d8f284d02af836bc70c6"
RIVER_ACCORD_V1_DIGEST = "45a7a8f01e6ae292ba1cf8e8def8206552b0d6cc2df767db5c67ce2a377bc9c1"


def river_accord_by_hand() -> Agreement:
    """The River Accord as the version-1 loader built it: no version-2 argument."""
    minutes = "minutes"
    return Agreement(
        id="river-accord",
        title="Accord on the Shared River Basin",
        short_title="River Accord",
        parties=("AF", "PK"),
        place="Islamabad",
        date=D(2021, 5, 4),
        source=minutes,
        summary="",
        sources=(
            Source(
                id=minutes,
                title="Agreed minutes of the river basin talks",
                publisher="Joint secretariat",
                date=D(2021, 5, 4),
            ),
        ),
        clauses=(
            Clause(
                ref="I-1",
                kind=ClauseKind.PRINCIPLE,
                strand="water",
                parties=("AF", "PK"),
                title="Equitable use",
                text="Both parties use the basin's water equitably and reasonably.",
                quotes=("equitable and reasonable use",),
                provenance=Provenance(minutes, "part I, paragraph 1"),
            ),
            Clause(
                ref="II-1",
                kind=ClauseKind.COMMITMENT,
                strand="data",
                parties=("PK",),
                title="Share flow data",
                text="Pakistan shares daily flow data from the lower gauges.",
                see_also=("I-1",),
                provenance=Provenance(minutes, "part II, paragraph 1"),
                due=Deadline("By 30 June 2021", D(2021, 6, 30), D(2021, 6, 30), Precision.DAY),
            ),
            Clause(
                ref="II-4",
                kind=ClauseKind.COMMITMENT,
                strand="data",
                parties=("AF", "PK"),
                title="Joint gauge survey",
                text="A joint survey of all gauges in the basin.",
                provenance=Provenance(minutes, "part II, paragraph 4"),
                due=Deadline(
                    "In the third quarter of 2021",
                    D(2021, 7, 1),
                    D(2021, 9, 30),
                    Precision.QUARTER,
                ),
            ),
            Clause(
                ref="R-1",
                kind=ClauseKind.RELATED,
                strand="finance",
                parties=("AF", "PK"),
                title="Basin fund",
                text="A fund for basin projects, announced at the press conference.",
                provenance=Provenance(minutes, "closing statement"),
                due=Deadline(
                    "Around the end of 2021",
                    D(2021, 12, 1),
                    D(2022, 1, 15),
                    Precision.APPROXIMATE,
                ),
            ),
        ),
    )


def version_one_form(agreement: Agreement) -> dict[str, Any]:
    """Every field a version-1 file can set, as JSON-ready data."""

    def due(deadline: Deadline | None) -> list[str] | None:
        if deadline is None:
            return None
        return [
            deadline.label,
            deadline.earliest.isoformat(),
            deadline.latest.isoformat(),
            deadline.precision.value,
        ]

    return {
        "id": agreement.id,
        "title": agreement.title,
        "short_title": agreement.short_title,
        "parties": list(agreement.parties),
        "place": agreement.place,
        "date": agreement.date.isoformat(),
        "source": agreement.source,
        "summary": agreement.summary,
        "sources": [
            [s.id, s.title, s.publisher, s.date and s.date.isoformat(), s.note]
            for s in agreement.sources
        ],
        "clauses": [
            [
                c.ref,
                c.kind.value,
                c.strand,
                list(c.parties),
                c.title,
                c.text,
                [c.provenance.source, c.provenance.locator],
                list(c.quotes),
                due(c.due),
                list(c.see_also),
            ]
            for c in agreement.clauses
        ],
    }


def digest(agreement: Agreement) -> str:
    form = json.dumps(version_one_form(agreement), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(form.encode()).hexdigest()


def assert_nothing_of_version_two(agreement: Agreement) -> None:
    assert agreement.party_registry == ()
    assert agreement.events == ()
    for clause in agreement.clauses:
        assert (clause.numbering, clause.texts, clause.relative_due) == ("", (), None), clause.ref


def test_the_river_accord_is_the_agreement_it_always_was() -> None:
    loaded = load(RIVER_ACCORD)
    assert loaded == river_accord_by_hand()
    assert repr(loaded) == repr(river_accord_by_hand())
    assert digest(loaded) == RIVER_ACCORD_V1_DIGEST
    assert_nothing_of_version_two(loaded)


def test_the_shared_vision_is_the_agreement_it_always_was() -> None:
    loaded = load_agreement(SHARED_VISION)
    assert digest(loaded) == SHARED_VISION_V1_DIGEST
    assert len(loaded.clauses) == 24
    assert_nothing_of_version_two(loaded)


def test_version_one_parties_take_the_built_in_names() -> None:
    agreement = load(RIVER_ACCORD)
    assert agreement.party_name("AF") == "Afghanistan"
    assert agreement.party_name("PK") == "Pakistan"
    pakistan = agreement.party("PK")
    assert pakistan.kind is PartyKind.STATE
    assert pakistan.display_name == "Pakistan"
    assert pakistan.names == ()
    # A code the built-in list does not know is shown as itself.
    assert agreement.party_name("ZZ") == "ZZ"
