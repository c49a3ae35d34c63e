"""Obligations per party on the desk: whose part the status keys and the next note
are about, the commitments where one party is ahead of another, and the
implementation index per party.

The officer chooses a party once (``choose_party``) and walks the clauses: the
choice stays until changed. On a clause that does not bind the chosen party, or
binds one party only, the keys act on the whole clause, and ``assessing`` says so.

Worked out when the board is read and patched per clause as statuses change, so a
status key costs a few comparisons per party, not a pass over 5,000 clauses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from vision_desk.domain.party_status import (
    ReciprocityGap,
    party_status,
    reciprocity,
    summaries_by_party,
)
from vision_desk.domain.review import BoardRow, PartyAssessment
from vision_desk.domain.rules import Summary, resummarise
from vision_desk.domain.status import Status
from vision_desk.services.repaint import Repaint

if TYPE_CHECKING:
    from vision_desk.domain.agreement import Agreement


@dataclass(frozen=True, slots=True)
class Assessing:
    """What the status keys act on for the current clause, for the review panel."""

    party: str | None  # the party whose part the keys set; None: the whole clause
    status: Status  # what the status box shows: that party's part, else the clause's
    text: str  # "Pakistan's part", "The whole clause", and why when it matters
    per_party: bool  # the clause is assessed per party


def possessive(name: str) -> str:
    """ "Pakistan's", "the United Nations'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def levels_text(levels: int) -> str:
    return f"{levels} level{'s' if levels != 1 else ''}"


