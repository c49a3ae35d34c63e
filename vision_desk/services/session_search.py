"""What a desk session's search looks in: the clauses' own words at first, and
every note's words once they are read off the window's thread (the slow part at
50,000 notes), so that no key waits for them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from vision_desk.domain.search import Filters, Search, haystack
from vision_desk.services.repaint import NOTHING, Repaint
from vision_desk.services.session_reads import SearchIndex, index_for

if TYPE_CHECKING:
    from vision_desk.domain.agreement import Agreement
    from vision_desk.domain.review import BoardRow
    from vision_desk.services.desk import Desk


class SessionSearch:
    """The part of ``DeskSession`` that keeps the search index (a mixin: the
    session's attributes are declared here for the type checker)."""

    rows: dict[str, BoardRow]
    agreement: Agreement
    filters: Filters
    # With the notes' words once live; the clauses' own words until then.
    _search: Search | None
    _clause_search: Search | None
    _notes_changed_since_read: set[str]

    @property
    def live(self) -> bool:
        raise NotImplementedError  # the session's

    def require_desk(self) -> Desk:
        raise NotImplementedError  # the session's

    def _refilter(self) -> Repaint:
        raise NotImplementedError  # the session's

    @property
    def needs_search_index(self) -> bool:
        """Whether the notes' words must be read for search (after the agreement
        changed, or the store was restored): ``search_index_reader`` reads them."""
        return self.live and self._search is None

    def search_index_reader(self) -> Callable[[], SearchIndex]:
        """A read of the search index for off the window's thread (store, rows' copy)."""
        desk, agreement_id, rows = self.require_desk(), self.agreement.id, list(self.rows.values())
        self._notes_changed_since_read = set()
        return lambda: SearchIndex(agreement_id, index_for(desk, agreement_id, rows))

    def set_search_index(self, index: SearchIndex) -> Repaint:
        """The index ``search_index_reader`` read; dropped if the agreement changed
        meanwhile. Notes changed while it was read are read again."""
        if index.agreement_id != self.agreement.id or self._search is not None:
            return NOTHING
        self._search = index.search
        desk = self.require_desk()
        for ref in self._notes_changed_since_read & set(self.rows):
            notes = [note.text for note in desk.notes(ref, self.agreement.id)]
            self._search.update(ref, haystack(self.rows[ref], notes))
        return self._refilter() if self.filters.text.strip() else NOTHING

    def prepare_search(self) -> None:
        """What search looks in until the notes are read: the clauses' own words
        (milliseconds at 5,000 clauses, better spent before the first key)."""
        if self._clause_search is None:
            rows = list(self.rows.values())
            self._clause_search = Search(rows, {row.clause.ref: haystack(row) for row in rows})

    def _searcher(self) -> Search:
        if self._search is not None:
            return self._search
        self.prepare_search()
        assert self._clause_search is not None
        return self._clause_search
