"""The desk session: what the officer is looking at, without Qt.

It owns the board on screen (the rows and their order, the filters and search,
the summary, what is due for review, the open round's progress, a past board
looked at read-only), the current clause, whose part of it the status keys set
(``session_parties``) and the parties' stated positions (``session_disputes``).
Each action returns a ``Repaint`` naming what changed; a window renders the
session and nothing else, and a change that comes from elsewhere (another officer,
later) is applied the same way.

It starts on a first board, read before the store's libraries load, and answers
moves and search at once; changes wait until ``attach`` makes it ``live``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from vision_desk.domain.agreement import Agreement
from vision_desk.domain.board_list import BoardList
from vision_desk.domain.review import BoardRow
from vision_desk.domain.rules import Flag, Summary
from vision_desk.domain.search import Filters, Search, apply_filters
from vision_desk.domain.signoff import SignOff, summary_line
from vision_desk.domain.typed_dates import display_date, long_date
from vision_desk.errors import UserError
from vision_desk.services.boards import Board
from vision_desk.services.repaint import NOTHING, Repaint
from vision_desk.services.session_reads import Live, review_date
from vision_desk.services.session_search import SessionSearch
from vision_desk.services.session_updates import SessionUpdates

if TYPE_CHECKING:
    from vision_desk.services.desk import Desk
    from vision_desk.services.rounds import Progress, Rounds
    from vision_desk.services.session_evidence import ClauseEvidence


class DeskSession(SessionUpdates, SessionSearch):
    def __init__(
        self,
        board: Board,
        today: dt.date,
        keys: Callable[[str], str] = lambda _id: "",
        chosen_date: dt.date | None = None,
        filters: Filters = Filters(),  # noqa: B008 (frozen: never changed in place)
        current_ref: str | None = None,
    ) -> None:
        """``filters`` and ``current_ref``: where the officer left the last desk."""
        self.today = today
        # The review date the officer chose (kept across starts by the window); None:
        # the open round's as-of date, else today (``session_reads.review_date``).
        self.chosen_date = chosen_date
        self.keys = keys  # a command's keys as the officer reads them, for messages
        self.desk: Desk | None = None
        self.rounds: Rounds | None = None
        self.past: Board | None = None  # a board as it stood, shown read-only
        self.past_label = ""
        self.progress: Progress | None = None  # the open review round, if any
        self.sign_off: SignOff | None = None  # the last round closed, and its steps
        self.filters = replace(filters, only=None)  # as the officer set them
        self.due_review_only = False
        self.due_review: frozenset[str] = frozenset()
        self.current_ref = current_ref
        self._cadences: dict[str, int] = {}
        self._last_assessed: dict[str, dt.datetime] = {}
        # The newest change on the store this session has taken in (a team desk's
        # other officers' changes come after it).
        self.last_change_seen = 0
        self.recent_changes: set[int] = set()
        # A team desk whose server does not answer: the board as last read, read-only.
        self.unreachable = False
        # The version of each note being edited when its editing started, and whose
        # part it is about (None: the whole clause).
        self.editing_versions: dict[int, int] = {}
        self.editing_parties: dict[int, str | None] = {}
        # With the notes' words once live; the clauses' own words until then.
        self._search: Search | None = None
        self._clause_search: Search | None = None
        self._notes_changed_since_read: set[str] = set()
        # The evidence of the clauses shown lately (``session_evidence``), by reference.
        self.evidence_cache: dict[str, ClauseEvidence] = {}
        self.agreement: Agreement = board.agreement
        self.rows: dict[str, BoardRow] = {}
        self.list = BoardList()
        self.summary: Summary = board.summary
        self._show(board)

    # -- what is shown --------------------------------------------------------------

    @property
    def live(self) -> bool:
        return self.desk is not None

    @property
    def read_only(self) -> bool:
        return self.past is not None or self.unreachable

    @property
    def as_of(self) -> dt.date:
        """The review date the live board is read at."""
        return review_date(self.today, self.chosen_date, self.progress)

    @property
    def board_date(self) -> dt.date:
        """The date the board on screen is read at."""
        return self.past.as_of if self.past is not None else self.as_of

    def current_row(self) -> BoardRow | None:
        return self.rows.get(self.current_ref) if self.current_ref else None

    def effective_filters(self) -> Filters:
        only: frozenset[str] | None = None
        for on, refs in (
            (self.due_review_only, self.due_review),
            (self.apart_only, self.apart),
            (self.disputed_only, self.disputed),
        ):
            if on:
                only = refs if only is None else only & refs
        return self.filters if only is None else replace(self.filters, only=only)

    def round_text(self) -> str:
        if self.past is not None:
            return ""
        if self.progress is None:
            review, approve = self.keys("round.review"), self.keys("round.approve")
            return summary_line(self.sign_off, review, approve)
        current = self.progress.round
        return f"Round “{current.title}”, as of {display_date(current.as_of)}: {self.progress.text}"

    def counts_text(self) -> str:
        shown = len(self.list.clause_positions)
        return f"{shown} of {len(self.rows)} clauses shown · {len(self.summary.overdue)} overdue"

    # -- going live -------------------------------------------------------------------

    def attach(self, live: Live) -> Repaint:
        """Go live: the board read afresh (opening the store may have imported,
        repaired or migrated), the round, cadences and the search over notes. A
        board equal to the one shown leaves the list as it is."""
        self.desk, self.rounds = live.desk, live.rounds
        self.last_change_seen = live.last_change_id
        self.recent_changes = set(live.recent_change_ids)
        self.progress, self.sign_off = live.progress, live.sign_off
        self._cadences, self._last_assessed = live.cadences, live.last_assessed
        self.take_positions(live.positions, live.board.agreement.id)
        same = live.board.agreement.id == self.agreement.id and live.board.rows == tuple(
            self.rows.values()
        )
        if not same:
            self._search = None
            repaint = self._show(live.board)
            self._search = live.search
            return repaint | Repaint(notes=True)
        self._search = live.search
        self._refresh_due_review()
        self._disputes_read()
        repaint = Repaint(rows=frozenset(self.disputed), pane=True, notes=True, summary=True)
        if self.filters.text.strip():
            repaint |= self._refilter()  # the first board's search could not see notes
        return repaint

    # -- moving -----------------------------------------------------------------------

    def select(self, ref: str | None) -> Repaint:
        if ref is None or ref == self.current_ref or ref not in self.rows:
            return NOTHING
        self.current_ref = ref
        return Repaint(current=True)

    def open_clause(self, ref: str) -> Repaint:
        """Go to ``ref`` (a link in the clause text or the summary), clearing the
        search and filters first if they hide it."""
        if ref not in self.rows:
            return Repaint(message=f"There is no clause {ref} in {self.agreement.display_title}.")
        repaint = NOTHING
        if self.list.position_of(ref) is None:
            repaint = self.set_filters(Filters(), False, False, False) | Repaint(filters=True)
        self.current_ref = ref
        return repaint | Repaint(current=True)

    def step(self, step: int) -> Repaint:
        ref = self.list.step_from(self.current_ref, step)
        if ref is not None and ref == self.current_ref:
            return Repaint(current=True)  # held at the end: still brought into view
        return self.select(ref)

    def first(self) -> Repaint:
        return self.step(-len(self.list))

    def last(self) -> Repaint:
        return self.step(len(self.list))

    def next_overdue(self) -> Repaint:
        ref = self.list.next_after(self.current_ref, lambda row: Flag.OVERDUE in row.flags)
        if ref is None:
            return Repaint(message="Nothing is overdue among the clauses shown.")
        return self.select(ref) | Repaint(current=True)

    def next_unassessed(self) -> Repaint:
        """The next clause the open round still needs; when there is none to go to,
        the reason, as a message (never an error: this also runs after a reason is
        saved, "score, say why, move on")."""
        progress = self.progress
        if progress is None:
            return Repaint(message=f"No review round is open; {self.keys('round.open')} opens one.")
        current = self.current_ref
        ref = self.list.next_after(
            current, lambda row: row.round_assessed is False and row.clause.ref != current
        )
        if ref is not None:
            return self.select(ref) | Repaint(current=True)
        others = [queued for queued in progress.queue if queued != current]
        if others:
            text = f"{progress.text}; the rest are hidden by the search or filters."
        elif progress.queue:
            text = f"{progress.queue[0]} is the last clause not yet assessed in this round."
        else:
            keys = self.keys("round.close")
            text = f"All {progress.total} clauses are assessed; {keys} closes the round."
        return Repaint(message=text)

    # -- filters and search -------------------------------------------------------------

    def set_filters(
        self,
        filters: Filters,
        due_review_only: bool | None = None,
        apart_only: bool | None = None,
        disputed_only: bool | None = None,
    ) -> Repaint:
        """The officer's filters (from the filter widgets, or a key); ``apart_only``:
        only the commitments where one party is ahead of another; ``disputed_only``:
        only the clauses a party's stated position disputes."""
        typing = filters.text != self.filters.text
        self.filters = replace(filters, only=None)
        if due_review_only is not None:
            self.due_review_only = due_review_only
        if apart_only is not None:
            self.apart_only = apart_only
        if disputed_only is not None:
            self.disputed_only = disputed_only
        return self._refilter() | Repaint(typing=typing)

    def toggle(self, name: str) -> Repaint:
        if name == "due_review":
            return self.set_filters(self.filters, not self.due_review_only) | Repaint(filters=True)
        if name == "apart":
            flip = self.set_filters(self.filters, apart_only=not self.apart_only)
            return flip | Repaint(filters=True, message=self.apart_message())
        if name == "disputed":
            return self.toggle_disputed()
        if name == "overdue":
            flipped = replace(self.filters, overdue=not self.filters.overdue)
        elif name == "due_soon":
            flipped = replace(self.filters, due_soon=not self.filters.due_soon)
        else:
            raise ValueError(f"no filter {name!r}")  # a bug in a command table
        return self.set_filters(flipped) | Repaint(filters=True)

    def clear_filters(self) -> Repaint:
        return self.set_filters(Filters(), False, False, False) | Repaint(
            filters=True, message="Search and filters cleared."
        )

    def _refilter(self) -> Repaint:
        filters = self.effective_filters()
        if filters.text.strip():
            rows = self._searcher().apply(self.rows, filters)
        else:
            rows = apply_filters(list(self.rows.values()), filters, {})
        self.list = BoardList(rows, grouped=not filters.text.strip())
        if self.list.position_of(self.current_ref) is None:
            positions = self.list.clause_positions
            first = self.list.row_at(positions[0]) if positions else None
            self.current_ref = first.clause.ref if first is not None else None
        return Repaint(list=True, current=True)

    # -- the board ------------------------------------------------------------------------

    def reload(self, select_ref: str | None = None, forget_search: bool = False) -> Repaint:
        """The board read afresh (or the past board being looked at)."""
        desk = self.require_desk()
        if forget_search:
            self._search = None
        rounds = self._rounds()
        self.progress = None if self.past else rounds.progress(self.agreement.id)
        from vision_desk.services.signoff import SignOffs  # loaded once live

        self.sign_off = SignOffs(desk).latest(self.agreement.id)
        board = self.past or desk.board(self.as_of, self.agreement.id)
        self.read_positions(desk)
        self._cadences = rounds.cadences(self.agreement.id)
        self._last_assessed = rounds.last_assessed(self.agreement.id)
        return self._show(board, select_ref)

    def set_as_of(self, day: dt.date) -> Repaint:
        if not self.live:
            # A moment early: the store is opening. The date field shows the board's.
            return Repaint(board=True, message="The store is still opening; try again.")
        # The default date chosen again means "follow the default" from now on: a
        # round's date, or today, rather than a date that goes stale.
        default = review_date(self.today, None, self.progress)
        self.chosen_date = None if day == default else day
        return self.reload() | Repaint(message=f"Showing the board as of {long_date(day)}.")

    def switch_agreement(self, agreement_id: str) -> Repaint:
        desk = self.require_desk()
        desk.use_agreement(agreement_id)
        if self.past is not None:
            # Another agreement: its live board, not the past one of the last.
            self.past, self.past_label = None, ""
        self.agreement = desk.stored(agreement_id).agreement
        return self.reload(forget_search=True)

    def show_past(self, board: Board | None, label: str = "") -> Repaint:
        """Show ``board`` read-only (None: back to the live board)."""
        self.past, self.past_label = board, label
        return self.reload()

    def back_to_live(self) -> Repaint:
        if self.past is None:
            return Repaint(message="This is the live board.")
        return self.show_past(None) | Repaint(message="Back to the live board.")

    def set_unreachable(self, unreachable: bool) -> Repaint:
        """The team desk's server stopped answering, or answers again."""
        if unreachable == self.unreachable:
            return NOTHING
        self.unreachable = unreachable
        return Repaint(board=True)

    def require_live_board(self) -> None:
        """Refuse a change while a past board is shown, or the server is not there."""
        if self.unreachable:
            raise UserError(
                "The server cannot be reached: the board is as last read, and read-only "
                "until it answers again; nothing was changed."
            )
        if self.past is not None:
            keys = self.keys("view.live") or "the palette"
            # The banner names the board; the message stays short enough to be read.
            raise UserError(f"This board is read-only; {keys} returns to the live board.")

    def _show(self, board: Board, select_ref: str | None = None) -> Repaint:
        if board.agreement.id != self.agreement.id:
            self._search = None
        self.agreement, self.event_dates = board.agreement, board.event_dates
        self.rows = {row.clause.ref: row for row in board.rows}
        self._order = {ref: position for position, ref in enumerate(self.rows)}
        self._clause_search = None
        if self.live:  # the first board has no cadences yet: worked out on going live
            self._refresh_due_review()
        self._parties_read()
        self._disputes_read()
        self.evidence_cache.clear()
        self.summary = board.summary
        self.current_ref = select_ref or self.current_ref
        return self._refilter() | Repaint(board=True, summary=True, notes=True)

    def _refresh_due_review(self, changed: BoardRow | None = None) -> None:
        """What is due for review; after one clause ``changed``, only its place."""
        from vision_desk.domain.rounds import refs_due_for_review

        rows = [changed] if changed is not None else list(self.rows.values())
        due = refs_due_for_review(rows, self._cadences, self.board_date, self._last_assessed)
        if changed is None:
            self.due_review = frozenset(due)
        else:
            ref = changed.clause.ref
            self.due_review = (self.due_review | {ref}) if due else (self.due_review - {ref})

    # -- helpers ----------------------------------------------------------------------------

    def writer(self) -> Desk:
        """The desk, for a change to the live board; refused on a past board."""
        self.require_live_board()
        return self.require_desk()

    def require_desk(self) -> Desk:
        if self.desk is None:
            raise UserError("The store is still opening; try again in a moment.")
        return self.desk

    def _rounds(self) -> Rounds:
        if self.rounds is None:
            raise UserError("The store is still opening; try again in a moment.")
        return self.rounds
