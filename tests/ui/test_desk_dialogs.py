"""The command palette and the key map: every command with its key, findable."""

from __future__ import annotations

from PySide6.QtCore import Qt

from vision_desk.domain.status import Status
from vision_desk.ui.command_table import COMMANDS
from vision_desk.ui.dialogs import COMMAND_ROLE, CommandPalette, KeyMapDialog

Key = Qt.Key
Mod = Qt.KeyboardModifier


def palette_rows(palette):
    items = [palette.commands.item(row) for row in range(palette.commands.count())]
    return [(item.data(COMMAND_ROLE), item.text()) for item in items if not item.isHidden()]


def test_ctrl_k_lists_every_command_with_its_key(officer, window):
    def look(palette):
        assert isinstance(palette, CommandPalette)
        assert officer.focus is palette.query
        return palette_rows(palette)

    with officer.in_dialog(look) as seen:
        officer.press(Key.Key_K, Mod.ControlModifier)
    rows = dict(seen["result"])
    assert set(rows) == set(COMMANDS)
    for command_id, spec in COMMANDS.items():
        text = rows[command_id]
        assert text.startswith(spec.title)
        assert text.endswith(window.keymap.display(command_id))
    assert rows["clause.next"] == "Next clause\tj"
    assert rows["clause.last"] == "Last clause\tShift+G"
    assert rows["edit.redo"] == "Redo\tCtrl+Shift+Z, Ctrl+Y"
    assert officer.current_ref() == "SV-P4"  # closing the palette ran nothing


def test_typing_in_the_palette_narrows_and_return_runs_the_command(officer, window):
    def run(palette):
        officer.type("next overdue")
        narrowed = palette_rows(palette)
        officer.press(Key.Key_Return)
        return narrowed

    with officer.in_dialog(run) as seen:
        officer.press(Key.Key_K, Mod.ControlModifier)
    assert seen["result"] == [("clause.next_overdue", "Next overdue clause\to")]
    assert officer.current_ref() == "SV-C3"
    assert officer.focus is window.navigator


def test_the_palette_finds_commands_by_id_and_arrows_choose(officer, window, desk):
    officer.go_to("SV-C1")

    def run(palette):
        officer.type("set_status")
        assert all(
            command_id.startswith("clause.set_status") for command_id, _ in palette_rows(palette)
        )
        officer.press(Key.Key_Down)
        officer.press(Key.Key_Down)
        officer.press(Key.Key_Down)  # from "not started (0)" down to "completed (3)"
        assert palette.commands.currentItem().data(COMMAND_ROLE) == "clause.set_status.3"
        officer.press(Key.Key_Up)  # back to "advanced (2)"
        officer.press(Key.Key_Return)

    with officer.in_dialog(run):
        officer.press(Key.Key_K, Mod.ControlModifier)
    assert desk.state("SV-C1").status is Status.ADVANCED


def test_a_palette_search_that_matches_nothing_runs_nothing(officer, desk):
    def run(palette):
        officer.type("xyzzy")
        assert palette_rows(palette) == []
        officer.press(Key.Key_Return)
        assert palette.isVisible()

    with officer.in_dialog(run):
        officer.press(Key.Key_K, Mod.ControlModifier)
    assert officer.current_ref() == "SV-P4"


def test_escape_closes_the_palette(officer):
    def run(palette):
        officer.press(Key.Key_Escape)
        assert not palette.isVisible()

    with officer.in_dialog(run):
        officer.press(Key.Key_K, Mod.ControlModifier)


def key_table(dialog):
    table = dialog.table
    return [
        tuple(table.item(row, column).text() for column in range(3))
        for row in range(table.rowCount())
    ]


def test_question_mark_and_f1_show_every_command_and_its_key(officer, window):
    for key in ("?", Key.Key_F1):

        def look(dialog):
            assert isinstance(dialog, KeyMapDialog)
            return key_table(dialog)

        with officer.in_dialog(look) as seen:
            officer.press(key)
        table = seen["result"]
        assert [title for _, title, _ in table] == [spec.title for spec in COMMANDS.values()]
        keys = {title: key_text for key_text, title, _ in table}
        assert keys["Next clause"] == "j"
        assert keys["Search clauses"] == "/, Ctrl+F"
        assert keys["Key map"] == "?, F1"
        assert keys["Principle: upheld"] == "Shift+U"
        assert officer.focus is window.navigator
