"""Obligations per party: a clause that binds several parties, assessed party by
party (Afghanistan: advanced; Pakistan: initiated).

The clause's overall status is derived, never typed in (docs/agreement-format.md,
"Obligations per party"):

1. Only the parties the clause binds count; a party without a part of its own
   is not assessed.
2. A party whose part is "overtaken" (the obligation no longer applies to it)
   drops out; when every party's part is overtaken, so is the clause.
3. While any remaining party is not assessed, neither is the clause: it cannot be
   further along than a party nobody has looked at yet, and the index must not
   count it as more than it is.
4. Otherwise the clause stands where its least advanced party stands on the
   clause's ladder: not started < initiated < advanced < completed for a scored
   clause, breached < strained < upheld for a principle. An obligation of both
   sides is done when both have done it.

The parts decide; ``SplitStatus.decided_by`` names the parties whose part gave the
overall status, so that it can be shown with its parts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from vision_desk.domain.agreement import Agreement, Clause
from vision_desk.domain.deadlines import NO_EVENT_DATES
from vision_desk.domain.review import BoardRow, ClauseState, PartyAssessment
from vision_desk.domain.rounds import _RANK as LADDER_RANK  # the ladders rounds compare on
from vision_desk.domain.rules import Summary, summarise
from vision_desk.domain.status import Status, scale_for
from vision_desk.errors import UserError


@dataclass(frozen=True, slots=True)
class SplitStatus:
    """A clause's overall status with the parts it is derived from.

    ``parts`` has one entry per party the clause binds, in the clause's order (a
    party without a part of its own is there as not assessed). ``decided_by``
    names the parties whose part the overall status is: the least advanced, or
    the ones not yet assessed that hold the clause at "not assessed".
    """

    ref: str
    parts: tuple[PartyAssessment, ...]
    overall: Status
    decided_by: tuple[str, ...]

    def part(self, party: str) -> PartyAssessment | None:
        return next((part for part in self.parts if part.party == party), None)


def split_status(clause: Clause, parts: Iterable[PartyAssessment]) -> SplitStatus:
    """The clause's overall status from its parts, by the rule in this module's
    docstring. A part for a party the clause does not bind, two parts for one
    party, or a status off the clause's scale is a ``UserError``."""
    given = _checked_parts(clause, parts)
    full = tuple(
        given.get(party, PartyAssessment(party, Status.NOT_ASSESSED)) for party in clause.parties
    )
    remaining = [part for part in full if part.status is not Status.OVERTAKEN]
    if not remaining:
        return SplitStatus(clause.ref, full, Status.OVERTAKEN, clause.parties)
    waiting = tuple(part.party for part in remaining if part.status is Status.NOT_ASSESSED)
    if waiting:
        return SplitStatus(clause.ref, full, Status.NOT_ASSESSED, waiting)
    lowest = min(LADDER_RANK[part.status] for part in remaining)
    least = [part for part in remaining if LADDER_RANK[part.status] == lowest]
    return SplitStatus(clause.ref, full, least[0].status, tuple(part.party for part in least))


def _checked_parts(clause: Clause, parts: Iterable[PartyAssessment]) -> dict[str, PartyAssessment]:
    scale = scale_for(clause.kind)
    given: dict[str, PartyAssessment] = {}
    for part in parts:
        if part.party not in clause.parties:
            raise UserError(f"{clause.ref} does not bind '{part.party}'.")
        if part.party in given:
            raise UserError(f"{clause.ref} has two assessments for '{part.party}'.")
        if part.status not in scale:
            raise UserError(
                f"'{part.status.value}' is not on the scale of {clause.ref}, a {clause.kind.value}."
            )
        given[part.party] = part
    return given


