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
    QVBoxLayout,
    QWidget,
)

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
