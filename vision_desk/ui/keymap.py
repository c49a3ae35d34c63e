"""Commands and the keys bound to them: data, not code.

Every command has a stable dotted id (``clause.next``, ``clause.set_status.2``),
a title for the palette and the key map, and default keys. The officer may rebind
any of them in ``settings.toml``::

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
class CommandSpec:
    id: str
    title: str
    keys: tuple[str, ...]
    group: str


_SPECS: tuple[CommandSpec, ...] = (
    # Moving around
    CommandSpec("clause.next", "Next clause", ("j",), "Move"),
    CommandSpec("clause.previous", "Previous clause", ("k",), "Move"),
    CommandSpec("clause.first", "First clause", ("g",), "Move"),
    CommandSpec("clause.last", "Last clause", ("Shift+G",), "Move"),
    CommandSpec("clause.next_overdue", "Next overdue clause", ("o",), "Move"),
    CommandSpec("focus.list", "Go to the clause list", ("Ctrl+1",), "Move"),
    CommandSpec("focus.clause", "Go to the clause text", ("Ctrl+2",), "Move"),
    CommandSpec("focus.notes", "Go to the notes", ("Ctrl+3",), "Move"),
    # Search and filters
    CommandSpec("search.focus", "Search clauses", ("/", "Ctrl+F"), "Find"),
    CommandSpec("filter.overdue", "Show only overdue (toggle)", ("Shift+O",), "Find"),
    CommandSpec("filter.due_soon", "Show only due soon (toggle)", ("Shift+D",), "Find"),
    CommandSpec("filter.status", "Filter by status", ("Alt+S",), "Find"),
    CommandSpec("filter.kind", "Filter by kind", ("Alt+K",), "Find"),
    CommandSpec("filter.strand", "Filter by strand", ("Alt+T",), "Find"),
    CommandSpec("filter.party", "Filter by party", ("Alt+P",), "Find"),
    CommandSpec("filter.clear", "Clear search and filters", ("Shift+C",), "Find"),
    CommandSpec("view.as_of", "Change the review date", ("Ctrl+D",), "Find"),
    # Assessing
    CommandSpec("clause.set_status.0", "Commitment: not started (0)", ("0",), "Assess"),
    CommandSpec("clause.set_status.1", "Commitment: initiated (1)", ("1",), "Assess"),
    CommandSpec("clause.set_status.2", "Commitment: advanced (2)", ("2",), "Assess"),
    CommandSpec("clause.set_status.3", "Commitment: completed (3)", ("3",), "Assess"),
    CommandSpec("clause.set_status.overtaken", "Commitment: overtaken", ("x",), "Assess"),
    CommandSpec("clause.set_status.upheld", "Principle: upheld", ("Shift+U",), "Assess"),
    CommandSpec("clause.set_status.strained", "Principle: strained", ("Shift+S",), "Assess"),
    CommandSpec("clause.set_status.breached", "Principle: breached", ("Shift+B",), "Assess"),
    CommandSpec("clause.set_status.not_assessed", "Back to not assessed", ("-",), "Assess"),
    CommandSpec("note.new", "Write a new note", ("n",), "Assess"),
    CommandSpec("note.save", "Save the note being written", ("Ctrl+Return",), "Assess"),
    CommandSpec("note.edit", "Edit the selected note", ("e",), "Assess"),
    CommandSpec("note.delete", "Delete the selected note", ("Delete",), "Assess"),
    CommandSpec("view.history", "Show notes or history (toggle)", ("Shift+H",), "Assess"),
    CommandSpec("edit.undo", "Undo", ("Ctrl+Z",), "Assess"),
    CommandSpec("edit.redo", "Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Assess"),
    # Review rounds
    CommandSpec(
        "clause.next_unassessed", "Next clause not yet assessed in the round", ("u",), "Review"
    ),
    CommandSpec("round.open", "Open a review round", ("Ctrl+Shift+N",), "Review"),
    CommandSpec("round.close", "Close the review round", ("Ctrl+Shift+E",), "Review"),
    CommandSpec("round.compare", "What changed between rounds", ("Ctrl+Shift+D",), "Review"),
    CommandSpec(
        "view.past", "See the board at a closed round or past date", ("Ctrl+Shift+P",), "Review"
    ),
    CommandSpec("view.live", "Back to the live board", ("Ctrl+Shift+L",), "Review"),
    CommandSpec("memo.export", "Export the review memo (PDF)", ("Ctrl+E",), "Review"),
    CommandSpec(
        "filter.due_review", "Show only what is due for review (toggle)", ("Shift+R",), "Review"
    ),
    # Keeping the work safe
    CommandSpec("tools.check", "Check Database", ("Ctrl+Alt+C",), "Tools"),
    CommandSpec("tools.backup", "Back Up Now", ("Ctrl+Alt+B",), "Tools"),
    CommandSpec("tools.restore", "Restore from Backup", ("Ctrl+Alt+R",), "Tools"),
    CommandSpec("tools.folder", "Show Data Folder", ("Ctrl+Alt+F",), "Tools"),
    # The desk
    CommandSpec("palette.open", "Command palette", ("Ctrl+K",), "Desk"),
    CommandSpec("agreement.switch", "Switch agreement", ("Ctrl+Shift+A",), "Desk"),
    CommandSpec("agreement.import", "Import an agreement file", ("Ctrl+I",), "Desk"),
    CommandSpec("app.quit", "Quit", ("Ctrl+Q",), "Desk"),
    # Help, the last menu as on every desktop. Shift+F1 beside F1: Qt's own use of it
    # ("What's This?") is for widgets that carry such text, and the desk's carry none.
    CommandSpec("help.keys", "Key map", ("?", "F1"), "Help"),
    CommandSpec("help.about", "About Vision Desk", ("Shift+F1",), "Help"),
)

COMMANDS: dict[str, CommandSpec] = {spec.id: spec for spec in _SPECS}


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


def build_keymap(overrides: Mapping[str, object] | None = None) -> KeyMap:
    """Defaults, with the officer's ``[keys]`` overrides applied and checked."""
    problems: list[str] = []
    wanted: dict[str, tuple[str, ...]] = {spec.id: spec.keys for spec in _SPECS}
    for command_id, value in (overrides or {}).items():
        if command_id not in COMMANDS:
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
