"""The desk's own commands: the palette, agreements, quitting, and help."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog

from vision_desk.ui.command_registry import Command, DeskView, Need

DESK, HELP = "Desk", "Help"


def _palette(view: DeskView) -> None:
    from vision_desk.ui.dialogs import CommandPalette  # loaded at first use, after start

    palette = CommandPalette(view.commands(), view.keymap, view.widget())
    if palette.exec() and palette.chosen:
        view.run_command(palette.chosen)


def _key_map(view: DeskView) -> None:
    from vision_desk.ui.dialogs import KeyMapDialog

    KeyMapDialog(view.commands(), view.keymap, view.widget()).exec()


def _about(view: DeskView) -> None:
    from vision_desk.ui.about_dialog import AboutDialog

    AboutDialog(view.data_paths.root, view.widget()).exec()


def ask_name(view: DeskView, first_start: bool = False) -> None:
    """The officer's name: asked at the first start, changed in Preferences."""
    from vision_desk.settings import account_full_name, save_author
    from vision_desk.ui.officer_dialog import OfficerDialog

    desk = view.session.require_desk()
    proposed = account_full_name() if first_start else desk.author
    dialog = OfficerDialog(proposed, first_start, view.widget())
    if not dialog.exec():
        return
    name = dialog.name.text().strip()
    save_author(view.data_paths, name)
    desk.author = name
    view.show_message(f"Your notes and changes are signed “{name}” from now on.")


def _switch_agreement(view: DeskView) -> None:
    session = view.session
    desk = session.writer()
    ids = desk.agreement_ids()
    titles = [
        f"{desk.stored(agreement_id).agreement.display_title}  ({agreement_id})"
        for agreement_id in ids
    ]
    current = ids.index(session.agreement.id) if session.agreement.id in ids else 0
    choice, ok = QInputDialog.getItem(
        view.widget(), "Switch agreement", "Agreement:", titles, current, False
    )
    if ok:
        view.refresh(session.switch_agreement(ids[titles.index(choice)]))


def _import_agreement(view: DeskView) -> None:
    desk = view.session.writer()
    name, _ = QFileDialog.getOpenFileName(
        view.widget(), "Import an agreement", "", "Agreement files (*.toml);;All files (*)"
    )
    if not name:
        return
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        from vision_desk.services import transfer

        agreement = transfer.import_agreement(desk, Path(name))
    finally:
        QApplication.restoreOverrideCursor()
    view.refresh(view.session.switch_agreement(agreement.id))
    view.show_message(f"Imported '{agreement.display_title}' ({len(agreement.clauses)} clauses).")


COMMANDS: tuple[Command, ...] = (
    Command("palette.open", "Command palette", ("Ctrl+K",), DESK, _palette),
    Command(
        "agreement.switch",
        "Switch agreement",
        ("Ctrl+Shift+A",),
        DESK,
        _switch_agreement,
        Need.STORE,
    ),
    Command(
        "agreement.import",
        "Import an agreement file",
        ("Ctrl+I",),
        DESK,
        _import_agreement,
        Need.STORE,
    ),
    Command("app.preferences", "Preferences: your name", ("Ctrl+,",), DESK, ask_name, Need.STORE),
    Command("app.quit", "Quit", ("Ctrl+Q",), DESK, lambda view: view.close()),
    # Help, the last menu as on every desktop. Shift+F1 beside F1: Qt's own use of it
    # ("What's This?") is for widgets that carry such text, and the desk's carry none.
    Command("help.keys", "Key map", ("?", "F1"), HELP, _key_map),
    Command("help.about", "About Vision Desk", ("Shift+F1",), HELP, _about),
)
