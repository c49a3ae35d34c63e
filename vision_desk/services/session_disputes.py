"""Disputed assessments on the desk: the parties' stated positions beside ours, the
clauses where they differ by a level or more (docs/evidence.md), a filter for them
and a few words for the list ("PK says completed").

The latest position of each party is read with the board (off the window's thread
when the desk goes live) and kept; a status change or a position recorded patches
one clause, so a key costs a few comparisons, not a pass over the board. The rules
(``domain.disputes``) load with the first positions, not with the first board.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from vision_desk.services.repaint import NOTHING, Repaint

if TYPE_CHECKING:
    from vision_desk.domain.agreement import Agreement
    from vision_desk.domain.disputes import Dispute, PartyPosition
    from vision_desk.domain.review import BoardRow
    from vision_desk.domain.search import Filters
    from vision_desk.services.desk import Desk

    Positions = dict[tuple[str, str], PartyPosition]


def _disputes(rows: list[BoardRow], positions: Positions) -> tuple[Dispute, ...]:
    from vision_desk.domain.disputes import disputes

    return disputes(rows, positions)


def levels_apart(levels: int) -> str:
    count = abs(levels)
    return f"{count} level{'s' if count != 1 else ''} apart"


class SessionDisputes:
    """The part of ``DeskSession`` that knows the parties' stated positions (a
    mixin: the session's attributes are declared here for the type checker)."""

    rows: dict[str, BoardRow]
    agreement: Agreement
    current_ref: str | None
    keys: Callable[[str], str]
    # Only the clauses in dispute.
    disputed_only: bool = False
    # Each (clause, party)'s latest stated position; each disputed clause's disputes.
    positions: Positions
    disputes: dict[str, tuple[Dispute, ...]]
    disputed: frozenset[str] = frozenset()

    filters: Filters
    # The agreement the positions held were read for.
    _positions_for: str = ""

    def set_filters(
        self,
        filters: Filters,
        due_review_only: bool | None = None,
        apart_only: bool | None = None,
        disputed_only: bool | None = None,
    ) -> Repaint:
        raise NotImplementedError  # the session's

    # -- reading --------------------------------------------------------------------------

    def read_positions(self, desk: Desk) -> None:
        """Every stated position on the agreement, read again (a board was read)."""
        from vision_desk.services.evidence import Evidence  # loaded once live

        self.take_positions(Evidence(desk).positions(self.agreement.id), self.agreement.id)

    def take_positions(self, positions: Iterable[PartyPosition], agreement_id: str) -> None:
        """The agreement's positions, as read (``Live``, or ``read_positions``)."""
        from vision_desk.domain.disputes import latest_positions

        self.positions = latest_positions(positions)
        self._positions_for = agreement_id

    def _disputes_read(self) -> None:
        """A board was read: its disputes found afresh from the positions held."""
        if self._positions_for != self.agreement.id:
            # None read for this agreement yet (the first board, before the store).
            self.positions, self._positions_for = {}, self.agreement.id
        positions = self.positions
        found: dict[str, list[Dispute]] = {}
        for dispute in _disputes(list(self.rows.values()), positions) if positions else ():
            found.setdefault(dispute.row.clause.ref, []).append(dispute)
        self.disputes = {ref: tuple(each) for ref, each in found.items()}
        self.disputed = frozenset(self.disputes)

    def _disputes_take(self, row: BoardRow) -> bool:
        """One clause changed (its status, or a position on it): its disputes follow.
        True when it went into dispute or out of it, or its dispute changed."""
        ref = row.clause.ref
        before = self.disputes.get(ref, ())
        now = _disputes([row], self.positions) if self.positions else ()
        if now:
            self.disputes[ref] = now
            self.disputed = self.disputed | {ref}
        elif ref in self.disputes:
            del self.disputes[ref]
            self.disputed = self.disputed - {ref}
        return [(d.position.id, d.ours) for d in before] != [(d.position.id, d.ours) for d in now]

    # -- changes ----------------------------------------------------------------------------

    def take_position(self, position: PartyPosition) -> Repaint:
        """A position the officer just recorded: the clause's disputes follow."""
        key = (position.ref, position.party)
        held = self.positions.get(key)
        if held is None or (held.said_on, held.id) <= (position.said_on, position.id):
            self.positions[key] = position
        row = self.rows.get(position.ref)
        if row is None:
            return NOTHING
        self._disputes_take(row)
        repaint = Repaint(rows=frozenset({position.ref}), summary=True)
        if position.ref == self.current_ref:
            repaint |= Repaint(pane=True)
        return repaint

    def take_elsewhere_positions(self, positions: Iterable[PartyPosition]) -> Repaint:
        """The positions as another officer's look read them: the clauses whose
        disputes changed are repainted."""
        from vision_desk.domain.disputes import latest_positions

        latest = latest_positions(positions)
        if latest == self.positions:
            return NOTHING
        touched = {key[0] for key in set(latest) ^ set(self.positions)}
        touched |= {key[0] for key in latest if latest[key] != self.positions.get(key)}
        self.positions = latest
        changed = frozenset(ref for ref in touched if ref in self.rows)
        for ref in changed:
            self._disputes_take(self.rows[ref])
        repaint = Repaint(rows=changed, summary=True)
        return repaint | Repaint(pane=True) if self.current_ref in changed else repaint

    def toggle_disputed(self) -> Repaint:
        flip = self.set_filters(self.filters, disputed_only=not self.disputed_only)
        return flip | Repaint(filters=True, message=self.disputed_message())

    # -- words ------------------------------------------------------------------------------

    def dispute_marker(self, ref: str) -> str:
        """What the clause list says of a disputed clause: "PK says completed"."""
        return "; ".join(
            f"{dispute.position.party} says {dispute.position.claimed.label.lower()}"
            for dispute in self.disputes.get(ref, ())
        )

    def positions_of(self, ref: str) -> list[PartyPosition]:
        """The clause's latest stated position of each party, in the file's order."""
        order = {code: place for place, code in enumerate(self.agreement.parties)}
        found = [position for (at, _), position in self.positions.items() if at == ref]
        return sorted(found, key=lambda position: order.get(position.party, len(order)))

    def dispute_of(self, ref: str, party: str) -> Dispute | None:
        return next((d for d in self.disputes.get(ref, ()) if d.position.party == party), None)

    def disputed_message(self) -> str:
        if not self.disputed_only:
            return "Every clause again, disputed or not."
        count = len(self.disputed)
        if not count:
            return "No clause is disputed: no party's stated position differs from ours."
        return (
            f"{count} disputed clause{'s' if count != 1 else ''}: a party's stated position "
            "differs from our assessment."
        )
