"""A command: its id, title, default keys, menu, when it can run, and its handler,
declared together (as qutebrowser and napari do), in the module that implements it.

Every way of starting a command (its keys, its menu entry, the palette, a button,
the status box) goes through ``Dispatcher.dispatch`` with its id, so one action
behaves one way wherever it is started.

Handlers work on the desk session (``view.session``) and on ``DeskView``, what a
command may ask of the window: a small protocol, not the window's insides.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import QProcess
    from PySide6.QtWidgets import QWidget

    from vision_desk.paths import DataPaths
    from vision_desk.services.desk_session import DeskSession
    from vision_desk.services.repaint import Repaint
    from vision_desk.ui.keymap import KeyMap


Handler = Callable[["DeskView"], object]  # what a command does


class Need(Enum):
    """When a command can run."""

    # At once, on the first board too: moving, searching, filtering, focus, help.
    NOTHING = "nothing"
    # Once the store is open. Pressed before, it is kept and run in order then.
    STORE = "store"


@dataclass(frozen=True, slots=True)
class Command:
    id: str
    title: str
    keys: tuple[str, ...]
    group: str  # the menu it is in
    run: Handler
    need: Need = Need.NOTHING


class Place(Enum):
    """Where a focus command puts the keyboard."""

    LIST = "list"
    CLAUSE = "clause"
    NOTES = "notes"
    EVIDENCE = "evidence"
    SEARCH = "search"
    REVIEW_DATE = "review date"


@dataclass(frozen=True, slots=True)
class NoteBeingWritten:
    note_id: int | None  # None: a new note
    text: str
    rationale: bool  # the reason for a status just set in the open round


class DeskView(Protocol):
    session: DeskSession
    keymap: KeyMap
    data_paths: DataPaths
    memo_process: QProcess | None  # the memo being drawn, if any

    def widget(self) -> QWidget:
        """The parent for the dialogs a command opens."""
        ...

    def refresh(self, repaint: Repaint) -> None: ...

    def show_message(self, text: str) -> None: ...

    def confirm(self, title: str, question: str) -> bool:
        """Ask before something that cannot be taken back; No is the default."""
        ...

    def focus(self, place: Place) -> None: ...

    def open_filter(self, name: str) -> None:
        """Open the list of one filter (status, kind, strand, party)."""
        ...

    def toggle_history(self) -> None: ...

    def toggle_languages(self) -> bool:
        """The clause's texts side by side, or its working text; True: side by side."""
        ...

    def start_note(
        self, note_id: int | None = None, text: str = "", rationale: bool = False
    ) -> None: ...

    def note_being_written(self) -> NoteBeingWritten | None: ...

    def finish_note(self) -> None: ...

    def selected_note_id(self) -> int | None:
        """The note chosen in the notes list, only while the list has focus."""
        ...

    def selected_evidence_id(self) -> int | None:
        """The item of evidence chosen in the clause's evidence, while it is shown."""
        ...

    def commands(self) -> Sequence[Command]: ...

    def run_command(self, command_id: str) -> None: ...

    def close(self) -> bool: ...
