"""Right-click menus on the clause list and on the notes: the same commands as the
keys and the menus (the window's own actions, with their keys shown)."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QListView, QMenu, QWidget

from vision_desk.domain.agreement import ClauseKind
from vision_desk.domain.status import Status, scale_for
from vision_desk.ui.commands_assess import command_for_status

NOTE_COMMANDS = ("note.edit", "note.delete", "note.new")
CLAUSE_COMMANDS = ("note.new", "clause.choose_party", "view.history", "clause.next_unassessed")


class HasCommands(Protocol):
    """The window, as far as its context menus need it."""

    def clause_list(self) -> QListView: ...

    def command_action(self, command_id: str) -> QAction: ...

    def clause_kind_at(self, position: int) -> ClauseKind | None: ...

    def notes_list(self) -> QListView: ...


def install_context_menus(window: HasCommands) -> None:
    navigator, notes = window.clause_list(), window.notes_list()
    for view in (navigator, notes):
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    navigator.customContextMenuRequested.connect(
        lambda point: _clause_menu(window, navigator, point)
    )
    notes.customContextMenuRequested.connect(lambda point: _note_menu(window, notes, point))


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
