"""Keys are data: defaults without clashes, the officer's overrides in
settings.toml, and clashes reported at start rather than discovered later."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from vision_desk.domain.status import Status
from vision_desk.ui.command_table import COMMANDS
from vision_desk.ui.command_table import keymap_for as build_keymap
from vision_desk.ui.keymap import key_label

Key = Qt.Key
Mod = Qt.KeyboardModifier


def test_the_defaults_bind_every_command_without_a_clash(qapp):
    keymap = build_keymap()
    assert keymap.problems == ()
    assert set(keymap.keys) == set(COMMANDS)
    assert keymap.keys_for("search.focus") == ("/", "Ctrl+F")
    assert keymap.keys_for("help.keys") == ("?", "F1")


def test_keys_read_as_they_are_typed(qapp):
    assert key_label("j") == "j"
    assert key_label("Shift+G") == "Shift+G"
    assert key_label("Ctrl+Return") == "Ctrl+Return"
    assert key_label("?") == "?"
    assert build_keymap().display("edit.redo") == "Ctrl+Shift+Z, Ctrl+Y"


def test_an_override_replaces_the_default_keys(qapp):
    keymap = build_keymap({"note.new": "a", "clause.next": ["j", "Ctrl+N"]})
    assert keymap.problems == ()
    assert keymap.keys_for("note.new") == ("a",)
    assert keymap.keys_for("clause.next") == ("j", "Ctrl+N")


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"note.banana": "a"}, "unknown command 'note.banana'"),
        ({"note.new": 3}, "must be text or a list of text"),
        ({"note.new": ["a", 3]}, "must be text or a list of text"),
        ({"note.new": "Ctrl+Banana"}, "'Ctrl+Banana' (for 'note.new') is not a key"),
    ],
)
def test_bad_overrides_are_reported(qapp, overrides, problem):
    keymap = build_keymap(overrides)
    assert len(keymap.problems) == 1
    assert problem in keymap.problems[0]


def test_a_clash_is_reported_and_the_officers_binding_wins(qapp):
    keymap = build_keymap({"note.new": "j"})
    assert keymap.problems == (
        "Key clash: J is bound to both 'note.new' and 'clause.next'; it stays with 'note.new'.",
    )
    assert keymap.keys_for("note.new") == ("j",)
    assert keymap.keys_for("clause.next") == ()


# -- in the window: settings.toml [keys] -----------------------------------------------


def test_a_rebound_key_works_and_the_old_one_does_nothing(build, qtbot, settings_file, desk):
    settings_file.write_text('[keys]\n"note.new" = "a"\n', encoding="utf-8")
    window = build()
    assert window.keymap.problems == ()
    assert "Key clash" not in window.statusBar().currentMessage()
    qtbot.keyClick(window.navigator, "n")
    assert not window.review.is_writing()
    qtbot.keyClick(window.navigator, "a")
    assert window.review.is_writing()
    qtbot.keyClicks(window.review.editor, "an a and an n")
    qtbot.keyClick(window.review.editor, Key.Key_Return, Mod.ControlModifier)
    assert [note.text for note in desk.notes("SV-P1")] == ["an a and an n"]


def test_a_clash_in_settings_is_reported_at_start(build, qtbot, settings_file, desk):
    settings_file.write_text('[keys]\n"clause.set_status.3" = "2"\n', encoding="utf-8")
    window = build()
    clash = (
        "Key clash: 2 is bound to both 'clause.set_status.3' and 'clause.set_status.2'; "
        "it stays with 'clause.set_status.3'."
    )
    assert window.keymap.problems == (clash,)
    assert window.statusBar().currentMessage() == clash
    # the key does one thing, the one the message says: the officer's binding
    window.refresh(window.session.select("SV-C1"))
    qtbot.keyClick(window.navigator, "2")
    assert desk.state("SV-C1").status is Status.COMPLETED


def test_every_problem_reaches_the_status_bar_and_the_key_map(build, officer_at, settings_file):
    settings_file.write_text('[keys]\n"note.new" = "j"\n"no.such" = "q"\n', encoding="utf-8")
    window = build()
    assert len(window.keymap.problems) == 2
    message = window.statusBar().currentMessage()
    for problem in window.keymap.problems:
        assert problem in message

    officer = officer_at(window)

    def look(dialog):
        label = dialog.findChild(QLabel, "keyProblems")
        assert label is not None
        assert label.text() == "\n".join(window.keymap.problems)
        return {
            dialog.table.item(row, 1).text(): dialog.table.item(row, 0).text()
            for row in range(dialog.table.rowCount())
            if dialog.table.columnSpan(row, 0) == 1  # not a group's heading
        }

    with officer.in_dialog(look) as seen:
        officer.press("?")
    keys = seen["result"]
    assert keys["Write a new note"] == "j"
    assert keys["Next clause"] == "—"
