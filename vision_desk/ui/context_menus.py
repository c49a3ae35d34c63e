"""Right-click menus on the clause list, the notes and the clause's evidence: the
same commands as the keys and the menus (the window's own actions, with their keys
shown)."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QListView, QMenu, QWidget

from vision_desk.domain.agreement import ClauseKind
from vision_desk.domain.status import Status, scale_for
from vision_desk.ui.commands_assess import command_for_status

NOTE_COMMANDS = ("note.edit", "note.delete", "note.new")
CLAUSE_COMMANDS = (
    "note.new",
    "evidence.attach",
    "position.record",
    "clause.choose_party",
    "view.history",
    "clause.next_unassessed",
)
EVIDENCE_COMMANDS = ("evidence.open", "evidence.attach", "evidence.cite", "confidence.set")


class HasCommands(Protocol):
    """The window, as far as its context menus need it."""

    def clause_list(self) -> QListView: ...

    def command_action(self, command_id: str) -> QAction: ...

    def clause_kind_at(self, position: int) -> ClauseKind | None: ...

    def notes_list(self) -> QListView: ...

    def evidence_list(self) -> QListView: ...


def install_context_menus(window: HasCommands) -> None:
    navigator, notes, evidence = window.clause_list(), window.notes_list(), window.evidence_list()
    for view in (navigator, notes, evidence):
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    navigator.customContextMenuRequested.connect(
        lambda point: _clause_menu(window, navigator, point)
    )
    notes.customContextMenuRequested.connect(lambda point: _note_menu(window, notes, point))
    evidence.customContextMenuRequested.connect(
        lambda point: _evidence_menu(window, evidence, point)
    )


def clause_menu(window: HasCommands, kind: ClauseKind, parent: QWidget) -> QMenu:
    """What can be done to a clause of ``kind``: its scale's statuses, a note…"""
    menu = QMenu(parent)
    menu.setObjectName("clauseMenu")
    for status in scale_for(kind):
        if status is not Status.NOT_ASSESSED:
            menu.addAction(window.command_action(command_for_status(status)))
    menu.addAction(window.command_action(command_for_status(Status.NOT_ASSESSED)))
    menu.addSeparator()
    for command_id in CLAUSE_COMMANDS:
        menu.addAction(window.command_action(command_id))
    return menu


def note_menu(window: HasCommands, parent: QWidget) -> QMenu:
    menu = QMenu(parent)
    menu.setObjectName("noteMenu")
    for command_id in NOTE_COMMANDS:
        menu.addAction(window.command_action(command_id))
    return menu


def _clause_menu(window: HasCommands, view: QListView, point: QPoint) -> None:
    index = view.indexAt(point)
    kind = window.clause_kind_at(index.row()) if index.isValid() else None
    if kind is None:
        return  # a group's heading, or no row
    view.setCurrentIndex(index)  # the menu acts on the clause under the pointer
    clause_menu(window, kind, view).exec(view.viewport().mapToGlobal(point))


def _note_menu(window: HasCommands, view: QListView, point: QPoint) -> None:
    index = view.indexAt(point)
    if not index.isValid():
        return
    view.setCurrentIndex(index)
    view.setFocus(Qt.FocusReason.MouseFocusReason)  # Edit and Delete act on the focused list
    note_menu(window, view).exec(view.viewport().mapToGlobal(point))


def _evidence_menu(window: HasCommands, view: QListView, point: QPoint) -> None:
    """On an item: open its file, or record more; on no item, record more."""
    index = view.indexAt(point)
    if index.isValid():
        view.setCurrentIndex(index)  # the item under the pointer is the one opened
    menu = QMenu(view)
    menu.setObjectName("evidenceMenu")
    for command_id in EVIDENCE_COMMANDS[0 if index.isValid() else 1 :]:
        menu.addAction(window.command_action(command_id))
    menu.exec(view.viewport().mapToGlobal(point))
