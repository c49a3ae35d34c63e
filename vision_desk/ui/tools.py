"""The Tools commands: check the store, back it up, restore a backup, show the folder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from vision_desk.domain.typed_dates import display_moment, long_date
from vision_desk.errors import UserError
from vision_desk.ui.command_registry import Command, Need

if TYPE_CHECKING:
    from vision_desk.services.safety import BackupInfo, Safety
    from vision_desk.ui.command_registry import DeskView

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def check(window: DeskView) -> None:
    safety = _safety(window)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        report = safety.check()
    finally:
        QApplication.restoreOverrideCursor()
    if report.healthy:
        window.show_message(report.text)
        return
    answer = QMessageBox.warning(
        window.widget(),
        "The store has problems",
        f"{report.text}\n\nSet the damaged store aside and restore the newest good backup?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer == QMessageBox.StandardButton.Yes:
        told = safety.recover()
        window.refresh(window.session.reload(forget_search=True))
        QMessageBox.information(window.widget(), "Store restored", told)


def back_up(window: DeskView) -> None:
    made = _safety(window).backup_now()
    window.show_message(f"Backed up and verified: {made.path.name} ({_size(made.size)}).")


def restore(window: DeskView) -> None:
    window.session.writer()
    safety = _safety(window)
    backups = safety.backups()
    if not backups:
        raise UserError("There is no backup yet; Back Up Now makes one.")
    dialog = RestoreDialog(backups, window.widget())
    if not dialog.exec() or dialog.chosen is None:
        return
    chosen = dialog.chosen
    made = chosen.made_at.astimezone()
    when = f"{long_date(made.date())} at {made:%H:%M}"
    if not window.confirm(
        "Restore from backup",
        f"Replace the store with the backup made on {when}? Work done since then is not in "
        "it. The store as it is now is backed up first.",
    ):
        return
    from vision_desk.services.safety import StoreInUseError

    try:
        told = safety.restore(chosen.path)
    except StoreInUseError:
        # Here the other process can only be a command: the desk is this window.
        raise UserError(
            "A Vision Desk command is using the store right now, so nothing was restored; "
            "try again once it has finished."
        ) from None
    window.refresh(window.session.reload(forget_search=True))
    window.show_message(told)


def show_folder(window: DeskView) -> None:
    folder = window.data_paths.root
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
    window.show_message(f"The data folder is {folder}.")


class RestoreDialog(QDialog):
    """The backups, newest first, with their dates and sizes."""

    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.setObjectName("restoreDialog")
        self.chosen: BackupInfo | None = None
        self._backups = backups
        self.list = QListWidget()
        self.list.setObjectName("backupList")
        self.list.setAccessibleName("Backups")
        for info in backups:
            when = display_moment(info.made_at.astimezone())
            item = QListWidgetItem(f"{when}  ·  {info.reason}  ·  {_size(info.size)}")
            item.setData(PATH_ROLE, str(info.path))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Choose the backup to restore (newest first):"))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(460, 360)

    def accept(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._backups):
            self.chosen = self._backups[row]
        super().accept()


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{size / 1024:.0f} KB"


def _safety(window: DeskView) -> Safety:
    # Loaded at first use, not with the window: its first paint must not wait for it.
    from vision_desk.services.safety import Safety

    # A past board on screen does not stop a check or a backup of the store.
    return Safety(window.session.require_desk())


TOOLS, STORE = "Tools", Need.STORE
COMMANDS: tuple[Command, ...] = (
    Command("tools.check", "Check Database", ("Ctrl+Alt+C",), TOOLS, check, STORE),
    Command("tools.backup", "Back Up Now", ("Ctrl+Alt+B",), TOOLS, back_up, STORE),
    Command("tools.restore", "Restore from Backup", ("Ctrl+Alt+R",), TOOLS, restore, STORE),
    Command("tools.folder", "Show Data Folder", ("Ctrl+Alt+F",), TOOLS, show_folder),
)
