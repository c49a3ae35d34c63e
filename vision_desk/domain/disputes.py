"""Disputed assessments: the other party's stated position beside ours.

A party may say where it stands on a commitment ("all lead officials named",
said at a press conference on 3 December). The desk records the claim as a
status on the clause's own scale, with what was said, where and when. A clause is
**disputed** when a party's latest stated position differs from our assessment of
that party's part (or of the whole clause, when it is assessed as a whole) by a
level or more on the clause's ladder. A position or an assessment off the ladder
(not assessed, overtaken) disputes nothing: there is nothing to set against it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from vision_desk.domain.party_status import part_of
from vision_desk.domain.review import BoardRow
from vision_desk.domain.rounds import _RANK as LADDER_RANK
from vision_desk.domain.status import Status


@dataclass(frozen=True, slots=True)
class PartyPosition:
    """What a party says of its own standing on a clause, as recorded by an officer."""

    id: int
    ref: str
    party: str
    claimed: Status
    claim: str
    where: str
    said_on: dt.date
    recorded_at: dt.datetime
    recorded_by: str


@dataclass(frozen=True, slots=True)
class Dispute:
    """A party's position set against our assessment of its part: ``levels`` is
    how far apart they are (positive: the party claims more than we assess)."""

    row: BoardRow
    position: PartyPosition
    ours: Status
    levels: int


def latest_positions(positions: Iterable[PartyPosition]) -> dict[tuple[str, str], PartyPosition]:
    """Each (clause, party)'s latest stated position: a party's new statement
    replaces its old one, which the history keeps."""
    latest: dict[tuple[str, str], PartyPosition] = {}
    for position in sorted(positions, key=lambda p: (p.said_on, p.id)):
        latest[(position.ref, position.party)] = position
    return latest


def disputes(
    rows: Sequence[BoardRow], positions: Mapping[tuple[str, str], PartyPosition]
) -> tuple[Dispute, ...]:
    """The disputes on a board, in document order then party order."""
    found: list[Dispute] = []
    for row in rows:
        for party in row.clause.parties:
            position = positions.get((row.clause.ref, party))
            if position is None:
                continue
            ours = part_of(row.state, party)
            if ours not in LADDER_RANK or position.claimed not in LADDER_RANK:
                continue
            levels = LADDER_RANK[position.claimed] - LADDER_RANK[ours]
            if levels:
                found.append(Dispute(row, position, ours, levels))
    return tuple(found)
