"""How the desk session takes in a change: one the officer made here (``apply``),
or those other officers made on a team desk (``read_elsewhere`` off the window's
thread, then ``apply_elsewhere``).

A change from elsewhere updates its clause's row, the search, what is due for
review, the round's progress and the summary, but never moves the officer: the
current clause stays the current clause, and a note being typed stays as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from vision_desk.domain.agreement import Agreement
from vision_desk.domain.board_list import BoardList
from vision_desk.domain.review import BoardRow
from vision_desk.domain.rules import Summary, resummarise, summarise
from vision_desk.domain.search import Search, haystack
from vision_desk.domain.signoff import SignOff
from vision_desk.domain.typed_dates import long_date
from vision_desk.services.repaint import NOTHING, Repaint
from vision_desk.services.session_disputes import SessionDisputes
from vision_desk.services.session_parties import SessionParties

if TYPE_CHECKING:
    from vision_desk.domain.disputes import PartyPosition
    from vision_desk.services.boards import Board
    from vision_desk.services.desk import Desk, Outcome
    from vision_desk.services.rounds import Progress, Rounds
    from vision_desk.services.session_evidence import ClauseEvidence
    from vision_desk.storage.event_read import RecordedEvent


@dataclass(frozen=True)
class ClauseUpdate:
    row: BoardRow
    notes: tuple[str, ...] | None  # the notes' words, when they changed (for search)


# How far back each look reads again. A change's id is given when its row is
# written, not when its transaction commits: with officers writing at once, a
# lower id can commit after a higher one a look has already passed. Each look
# therefore reads again this many ids below the newest it has seen, and takes in
# those it has not seen yet.
OVERLAP = 500


@dataclass(frozen=True)
class Elsewhere:
    """What other officers changed since the session last looked, read at once."""

    agreement_id: str
    last_id: int  # the newest change read; the next look starts OVERLAP below it
    new_ids: frozenset[int]  # the changes this look found that were not seen before
    updates: dict[str, ClauseUpdate]
    authors: dict[str, str]  # clause reference → who changed it last
    progress: Progress | None
    last_assessed: dict[str, dt.datetime]
    sign_off: SignOff | None = None  # the last round closed, with its steps
    # The dates of the agreement's events now (an officer may have recorded one,
    # which writes no change), and the records that say so; None: not read.
    event_dates: dict[str, dt.date] | None = None
    recorded: dict[str, RecordedEvent] = field(default_factory=dict)
    # The parties' stated positions now (recording one writes no change); None: not read.
    positions: list[PartyPosition] | None = None


def read_update(
    desk: Desk,
    ref: str,
    as_of: dt.date,
    agreement_id: str,
    notes: bool,
    event_dates: Mapping[str, dt.date] | None = None,
) -> ClauseUpdate:
    row = desk.row(ref, as_of, agreement_id, event_dates)
    words = tuple(note.text for note in desk.notes(ref, agreement_id)) if notes else None
    return ClauseUpdate(row, words)


def read_elsewhere(
    desk: Desk,
    rounds: Rounds,
    agreement_id: str,
    as_of: dt.date,
    last_id: int,
    seen: frozenset[int] = frozenset(),
) -> Elsewhere:
    """Every change not ``seen`` from ``OVERLAP`` below ``last_id`` on, and the
    clauses they touched, as they are now."""
    from vision_desk.services.boards import dates_of
    from vision_desk.services.evidence import Evidence
    from vision_desk.services.signoff import SignOffs

    # First: the clauses read next are worked out with these dates.
    recorded = desk.recorded_events(agreement_id)
    dates = dates_of(desk.stored(agreement_id).agreement, recorded.values())
    # Those just below the newest seen that were not seen (committed late), then
    # those after it: two reads, so that the seen ones never fill a look's limit.
    late = desk.changes_after(max(0, last_id - OVERLAP), agreement_id, up_to=last_id)
    found = [change for change in late if change[0] not in seen]
    found += desk.changes_after(last_id, agreement_id)
    authors = {ref: author for _id, ref, author in found}
    updates = {ref: read_update(desk, ref, as_of, agreement_id, True, dates) for ref in authors}
    return Elsewhere(
        agreement_id,
        max((change_id for change_id, _ref, _author in found), default=last_id),
        frozenset(change_id for change_id, _ref, _author in found),
        updates,
        authors,
        rounds.progress(agreement_id),
        rounds.last_assessed(agreement_id),
        SignOffs(desk).latest(agreement_id),
        dates,
        recorded,
        Evidence(desk).positions(agreement_id),
    )


class ChangeHints(Protocol):
    """A team desk's word that something committed there (``server_notify``): a
    hint to look at once, rather than at the next poll; it carries nothing else."""

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def join(self, timeout: float | None = None) -> None: ...


class SessionUpdates(SessionParties, SessionDisputes):
    """The part of ``DeskSession`` that takes in changes (a mixin: the session's
    attributes are declared here for the type checker)."""

    rows: dict[str, BoardRow]
    list: BoardList
    agreement: Agreement
    summary: Summary
    current_ref: str | None
    progress: Progress | None
    sign_off: SignOff | None
    desk: Desk | None
    last_change_seen: int
    # The changes taken in within OVERLAP of the newest: a look reads them again.
    recent_changes: set[int]
    _search: Search | None
    _notes_changed_since_read: set[str]
    _last_assessed: dict[str, dt.datetime]
    _order: dict[str, int]
    # The event dates the rows and the summary were worked out with (the board's).
    event_dates: Mapping[str, dt.date]
    past: Board | None
    # The version of each event's record taken in, for one agreement (replaced
    # whole, never changed in place: this default is shared).
    _event_versions: tuple[str, Mapping[str, int]] = ("", MappingProxyType({}))
    evidence_cache: dict[str, ClauseEvidence]

    @property
    def as_of(self) -> dt.date:
        raise NotImplementedError  # the session's

    def require_desk(self) -> Desk:
        raise NotImplementedError  # the session's

    def _rounds(self) -> Rounds:
        raise NotImplementedError  # the session's

    def _refresh_due_review(self, changed: BoardRow | None = None) -> None:
        raise NotImplementedError  # the session's

    def _refilter(self) -> Repaint:
        raise NotImplementedError  # the session's

    def apply(self, outcome: Outcome) -> Repaint:
        """Bring the board up to date with what the officer's action changed, and
        say what it did; the clause it changed becomes the current one."""
        repaint = Repaint(message=outcome.message)
        ref = outcome.clause_ref
        if ref is None or ref not in self.rows:
            return repaint
        update = read_update(
            self.require_desk(),
            ref,
            self.as_of,
            self.agreement.id,
            outcome.notes_changed,
            self.event_dates,
        )
        if self.progress is not None:
            rounds = self._rounds()
            self.progress = rounds.progress(self.agreement.id)
            self._last_assessed = rounds.last_assessed(self.agreement.id)
            repaint |= Repaint(summary=True)
        return repaint | self._take(ref, update, move_to=True)

    def elsewhere_reader(self) -> Callable[[], Elsewhere]:
        """A look at what other officers changed, for off the window's thread."""
        desk, rounds = self.require_desk(), self._rounds()
        agreement_id, as_of, last_id = self.agreement.id, self.as_of, self.last_change_seen
        seen = frozenset(self.recent_changes)
        return lambda: read_elsewhere(desk, rounds, agreement_id, as_of, last_id, seen)

    def change_hints(self, heard: Callable[[], None]) -> ChangeHints | None:
        """On a team desk, hints (not yet started) that call ``heard``, from a thread
        of their own, whenever a change commits there; None on the officer's file."""
        from vision_desk.storage.server_store import ServerStore  # loaded once live

        store = self.require_desk().store
        return store.change_listener(heard) if isinstance(store, ServerStore) else None

    def apply_elsewhere(self, seen: Elsewhere) -> Repaint:
        """Take in what ``elsewhere_reader`` read; a look at another agreement, or
        one that found nothing not taken in already, is dropped."""
        if seen.agreement_id != self.agreement.id:
            return NOTHING
        # Evidence another officer recorded writes no change: read again when shown.
        self.evidence_cache.clear()
        repaint = NOTHING
        if seen.progress != self.progress or seen.last_assessed != self._last_assessed:
            # A round opened or closed elsewhere writes no change: seen here.
            self.progress, self._last_assessed = seen.progress, seen.last_assessed
            repaint |= Repaint(summary=True)
        if seen.sign_off != self.sign_off:  # a step of sign-off taken elsewhere
            self.sign_off = seen.sign_off
            repaint |= Repaint(summary=True)
        if seen.event_dates is not None:
            repaint |= self.take_event_dates(seen.event_dates, seen.recorded, announce=True)
        if seen.positions is not None and self.past is None:
            repaint |= self.take_elsewhere_positions(seen.positions)
        fresh = seen.new_ids - self.recent_changes
        if not fresh:
            return repaint
        self.last_change_seen = max(self.last_change_seen, seen.last_id)
        floor = self.last_change_seen - OVERLAP
        self.recent_changes = {
            change_id for change_id in self.recent_changes | fresh if change_id > floor
        }
        # A past board stays as it stood; the live one is read afresh on return.
        for ref, update in seen.updates.items() if self.past is None else ():
            if ref in self.rows:
                repaint |= self._take(ref, update, move_to=False)
        own = self.require_desk().author
        others = [f"{ref} by {who}" for ref, who in seen.authors.items() if who != own]
        if others:
            shown = ", ".join(others[:3]) + (
                f" and {len(others) - 3} more" if len(others) > 3 else ""
            )
            repaint |= Repaint(message=f"Changed on the desk: {shown}.")
        return repaint

    def apply_elsewhere_clause(self, ref: str, desk: Desk) -> Repaint:
        """Read one clause again as it now stands (another officer changed it), in
        place."""
        if ref not in self.rows:
            return NOTHING
        update = read_update(desk, ref, self.as_of, self.agreement.id, True, self.event_dates)
        return self._take(ref, update, move_to=False)

    def take_event_dates(
        self,
        dates: Mapping[str, dt.date],
        recorded: Mapping[str, RecordedEvent],
        announce: bool = False,
    ) -> Repaint:
        """Every deadline counted again from these event dates (one was recorded,
        here or on another desk): the rows, the list's flags and the summary. A past
        board keeps the dates it was read with; the live board, read again when the
        officer returns to it, has these. ``recorded`` (the records that count) is
        what the dates were read with: a look read before a record the session has
        already taken in is not taken (it would put an older date back). With
        ``announce``, the status bar names the events that moved and who recorded
        them."""
        if not self._newer_records(recorded):
            return NOTHING
        self._event_versions = (
            self.agreement.id,
            {event_id: record.version for event_id, record in recorded.items()},
        )
        if self.past is not None or dates == self.event_dates:
            return NOTHING
        before, self.event_dates = self.event_dates, dates
        self.rows = {ref: replace(row, event_dates=dates) for ref, row in self.rows.items()}
        self.summary = summarise(
            ((row.clause, row.status) for row in self.rows.values()), self.summary.as_of, dates
        )
        self.forget_party_summaries()  # worked out again when next shown
        # The list laid out again (an overdue filter may now show other clauses),
        # the officer kept where they are unless that clause left the list.
        current = self.current_ref
        repaint = replace(self._refilter(), current=self.current_ref != current)
        repaint |= Repaint(pane=True, summary=True)
        moved = [
            f"{event.label} {'not yet' if event.id not in dates else long_date(dates[event.id])}"
            + (f" by {recorded[event.id].recorded_by}" if event.id in recorded else "")
            for event in self.agreement.events
            if before.get(event.id) != dates.get(event.id)
        ]
        if announce and moved:
            repaint |= Repaint(message=f"Recorded on the desk: {', '.join(moved)}.")
        return repaint

    def _newer_records(self, recorded: Mapping[str, RecordedEvent]) -> bool:
        """Whether ``recorded`` holds a record the session has not taken in yet
        (versions only grow: an event is never recorded over, only again)."""
        agreement_id, versions = self._event_versions
        if agreement_id != self.agreement.id:
            return True  # nothing taken in for this agreement yet
        return any(
            record.version > versions.get(event_id, 0) for event_id, record in recorded.items()
        )

    def _take(self, ref: str, update: ClauseUpdate, move_to: bool) -> Repaint:
        before = self.rows[ref]
        # Counted from the dates the session holds: a look read before the officer's
        # own record must not bring an older date back into one row.
        row = replace(update.row, event_dates=self.event_dates)
        self.rows[ref] = row
        shown = self.list.replace(row) is not None
        if update.notes is not None and self._search is not None:
            self._search.update(ref, haystack(row, update.notes))
        elif update.notes is not None:
            self._notes_changed_since_read.add(ref)  # for the index being read
        self._refresh_due_review(row)
        repaint = Repaint(rows=frozenset({ref}))
        if move_to and ref != self.current_ref and shown:
            self.current_ref = ref
            repaint |= Repaint(current=True)
        elif ref == self.current_ref:
            repaint |= Repaint(pane=True, notes=update.notes is not None)
        overall_before = self.summary
        if before.status is not row.status:
            self.summary = resummarise(
                self.summary,
                (before.clause, before.status),
                (row.clause, row.status),
                self._order,
                self.event_dates,
            )
            repaint |= Repaint(summary=True)
        if self._parties_take(before, row, overall_before):
            repaint |= Repaint(summary=True)
        self._disputes_take(row)
        return repaint
