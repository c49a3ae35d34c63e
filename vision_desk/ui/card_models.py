"""What the notes and history lists show: entries as cards (a header above the
words), newest first, read a page at a time as the officer scrolls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from vision_desk.domain.review import Change, Note
from vision_desk.domain.typed_dates import display_moment
from vision_desk.services.session_parties import possessive

NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HEADER_ROLE = Qt.ItemDataRole.UserRole + 2  # "author · when", muted above the words
BODY_ROLE = Qt.ItemDataRole.UserRole + 3  # the words, as typed

AnyIndex = QModelIndex | QPersistentModelIndex


def when_text(moment: dt.datetime) -> str:
    return display_moment(moment.astimezone())


Entry = TypeVar("Entry", Note, Change)


@dataclass(frozen=True)
class Page(Generic[Entry]):
    """The first entries a list shows (newest first), how many there are in all,
    and how to read the next ones: ``more(skip)`` returns those after the first
    ``skip``. A clause may hold thousands of notes; the list reads them a page at a
    time as the officer scrolls down (Qt's ``fetchMore``), so opening a clause
    costs the same whatever it holds."""

    first: Sequence[Entry]
    total: int
    more: Callable[[int], Sequence[Entry]] | None = None

    @classmethod
    def whole(cls, entries: Sequence[Entry]) -> Page[Entry]:
        """All the entries at once, given oldest first (as the store keeps them)."""
        return cls(list(reversed(entries)), len(entries))


class CardModel(QAbstractListModel, Generic[Entry]):
    """Entries drawn as cards: a header above a body, newest first, read a page at
    a time. Subclasses say what their entries are; this answers the roles the
    view, the delegate and screen readers ask for."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[Entry] = []
        self._total = 0
        self._more: Callable[[int], Sequence[Entry]] | None = None

    def set_page(self, page: Page[Entry]) -> None:
        """Show the page's entries, with one reset: the view lays out once."""
        self.beginResetModel()
        self._entries = list(page.first)
        self._total = max(page.total, len(self._entries))
        self._more = page.more
        self.endResetModel()

    @property
    def total(self) -> int:
        return self._total

    def entry_count(self) -> int:
        return len(self._entries)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self._more is not None and len(self._entries) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if not self.canFetchMore(parent) or self._more is None:
            return
        more = list(self._more(len(self._entries)))[: self._total - len(self._entries)]
        if not more:
            self._total = len(self._entries)  # fewer than counted: some were removed
            return
        start = len(self._entries)
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._entries.extend(more)
        self.endInsertRows()

    def header_at(self, row: int) -> str:
        raise NotImplementedError

    def body_at(self, row: int) -> str:
        raise NotImplementedError

    def display_at(self, row: int) -> str:
        return self.body_at(row)

    def accessible_at(self, row: int) -> str:
        raise NotImplementedError

    def other_data(self, row: int, role: int) -> object:
        return None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.entry_count()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = index.row()
        if not index.isValid() or not 0 <= row < self.entry_count():
            return None
        if role == BODY_ROLE:
            return self.body_at(row)
        if role == HEADER_ROLE:
            return self.header_at(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display_at(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.accessible_at(row)
        return self.other_data(row, role)


class NotesModel(CardModel[Note]):
    """A clause's notes, newest first. The display text is the note's words as
    typed; a note about one party's part says whose in its header."""

    # The agreement's parties as the file names them, by code.
    party_names: Mapping[str, str] = MappingProxyType({})

    def note_at(self, row: int) -> Note:
        return self._entries[row]

    def header_at(self, row: int) -> str:
        note = self._entries[row]
        return f"{self._about(note)}{note.author} · {self._when(note)}"

    def body_at(self, row: int) -> str:
        return self._entries[row].text

    def accessible_at(self, row: int) -> str:
        note = self._entries[row]
        about = f", about {possessive(self._party(note.party))} part" if note.party else ""
        return f"Note by {note.author}, {self._when(note)}{about}: {note.text}"

    def _party(self, code: str) -> str:
        return self.party_names.get(code, code)

    def _about(self, note: Note) -> str:
        return f"{possessive(self._party(note.party))} part · " if note.party else ""

    def other_data(self, row: int, role: int) -> object:
        return self._entries[row].id if role == NOTE_ID_ROLE else None

    @staticmethod
    def _when(note: Note) -> str:
        edited = " · edited" if note.edited_at else ""
        return f"{when_text(note.created_at)}{edited}"


class HistoryModel(CardModel[Change]):
    """A clause's changes, newest first. The display text is the two lines the
    history has always shown: when and who, then what changed."""

    def header_at(self, row: int) -> str:
        change = self._entries[row]
        return f"{when_text(change.at)} · {change.author}"

    party_names: Mapping[str, str] = MappingProxyType({})

    def body_at(self, row: int) -> str:
        change = self._entries[row]
        via = f" ({change.via})" if change.via else ""
        said = change.describe(labels=True)
        if change.party and said.startswith(f"{change.party}:"):
            # "AF: Not assessed → Advanced", with the party as the file names it.
            said = f"{self.party_names.get(change.party, change.party)}{said[len(change.party) :]}"
        return f"{said}{via}"

    def display_at(self, row: int) -> str:
        return f"{self.header_at(row)}\n{self.body_at(row)}"

    def accessible_at(self, row: int) -> str:
        change = self._entries[row]
        return f"{self.body_at(row)}, by {change.author}, {when_text(change.at)}"