def party_status(
    clause: Clause, status: Status, parts: Iterable[PartyAssessment], party: str
) -> Status | None:
    """Where ``party`` stands on ``clause``: its own part when the clause is
    assessed per party (not assessed without one), else the clause's ``status``,
    which then speaks for every party it binds. None when the clause does not bind
    the party."""
    if party not in clause.parties:
        return None
    own = list(parts)
    if not own:
        return status
    return next((part.status for part in own if part.party == party), Status.NOT_ASSESSED)


# -- reciprocity -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReciprocityGap:
    """A clause on which one party is ahead of another, by ``levels`` steps of the
    ladder (initiated against not started is 1; completed against not started, 3)."""

    ref: str
    ahead: str
    ahead_status: Status
    behind: str
    behind_status: Status
    levels: int


def reciprocity(
    clauses: Iterable[Clause],
    parts: Mapping[str, Iterable[PartyAssessment]],
    first: str,
    second: str,
) -> tuple[ReciprocityGap, ...]:
    """The scored clauses, in document order, where one of ``first`` and
    ``second`` stands higher than the other on the ladder.

    Only clauses that bind both and are assessed per party (``parts``, by clause
    reference) can show it: a status given to the whole clause speaks for both
    alike. A party not assessed or overtaken there has no place on the ladder, so
    the clause is left out rather than guessed at. Principles are left out too:
    they are judged, not acted on.
    """
    gaps: list[ReciprocityGap] = []
    for clause in clauses:
        if not clause.is_scored or first not in clause.parties or second not in clause.parties:
            continue
        by_party = {part.party: part.status for part in parts.get(clause.ref, ())}
        one = by_party.get(first, Status.NOT_ASSESSED)
        other = by_party.get(second, Status.NOT_ASSESSED)
        if one not in LADDER_RANK or other not in LADDER_RANK:
            continue
        levels = LADDER_RANK[one] - LADDER_RANK[other]
        if levels > 0:
            gaps.append(ReciprocityGap(clause.ref, first, one, second, other, levels))
        elif levels < 0:
            gaps.append(ReciprocityGap(clause.ref, second, other, first, one, -levels))
    return tuple(gaps)


# -- the index per party -------------------------------------------------------------


def summaries_by_party(
    rows: Iterable[tuple[Clause, Status]],
    parts: Mapping[str, Iterable[PartyAssessment]],
    parties: Sequence[str],
    as_of: dt.date,
    event_dates: Mapping[str, dt.date] = NO_EVENT_DATES,
) -> dict[str, Summary]:
    """For each party, the summary (index, shares, overdue, due soon) of the clauses
    that bind it, each at the party's own status (``party_status``): the same rules
    as the overall summary, so the index per party reads beside the overall one.

    A clause completed by one party and not begun by the other counts 3 for the
    first and 0 for the second, and is overdue for the second only.
    """
    board = list(rows)
    own_parts = {ref: tuple(assessments) for ref, assessments in parts.items()}
    result: dict[str, Summary] = {}
    for party in parties:
        party_rows: list[tuple[Clause, Status]] = []
        for clause, status in board:
            standing = party_status(clause, status, own_parts.get(clause.ref, ()), party)
            if standing is not None:
                party_rows.append((clause, standing))
        result[party] = summarise(party_rows, as_of, event_dates)
    return result


# -- assessing one party's part -------------------------------------------------------


def find_party(agreement: Agreement, clause: Clause, given: str) -> str:
    """The code of the party of ``clause`` that ``given`` names: its code or its
    name as the file gives it (full or short), in any case. A clause that binds one
    party only has no parts to assess."""
    if len(clause.parties) < 2:
        raise UserError(f"{clause.ref} binds one party only; its status is that party's.")
    wanted = given.strip().casefold()
    if not wanted:
        raise UserError("Name the party: its code (such as PK) or its name.")
    for code in clause.parties:
        party = agreement.party(code)
        names = {code.casefold(), party.name.casefold(), party.short_name.casefold()} - {""}
        if wanted in names:
            return code
    bound = ", ".join(f"{code} ({agreement.party_name(code)})" for code in clause.parties)
    raise UserError(f"{clause.ref} does not bind '{given}'; it binds {bound}.")


