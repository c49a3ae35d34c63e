"""Running commands: one way in for keys, menus, the palette, buttons and the
status box, and a queue for the keys pressed before the store is open.

The desk takes keys from its first paint. A command that needs the store
(``Need.STORE``) pressed before the store is open is kept, with the clause it was
pressed on, and run in order once it is; so is every command pressed after it, so
that ``j j 2`` typed at once still sets the third clause. Nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from vision_desk.errors import UserError
from vision_desk.services import timing
from vision_desk.ui.command_registry import Command, Handler, Need
from vision_desk.ui.keymap import key_label

if TYPE_CHECKING:
    from vision_desk.ui.command_registry import DeskView
    from vision_desk.ui.keymap import KeyMap

WAITING = "The store is opening; the keys pressed meanwhile run in order once it is."


class Dispatcher:
    def __init__(self, view: DeskView, commands: Mapping[str, Command]) -> None:
        self.view = view
        self.commands = commands
        self.actions: dict[str, QAction] = {}
        self._waiting: list[tuple[Command, str | None]] = []

    def install(self, window: QMainWindow, keymap: KeyMap) -> None:
        """One QAction per command, with its keys, in a menu named for its group. Menu
        titles carry no mnemonics: Alt+letter belongs to the filters."""
        menus: dict[str, QMenu] = {}
        for command_id, command in self.commands.items():
            keys = keymap.keys_for(command_id)
            # The menu shows the key as typed ("x", not Qt's "X", which reads as
            # Shift+X): Qt shows what follows a tab in the text instead of its own.
            action = QAction(
                f"{command.title}\t{key_label(keys[0])}" if keys else command.title, window
            )
            action.setObjectName(command_id)
            action.setShortcuts([QKeySequence(key) for key in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, run=command_id: self.dispatch(run))
            window.addAction(action)
            if command.group not in menus:
                menus[command.group] = window.menuBar().addMenu(command.group)
            menus[command.group].addAction(action)
            self.actions[command_id] = action

    @property
    def waiting(self) -> int:
        """How many commands wait for the store."""
        return len(self._waiting)

    def dispatch(self, command_id: str) -> None:
        command = self.commands[command_id]
        if self._waiting or (command.need is Need.STORE and not self.view.session.live):
            if not self._waiting:
                self.view.show_message(WAITING)
            self._waiting.append((command, self.view.session.current_ref))
            return
        self._run(command)

    def run_waiting(self) -> None:
        """Once the store is open: what was pressed meanwhile, in order, each on the
        clause it was pressed on."""
        while self._waiting:
            command, ref = self._waiting.pop(0)
            if ref is not None:
                self.view.refresh(self.view.session.select(ref))
            self._run(command)

    def _run(self, command: Command) -> None:
        with timing.step(f"command {command.id}"):
            self.run_handler(command.run)

    def run_handler(self, handler: Handler) -> None:
        """Run a handler; expected errors become a message, never a crash."""
        try:
            handler(self.view)
        except UserError as error:
            self.view.show_message(error.message)
