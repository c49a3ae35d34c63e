"""What each command id does in the window: the one table from ids to actions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QInputDialog, QMenu, QMessageBox

from vision_desk.domain.agreement import ClauseKind
from vision_desk.domain.status import Status, status_for_score
from vision_desk.errors import UserError
from vision_desk.ui.keymap import COMMANDS
from vision_desk.ui.moves import next_overdue
from vision_desk.ui.round_commands import round_handlers
from vision_desk.ui.tools import tools_handlers

if TYPE_CHECKING:
    from vision_desk.ui.main_window import MainWindow


def command_handlers(window: MainWindow) -> dict[str, Callable[[], object]]:
    focus = Qt.FocusReason.ShortcutFocusReason
    bar = window.filter_bar
    handlers: dict[str, Callable[[], object]] = {
        "clause.next": lambda: window.step_clause(1),
        "clause.previous": lambda: window.step_clause(-1),
        "clause.first": lambda: window.step_clause(-len(window.model.clause_positions())),
        "clause.last": lambda: window.step_clause(len(window.model.clause_positions())),
        "clause.next_overdue": lambda: next_overdue(window),
        "focus.list": lambda: window.navigator.setFocus(focus),
        "focus.clause": lambda: window.clause_view.setFocus(focus),
        "focus.notes": lambda: _focus_notes(window),
        "search.focus": lambda: _focus_search(window),
        "filter.overdue": bar.overdue.toggle,
        "filter.due_soon": bar.due_soon.toggle,
        "filter.status": lambda: _open_combo(bar.status),
        "filter.kind": lambda: _open_combo(bar.kind),
        "filter.strand": lambda: _open_combo(bar.strand),
        "filter.party": lambda: _open_combo(bar.party),
        "filter.clear": lambda: _clear_filters(window),
        "view.as_of": lambda: window.summary.as_of.setFocus(focus),
        "clause.set_status.not_assessed": lambda: _set(window, Status.NOT_ASSESSED),
        "clause.set_status.overtaken": lambda: _set(
            window, Status.OVERTAKEN, ClauseKind.COMMITMENT
        ),
        "clause.set_status.upheld": lambda: _set(window, Status.UPHELD, ClauseKind.PRINCIPLE),
        "clause.set_status.strained": lambda: _set(window, Status.STRAINED, ClauseKind.PRINCIPLE),
        "clause.set_status.breached": lambda: _set(window, Status.BREACHED, ClauseKind.PRINCIPLE),
        "note.new": lambda: _new_note(window),
        "note.save": window.review.request_save,
        "note.edit": lambda: _edit_note(window),
        "note.delete": lambda: _delete_note(window),
        "view.history": lambda: window.review.tabs.setCurrentIndex(
            1 - window.review.tabs.currentIndex()
        ),
        "edit.undo": lambda: _undo(window, redo=False),
        "edit.redo": lambda: _undo(window, redo=True),
        "palette.open": lambda: _palette(window),
        "help.keys": lambda: _key_map(window),
        "help.about": lambda: _about(window),
        "agreement.switch": lambda: _switch_agreement(window),
        "agreement.import": lambda: _import_agreement(window),
        "app.quit": window.close,
    }
    for score in range(4):
        handlers[f"clause.set_status.{score}"] = _scorer(window, score)
    handlers |= round_handlers(window) | tools_handlers(window)
    return handlers


def install_actions(window: MainWindow, handlers: dict[str, Callable[[], object]]) -> None:
    """One QAction per command, with its keys, in a menu named for its group. Menu
    titles carry no mnemonics: Alt+letter belongs to the filters."""
    menus: dict[str, QMenu] = {}
    for command_id, spec in COMMANDS.items():
        action = QAction(spec.title, window)
        action.setObjectName(command_id)
        action.setShortcuts([QKeySequence(key) for key in window.keymap.keys_for(command_id)])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        handler = handlers[command_id]
        action.triggered.connect(lambda _checked=False, run=handler: window.run(run))
        window.addAction(action)
        if spec.group not in menus:
            menus[spec.group] = window.menuBar().addMenu(spec.group)
        menus[spec.group].addAction(action)
        window.actions_by_id[command_id] = action


def _scorer(window: MainWindow, score: int) -> Callable[[], None]:
    return lambda: _set(window, status_for_score(score), ClauseKind.COMMITMENT)


def _clear_filters(window: MainWindow) -> None:
    window.filter_bar.clear()
    window.show_message("Search and filters cleared.")


def _set(window: MainWindow, status: Status, scale: ClauseKind | None = None) -> None:
    window.require_live()
    row = window.current_row()
    if row is None:
        return
    is_principle = row.clause.kind is ClauseKind.PRINCIPLE
    if scale is ClauseKind.COMMITMENT and is_principle:
        keys = ", ".join(
            f"{window.keymap.display(f'clause.set_status.{name}')} {name}"
            for name in ("upheld", "strained", "breached")
        )
        raise UserError(f"{row.clause.ref} is a principle: {keys}.")
    if scale is ClauseKind.PRINCIPLE and not is_principle:
        raise UserError(
            f"{row.clause.ref} is a {row.clause.kind.value}: score it 0–3 (x: overtaken)."
        )
    window.apply(window.desk.set_status(row.clause.ref, status, agreement_id=window.agreement_id))
    if window.progress is not None:
        # In a round every status carries its reason: say why, then move on.
        window.review.start_note(rationale=True)


def _undo(window: MainWindow, redo: bool) -> None:
    window.require_live()
    window.apply(window.desk.redo() if redo else window.desk.undo())


def _focus_search(window: MainWindow) -> None:
    window.filter_bar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
    window.filter_bar.search.selectAll()


def _focus_notes(window: MainWindow) -> None:
    window.review.tabs.setCurrentIndex(0)
    window.review.notes.setFocus(Qt.FocusReason.ShortcutFocusReason)


def _open_combo(combo: QComboBox) -> None:
    combo.setFocus(Qt.FocusReason.ShortcutFocusReason)
    combo.showPopup()


def _new_note(window: MainWindow) -> None:
    window.require_live()
    if window.current_row() is None:
        raise UserError("Choose a clause first.")
    window.review.start_note()


def _edit_note(window: MainWindow) -> None:
    window.require_live()
    note_id = window.review.selected_note_id()
    row = window.current_row()
    if note_id is None or row is None:
        raise UserError("Select a note to edit (Ctrl+3 goes to the notes).")
    note = next(
        note
        for note in window.desk.notes(row.clause.ref, window.agreement_id)
        if note.id == note_id
    )
    window.review.start_note(note_id, note.text)


def _delete_note(window: MainWindow) -> None:
    window.require_live()
    note_id = window.review.selected_note_id()
    if note_id is None:
        raise UserError("Select a note to delete (Ctrl+3 goes to the notes).")
    # A note a closed round holds is refused before asking, as ``delete-note`` does.
    window.desk.ensure_deletable(note_id)
    answer = QMessageBox.question(
        window,
        "Delete note",
        f"Delete note {note_id} for good? Its words are removed from the store and cannot be "
        "undone. (Backups keep the note until they rotate out.)",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer == QMessageBox.StandardButton.Yes:
        window.apply(window.desk.delete_note(note_id))


def _key_map(window: MainWindow) -> None:
    from vision_desk.ui.dialogs import KeyMapDialog  # loaded at first use, after start

    KeyMapDialog(window.keymap, window).exec()


def _about(window: MainWindow) -> None:
    from vision_desk.ui.about_dialog import AboutDialog  # loaded at first use, after start

    AboutDialog(window.data_paths.root, window).exec()


def _palette(window: MainWindow) -> None:
    from vision_desk.ui.dialogs import CommandPalette

    palette = CommandPalette(window.keymap, window)
    if palette.exec() and palette.chosen:
        window.trigger(palette.chosen)


def _switch_agreement(window: MainWindow) -> None:
    ids = window.desk.agreement_ids()
    titles = [
        f"{window.desk.stored(agreement_id).agreement.display_title}  ({agreement_id})"
        for agreement_id in ids
    ]
    current = ids.index(window.agreement_id) if window.agreement_id in ids else 0
    choice, ok = QInputDialog.getItem(
        window, "Switch agreement", "Agreement:", titles, current, False
    )
    if ok:
        agreement_id = ids[titles.index(choice)]
        window.desk.use_agreement(agreement_id)
        window.load_agreement(agreement_id)


def _import_agreement(window: MainWindow) -> None:
    name, _ = QFileDialog.getOpenFileName(
        window, "Import an agreement", "", "Agreement files (*.toml);;All files (*)"
    )
    if not name:
        return
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        from vision_desk.services import transfer

        agreement = transfer.import_agreement(window.desk, Path(name))
    finally:
        QApplication.restoreOverrideCursor()
    window.desk.use_agreement(agreement.id)
    window.load_agreement(agreement.id)
    window.show_message(f"Imported '{agreement.display_title}' ({len(agreement.clauses)} clauses).")
