"""The keys bound to commands: each command's default keys (declared with the
command, ``command_registry``), with the officer's own bindings applied.

Every command has a stable dotted id (``clause.next``, ``clause.set_status.2``).
The officer may rebind any of them in ``settings.toml``::

    [keys]
    "clause.next" = ["j", "Ctrl+N"]
    "note.new" = "a"

A key bound to two commands is a clash: it is reported at start and the later
binding is dropped, rather than one of them silently never firing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtGui import QKeySequence


@dataclass(frozen=True, slots=True)
class KeyMap:
    """The keys in force, and what was wrong with the officer's overrides."""

    keys: dict[str, tuple[str, ...]]
    problems: tuple[str, ...]

    def keys_for(self, command_id: str) -> tuple[str, ...]:
        return self.keys.get(command_id, ())

    def display(self, command_id: str) -> str:
        return ", ".join(key_label(key) for key in self.keys_for(command_id))


def key_label(key: str) -> str:
    """A key as the officer reads it. Qt writes a bare letter in capitals ("G"),
    which reads as Shift+G; a plain letter is shown as it is typed ("g")."""
    text = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
    return text.lower() if len(text) == 1 and text.isalpha() else text


def build_keymap(
    defaults: Mapping[str, tuple[str, ...]], overrides: Mapping[str, object] | None = None
) -> KeyMap:
    """``defaults`` (each command's keys), with the officer's ``[keys]`` overrides
    applied and checked."""
    problems: list[str] = []
    wanted: dict[str, tuple[str, ...]] = dict(defaults)
    for command_id, value in (overrides or {}).items():
        if command_id not in defaults:
            problems.append(f"settings: [keys] names an unknown command '{command_id}'.")
            continue
        keys = (value,) if isinstance(value, str) else value
        if not isinstance(keys, list | tuple) or not all(isinstance(key, str) for key in keys):
            problems.append(
                f"settings: the keys for '{command_id}' must be text or a list of text."
            )
            continue
        valid = []
        for key in keys:
            if key and not QKeySequence(key).toString():
                problems.append(
                    f"settings: '{key}' (for '{command_id}') is not a key Vision Desk knows."
                )
            elif key:
                valid.append(key)
        wanted[command_id] = tuple(valid)
    taken: dict[str, str] = {}
    result: dict[str, tuple[str, ...]] = {}
    # The officer's own bindings claim their keys first: a clash with a default
    # leaves the key where the officer put it.
    overridden = [command_id for command_id in wanted if command_id in (overrides or {})]
    order = overridden + [command_id for command_id in wanted if command_id not in overridden]
    for command_id in order:
        keys = wanted[command_id]
        kept = []
        for key in keys:
            normal = QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)
            if normal in taken:
                problems.append(
                    f"Key clash: {normal} is bound to both '{taken[normal]}' and '{command_id}'; "
                    f"it stays with '{taken[normal]}'."
                )
                continue
            taken[normal] = command_id
            kept.append(key)
        result[command_id] = tuple(kept)
    return KeyMap({command_id: result[command_id] for command_id in wanted}, tuple(problems))
