"""Who is working: the officer's name, which signs every note and change.

Asked once, at the first start where nobody said (no ``--as``, no settings), and
changed any time in Desk ▸ Preferences. Kept in the settings file, where the
command line reads it too.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from vision_desk.errors import UserError
from vision_desk.paths import DataPaths

FIRST_START = (
    "Your name signs the notes and changes you make, and the memo's From line. "
    "It is kept in the settings file; Desk ▸ Preferences changes it."
)


class OfficerDialog(QDialog):
    def __init__(self, name: str, first_start: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("officerDialog")
        self.setWindowTitle("Who is reviewing?" if first_start else "Preferences")
        self.name = QLineEdit(name)
        self.name.setObjectName("officerName")
        self.name.setAccessibleName("Your name")
        self.name.selectAll()
        intro = QLabel(FIRST_START)
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Your &name", self.name)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(440, 160)


def ask_before_the_desk(data_paths: DataPaths) -> None:
    """At the first start where nobody said who is working: ask before the desk is
    shown, so that keys typed at the desk as it opens go to the desk and never
    into this question. Saved to the settings file, as Preferences does; cancelled,
    the account's name stands in (Preferences changes it later)."""
    from vision_desk.settings import account_full_name, save_author

    proposed = account_full_name()
    while True:
        dialog = OfficerDialog(proposed, first_start=True)
        if not dialog.exec():
            return
        proposed = dialog.name.text()
        try:
            save_author(data_paths, proposed)
        except UserError as error:
            QMessageBox.warning(None, "Vision Desk", error.message)
            continue
        return