def part_of(state: ClauseState, party: str) -> Status:
    """Where ``party`` stands in the clause's state: its own part when the clause is
    assessed per party, else the clause's status, which speaks for every party."""
    if not state.parts:
        return state.status
    return next((part.status for part in state.parts if part.party == party), Status.NOT_ASSESSED)


def with_part(
    clause: Clause, state: ClauseState, party: str, status: Status
) -> tuple[tuple[PartyAssessment, ...], Status]:
    """The clause's parts once ``party``'s part is ``status``, by party code, and
    the overall status they give (``split_status``).

    A clause first split takes its status so far as every party's starting part
    (the status spoke for all of them); "not assessed" is no part at all, and
    when no part is left the clause is assessed as a whole again. A whole clause
    given one party's part at the status it already has stays whole: that status
    already speaks for the party, and nothing about the clause has changed.
    """
    if not state.parts and status is state.status:
        return (), status
    start = state.parts or tuple(
        PartyAssessment(code, state.status)
        for code in clause.parties
        if state.status is not Status.NOT_ASSESSED
    )
    by_party = {part.party: part for part in start}
    by_party.pop(party, None)
    if status is not Status.NOT_ASSESSED:
        by_party[party] = PartyAssessment(party, status)
    parts = tuple(sorted(by_party.values(), key=lambda part: part.party))
    if not parts:
        return (), Status.NOT_ASSESSED
    return parts, split_status(clause, parts).overall


def replayed(
    clause: Clause,
    state: ClauseState,
    party: str | None,
    status: Status,
    at: dt.datetime,
    by: str,
) -> ClauseState:
    """The clause's state after one line of its history: the whole clause set to
    ``status``, or ``party``'s part (``with_part``, as the desk set it)."""
    if party is None:
        return replace(state, status=status, changed_at=at, changed_by=by)
    parts, overall = with_part(clause, state, party, status)
    return ClauseState(overall, at, by, parts=parts)


def describe_parts(agreement: Agreement, parts: Iterable[PartyAssessment]) -> str:
    """ "Afghanistan: advanced; Pakistan: initiated"."""
    return "; ".join(
        f"{agreement.party(part.party).display_name}: {part.status.label.lower()}" for part in parts
    )


# -- over a board ---------------------------------------------------------------------


def parts_by_ref(rows: Iterable[BoardRow]) -> dict[str, tuple[PartyAssessment, ...]]:
    """The parts of each clause assessed per party on a board, by reference."""
    return {row.clause.ref: row.state.parts for row in rows if row.state.parts}


def reciprocity_on(rows: Sequence[BoardRow], parties: Sequence[str]) -> tuple[ReciprocityGap, ...]:
    """Every reciprocity gap on the board between each pair of ``parties`` (the
    agreement's, in its order), in document order then pair order."""
    parts = parts_by_ref(rows)
    if not parts:
        return ()
    clauses = [row.clause for row in rows]
    pairs = [(first, second) for i, first in enumerate(parties) for second in parties[i + 1 :]]
    gaps = [gap for first, second in pairs for gap in reciprocity(clauses, parts, first, second)]
    order = {clause.ref: position for position, clause in enumerate(clauses)}
    return tuple(sorted(gaps, key=lambda gap: order[gap.ref]))


def party_summaries_on(
    rows: Sequence[BoardRow], parties: Sequence[str], as_of: dt.date
) -> dict[str, Summary]:
    """The summary per party of a board (``summaries_by_party``); empty when the
    agreement has a single party, where the overall index is that party's."""
    if len(parties) < 2 or not rows:
        return {}
    return summaries_by_party(
        ((row.clause, row.status) for row in rows),
        parts_by_ref(rows),
        parties,
        as_of,
        rows[0].event_dates,
    )
