"""Every command of the desk, in menu order: each declared in its own module."""

from __future__ import annotations

from collections.abc import Mapping

from vision_desk.ui import (
    commands_assess,
    commands_desk,
    commands_move,
    event_commands,
    evidence_commands,
    round_commands,
    tools,
)
from vision_desk.ui.command_registry import Command
from vision_desk.ui.keymap import KeyMap, build_keymap

_DECLARED = [
    command
    for module in (
        commands_move,
        commands_assess,
        round_commands,
        event_commands,
        evidence_commands,
        tools,
        commands_desk,
    )
    for command in module.COMMANDS
]
# A module may declare commands of several menus (evidence's "Go to" is a move):
# each menu's commands together, the menus in the order they first appear.
_MENUS = list(dict.fromkeys(command.group for command in _DECLARED))
COMMANDS: dict[str, Command] = {
    command.id: command
    for command in sorted(_DECLARED, key=lambda command: _MENUS.index(command.group))
}


def keymap_for(overrides: Mapping[str, object] | None = None) -> KeyMap:
    """The keys in force: each command's own, with the officer's ``[keys]``."""
    return build_keymap({command.id: command.keys for command in COMMANDS.values()}, overrides)
