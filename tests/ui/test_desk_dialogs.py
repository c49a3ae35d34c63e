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
    assert officer.current_ref() == "SV-P1"  # closing the palette ran nothing


def test_typing_in_the_palette_narrows_and_return_runs_the_command(officer, window):
    def run(palette):
        officer.type("next overdue")
        narrowed = palette_rows(palette)
        officer.press(Key.Key_Return)
        return narrowed

    with officer.in_dialog(run) as seen:
        officer.press(Key.Key_K, Mod.ControlModifier)
    assert seen["result"] == [("clause.next_overdue", "Next overdue clause\to")]
    assert officer.current_ref() == "SV-C1"
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
    assert officer.current_ref() == "SV-P1"


def test_escape_closes_the_palette(officer):
    def run(palette):
        officer.press(Key.Key_Escape)
        assert not palette.isVisible()

    with officer.in_dialog(run):
        officer.press(Key.Key_K, Mod.ControlModifier)


def key_table(dialog):
    """(key, command, group) per command; each group is a heading row over its own."""
    table = dialog.table
    rows, group = [], None
    for row in range(table.rowCount()):
        if table.columnSpan(row, 0) == 2:
            group = table.item(row, 0).text()
            continue
        rows.append((table.item(row, 0).text(), table.item(row, 1).text(), group))
    return rows


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


def test_menus_show_keys_as_typed(window):
    entries = {
        action.objectName(): action.text()
        for menu_action in window.menuBar().actions()
        for action in menu_action.menu().actions()
    }
    assert entries["clause.set_status.overtaken"] == "Commitment: overtaken\tx"
    assert entries["clause.first"] == "First clause\tg"
    assert entries["clause.last"] == "Last clause\tShift+G"


def test_the_key_map_names_each_group_once(officer, window):
    def look(dialog):
        table = dialog.table
        return [
            table.item(row, 0).text()
            for row in range(table.rowCount())
            if table.columnSpan(row, 0) == 2
        ]

    with officer.in_dialog(look) as seen:
        officer.press("?")
    groups = seen["result"]
    assert groups == ["Move", "Find", "Assess", "Review", "Evidence", "Tools", "Desk", "Help"]
    assert len(groups) == len(set(groups))


def test_the_palette_keys_line_up_in_their_own_column(officer, window):
    """Each row's keys are drawn at the same x, right of its title, which is cut
    short ("…") rather than run into them."""
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

    drawn: list[tuple[int, int, str]] = []

    class Recorder(QPainter):
        def drawText(self, rect, flags, text):  # type: ignore[no-untyped-def]  # noqa: N802
            drawn.append((rect.left(), rect.right(), text))
            super().drawText(rect, flags, text)

    def look(palette):
        view = palette.commands
        image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
        rows = []
        for width in (view.viewport().width(), 260):  # as shown, and squeezed
            for row in range(view.count()):
                option = QStyleOptionViewItem()
                option.rect = view.visualRect(view.model().index(row, 0))
                option.rect.setWidth(width)
                option.widget = view
                drawn.clear()
                painter = Recorder(image)
                view.itemDelegate().paint(painter, option, view.model().index(row, 0))
                painter.end()
                (_, title_right, title), (key_left, _, keys) = drawn
                rows.append((width, title_right, key_left, title, keys))
        return rows

    with officer.in_dialog(look) as seen:
        officer.press(Key.Key_K, Mod.ControlModifier)
    rows = seen["result"]
    for width in {row[0] for row in rows}:
        shown = [row for row in rows if row[0] == width]
        assert len({key_left for _, _, key_left, _, _ in shown}) == 1  # one column
        assert all(title_right < key_left for _, title_right, key_left, _, _ in shown)
    squeezed = [row for row in rows if row[0] == 260]
    assert any(title.endswith("…") for *_, title, _ in squeezed)
    assert ("Redo" in {title for *_, title, _ in rows}) and any(
        keys == "Ctrl+Shift+Z, Ctrl+Y" for *_, keys in rows
    )