class SessionParties:
    """The part of ``DeskSession`` that knows about parties (a mixin: the session's
    attributes are declared here for the type checker)."""

    rows: dict[str, BoardRow]
    agreement: Agreement
    summary: Summary
    current_ref: str | None
    event_dates: Mapping[str, dt.date]
    _order: dict[str, int]
    keys: Callable[[str], str]
    # The party the officer chose to assess (a code), kept from clause to clause.
    chosen_party: str | None = None
    # Only the commitments where one party is ahead of another.
    apart_only: bool = False
    # Each such commitment's gaps, by reference (only clauses assessed per party).
    gaps: dict[str, tuple[ReciprocityGap, ...]]
    apart: frozenset[str] = frozenset()
    # The summary per party, worked out when first shown; None: not yet.
    _party_summaries: dict[str, Summary] | None = None
    # Every party's summary is the overall one (``_follows_overall``): then none
    # is summarised or patched apart, and ``_party_summaries`` stays None.
    _parties_follow: bool = False
    _parties_of: tuple[str, tuple[str, ...]] = ("", ())

    def current_row(self) -> BoardRow | None:
        raise NotImplementedError  # the session's

    # -- whose part -------------------------------------------------------------------

    def party_label(self, code: str) -> str:
        """The party as the file names it (its short name where it gives one)."""
        return self.agreement.party(code).display_name

    def party_in_hand(self, row: BoardRow | None = None) -> str | None:
        """The party whose part the status keys and a new note are about on ``row``
        (the current clause); None: the whole clause."""
        row = row if row is not None else self.current_row()
        chosen = self.chosen_party
        if row is None or chosen is None:
            return None
        parties = row.clause.parties
        return chosen if chosen in parties and len(parties) > 1 else None

    def assessing(self) -> Assessing | None:
        """Whose part the keys act on for the current clause, and what to say."""
        row = self.current_row()
        if row is None:
            return None
        party = self.party_in_hand(row)
        per_party = bool(row.state.parts)
        if party is not None:
            own = next((p.status for p in row.state.parts if p.party == party), None)
            status = own if own is not None else (Status.NOT_ASSESSED if per_party else row.status)
            text = f"{possessive(self.party_label(party))} part"
            return Assessing(party, status, text, per_party)
        chosen, clause = self.chosen_party, row.clause
        if chosen is not None and len(clause.parties) == 1:
            only = self.party_label(clause.parties[0])
            text = f"The whole clause: {clause.ref} binds {only} only"
        elif chosen is not None:
            text = f"The whole clause: {clause.ref} does not bind {self.party_label(chosen)}"
        elif per_party:
            text = f"Assessed per party; {self._choose_key()} chooses whose part"
        else:
            text = "The whole clause"
        return Assessing(None, row.status, text, per_party)

    def choose_party(self) -> Repaint:
        """The next choice of whose part to assess: the whole clause, then each party
        the current clause binds, then the whole clause again."""
        row = self.current_row()
        key = self._choose_key()
        if row is None:
            return Repaint(message="Choose a clause first.")
        parties = row.clause.parties
        if len(parties) < 2 and self.chosen_party is None:
            only = self.party_label(parties[0]) if parties else "no party"
            return Repaint(
                message=f"{row.clause.ref} binds {only} only: its status is {possessive(only)}. "
                f"{key} chooses a party on a clause that binds several."
            )
        cycle: list[str | None] = [None, *parties] if len(parties) > 1 else [None]
        at = cycle.index(self.chosen_party) if self.chosen_party in cycle else 0
        self.chosen_party = cycle[(at + 1) % len(cycle)]
        following = cycle[(at + 2) % len(cycle)]
        if len(cycle) == 1:
            then = "one party's part, on a clause that binds several"
        elif following is None:
            then = "the whole clause"
        else:
            then = f"{possessive(self.party_label(following))} part"
        if self.chosen_party is None:
            said = "Assessing the whole clause again"
        else:
            name = self.party_label(self.chosen_party)
            said = (
                f"Assessing {possessive(name)} part, clause after clause: the status keys and "
                f"new notes are about {name}"
            )
        return Repaint(pane=True, message=f"{said}. {key}: {then}.")

    def _choose_key(self) -> str:
        """The key of ``clause.choose_party`` as the officer reads it."""
        return self.keys("clause.choose_party") or "the palette's “Assess one party's part”"

    # -- one party ahead of another ------------------------------------------------------

    def gap_text(self, ref: str) -> str:
        """ "Afghanistan ahead of Pakistan by 2 levels" (empty: no party ahead)."""
        return "; ".join(
            f"{self.party_label(gap.ahead)} ahead of {self.party_label(gap.behind)} "
            f"by {levels_text(gap.levels)}"
            for gap in self.gaps.get(ref, ())
        )

    def gap_marker(self, ref: str) -> str:
        """The same, short enough for the clause list: "Afghanistan 2 levels ahead"."""
        return "; ".join(
            f"{self.party_label(gap.ahead)} {levels_text(gap.levels)} ahead"
            for gap in self.gaps.get(ref, ())
        )

    def apart_message(self) -> str:
        if not self.apart_only:
            return "Every clause again, whatever its parties' standing."
        count = len(self.apart)
        if not count:
            return "No commitment has one party ahead of another (assess a clause per party first)."
        return f"{count} commitment{'s' if count != 1 else ''} where one party is ahead of another."

    def _gaps_for(self, rows: list[BoardRow]) -> dict[str, tuple[ReciprocityGap, ...]]:
        split = [row for row in rows if row.state.parts]
        if not split:
            return {}
        parts: dict[str, tuple[PartyAssessment, ...]] = {
            row.clause.ref: row.state.parts for row in split
        }
        found: dict[str, list[ReciprocityGap]] = {}
        clauses = [row.clause for row in split]
        for first, second in combinations(self.agreement.parties, 2):
            for gap in reciprocity(clauses, parts, first, second):
                found.setdefault(gap.ref, []).append(gap)
        return {ref: tuple(gaps) for ref, gaps in found.items()}

    # -- the index per party ----------------------------------------------------------------

    @property
    def index_parties(self) -> tuple[str, ...]:
        """The parties the index is shown for: those of an agreement whose clauses
        bind several parties (none otherwise: the overall index says it all)."""
        agreement = self.agreement
        if self._parties_of[0] != agreement.id:
            several = any(len(clause.parties) > 1 for clause in agreement.clauses)
            bound = {code for clause in agreement.clauses for code in clause.parties}
            parties = tuple(code for code in agreement.parties if code in bound) if several else ()
            self._parties_of = (agreement.id, parties)
        return self._parties_of[1]

    def party_names(self) -> dict[str, str]:
        """Each party of the agreement as the file names it, by code."""
        return {code: self.party_label(code) for code in self.agreement.parties}

    def index_by_party(self) -> list[tuple[str, Summary]]:
        """Each party's name and summary (``party_summaries``), in the file's order."""
        return [
            (self.party_label(code), summary) for code, summary in self.party_summaries().items()
        ]

    def party_summaries(self) -> dict[str, Summary]:
        """The summary of each party (``index_parties``), each clause at the party's
        own status: worked out once per board, then patched clause by clause."""
        parties = self.index_parties
        if self._parties_follow:
            return dict.fromkeys(parties, self.summary)
        if self._party_summaries is None:
            rows = self.rows.values()
            if parties and _follows_overall(rows, parties):
                self._parties_follow = True
                return dict.fromkeys(parties, self.summary)
            self._party_summaries = (
                summaries_by_party(
                    ((row.clause, row.status) for row in rows),
                    {row.clause.ref: row.state.parts for row in rows if row.state.parts},
                    parties,
                    self.summary.as_of,
                    self.event_dates,
                )
                if parties
                else {}
            )
        return self._party_summaries

    # -- keeping up ---------------------------------------------------------------------------

    def _parties_read(self) -> None:
        """A board was read: its gaps found afresh, its summaries per party to be."""
        self.gaps = self._gaps_for(list(self.rows.values()))
        self.apart = frozenset(self.gaps)
        self.forget_party_summaries()
        if self.chosen_party is not None and self.chosen_party not in self.agreement.parties:
            self.chosen_party = None  # another agreement, without that party

    def forget_party_summaries(self) -> None:
        """The summaries per party are worked out again when next shown."""
        self._party_summaries = None
        self._parties_follow = False

    def _parties_take(self, before: BoardRow, row: BoardRow, overall_before: Summary) -> bool:
        """One clause changed from ``before`` to ``row`` (the overall summary was
        ``overall_before``): its gaps and the summaries per party follow. True when
        a summary changed."""
        ref = row.clause.ref
        if before.state.parts or row.state.parts:
            gaps = self._gaps_for([row]).get(ref, ())
            if gaps:
                self.gaps[ref] = gaps
                self.apart = self.apart | {ref}
            elif ref in self.gaps:
                del self.gaps[ref]
                self.apart = self.apart - {ref}
        if self._parties_follow:
            if not row.state.parts:
                return before.status is not row.status  # still the overall summary
            # The first clause assessed per party: from here each party's summary
            # goes its own way, starting from the overall one as it stood.
            self._parties_follow = False
            self._party_summaries = dict.fromkeys(self.index_parties, overall_before)
        summaries = self._party_summaries
        if not summaries:
            return False
        changed = False
        for party, summary in summaries.items():
            old = party_status(before.clause, before.status, before.state.parts, party)
            new = party_status(row.clause, row.status, row.state.parts, party)
            if old is None or new is None or old is new:
                continue
            summaries[party] = resummarise(
                summary, (before.clause, old), (row.clause, new), self._order, self.event_dates
            )
            changed = True
        return changed


def _follows_overall(rows: Iterable[BoardRow], parties: Sequence[str]) -> bool:
    """Whether each party's summary is the overall one: no clause is assessed per
    party and every clause binds every party, so each party stands where the
    clause does (``party_status``) on every clause (the usual bilateral file)."""
    every = frozenset(parties)
    return all(not row.state.parts and every.issubset(row.clause.parties) for row in rows)
