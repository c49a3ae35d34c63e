"""What a desk session reads from the store off the window's thread: everything
it needs to go live, and the search index over every note (the slow part at
50,000 notes), so that no key waits for them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vision_desk.domain.review import BoardRow
from vision_desk.domain.search import Search, haystack
from vision_desk.domain.signoff import SignOff
from vision_desk.services.boards import Board
from vision_desk.services.session_updates import OVERLAP

if TYPE_CHECKING:
    from vision_desk.domain.disputes import PartyPosition
    from vision_desk.services.desk import Desk
    from vision_desk.services.rounds import Progress, Rounds


@dataclass(frozen=True)
class Live:
    """What going live brings, read off the window's thread (``read_live``)."""

    desk: Desk
    rounds: Rounds
    board: Board
    progress: Progress | None
    cadences: dict[str, int]
    last_assessed: dict[str, dt.datetime]
    search: Search
    last_change_id: int = 0  # the newest change when the board was read
    # The changes near it the board already holds (a look reads again below it).
    recent_change_ids: frozenset[int] = frozenset()
    sign_off: SignOff | None = None  # the last round closed, with its steps
    positions: tuple[PartyPosition, ...] = ()  # the parties' stated positions


def read_live(desk: Desk, rounds: Rounds, today: dt.date, chosen: dt.date | None = None) -> Live:
    """Everything the session needs from the store to go live, including the search
    index over every note (the slow part at 50,000 notes): read once, before the
    first search key rather than during it. The board is read at the review date
    the session will show (``review_date``)."""
    from vision_desk.services.evidence import Evidence
    from vision_desk.services.signoff import SignOffs

    agreement_id = desk.current_agreement_id()
    # Before the board: a change made while it is read is then seen again, not missed.
    last_change_id = desk.last_change_id()
    recent = frozenset(
        change_id
        for change_id, _ref, _author in desk.changes_after(
            max(0, last_change_id - OVERLAP), agreement_id, up_to=last_change_id
        )
    )
    progress = rounds.progress(agreement_id)
    board = desk.board(review_date(today, chosen, progress), agreement_id)
    rehearse_evidence(desk, agreement_id)
    # What the desk shows a clause's evidence with, loaded here rather than in the
    # window's first paint or key.
    import vision_desk.services.session_evidence  # noqa: F401

    return Live(
        desk,
        rounds,
        board,
        progress,
        rounds.cadences(agreement_id),
        rounds.last_assessed(agreement_id),
        search_index(desk, board),
        last_change_id,
        recent,
        SignOffs(desk).latest(agreement_id),
        tuple(Evidence(desk).positions(agreement_id)),
    )


def rehearse_evidence(desk: Desk, agreement_id: str) -> None:
    """Read one clause's evidence, off the window's thread before the first key: the
    first read of items in a process compiles its statements and warms the loading
    of their rows (a clause of 200 items shown first costs about 3 ms less then).
    The clause citing the fewest items is read, so that this costs little."""
    from vision_desk.storage import evidence as evidence_store

    with desk.store.read() as read:
        counts = evidence_store.evidence_counts(read, agreement_id)
        if counts:
            clause_id = min(counts, key=lambda found: counts[found])
            evidence_store.items(read, agreement_id, [clause_id])
            evidence_store.overrides(read, [clause_id])


def search_index(desk: Desk, board: Board) -> Search:
    """What search looks in, per clause: its words and its notes' words."""
    return index_for(desk, board.agreement.id, board.rows)


def index_for(desk: Desk, agreement_id: str, rows: Sequence[BoardRow]) -> Search:
    words = desk.note_words(agreement_id)
    return Search(
        rows,
        {
            row.clause.ref: haystack(row, (words[row.clause.ref],))
            if row.clause.ref in words
            else haystack(row)
            for row in rows
        },
        distinct_words=True,
    )


@dataclass(frozen=True)
class SearchIndex:
    """A search index read for one agreement, to hand to ``set_search_index``."""

    agreement_id: str
    search: Search


def review_date(today: dt.date, chosen: dt.date | None, progress: Progress | None) -> dt.date:
    """The date the live board is read at: the one the officer chose; else, while a
    round is open, the round's own as-of date (the January round is assessed
    looking at January); else today."""
    if chosen is not None:
        return chosen
    return progress.round.as_of if progress is not None else today
