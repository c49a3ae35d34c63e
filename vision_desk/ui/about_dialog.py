"""Help ▸ About Vision Desk: the versions, the data folder, and the licences.

The facts come from ``vision_desk.about`` (as ``vision-desk about`` prints them);
the window adds only what it alone knows, the Qt it is running on.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vision_desk.about import AboutFacts, about_facts, notices

SUMMARY = (
    "Keeps an international agreement's commitments under review. Free software under "
    "the MIT licence; the software it ships with, and their licences, are under Licences."
)


class AboutDialog(QDialog):
    """Who is running, on what, with which data; Licences opens the notices."""

    def __init__(self, data_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Vision Desk")
        self.setObjectName("aboutDialog")
        self.setAccessibleName("About Vision Desk")
        self.facts: AboutFacts = about_facts(data_folder, qt_version=qVersion())
        title = QLabel(f"Vision Desk {self.facts.vision_desk}")
        title.setObjectName("aboutTitle")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        summary = QLabel(SUMMARY)
        summary.setWordWrap(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, QLabel] = {}
        for label, value in self.facts.rows():
            shown = QLabel(value)
            # Selectable for a support request; by mouse only, so Tab stays on the buttons.
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setAccessibleName(label)
            shown.setWordWrap(label == "Data folder")
            form.addRow(f"{label}:", shown)
            self.values[label] = shown
        self.licences_button = QPushButton("&Licences…")
        self.licences_button.setObjectName("aboutLicences")
        self.licences_button.setAutoDefault(False)
        self.licences_button.clicked.connect(self.show_licences)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.licences_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(summary)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(520, 340)

    def text(self) -> str:
        """What the dialog says, as one text (for a screen reader's summary and tests)."""
        rows = "\n".join(
            f"{label}: {label_widget.text()}" for label, label_widget in self.values.items()
        )
        return f"Vision Desk {self.facts.vision_desk}\n{SUMMARY}\n{rows}"

    def show_licences(self) -> None:
        # Generating the notices (a pip install) reads a few dozen files: a moment.
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            found = notices()
        finally:
            QApplication.restoreOverrideCursor()
        LicencesDialog(found.text, found.source, self).exec()


class LicencesDialog(QDialog):
    """The notices, read-only: arrows and Page Up/Down scroll, Escape closes."""

    def __init__(self, text: str, source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Licences")
        self.setObjectName("licencesDialog")
        self.setAccessibleName("Licences")
        intro = QLabel(f"Vision Desk and the software it ships with, with their licences. {source}")
        intro.setWordWrap(True)
        self.view = QPlainTextEdit()
        self.view.setObjectName("licencesText")
        self.view.setAccessibleName("Licence texts")
        self.view.setReadOnly(True)
        self.view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        # The texts are laid out in fixed columns by their authors.
        self.view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.view.setPlainText(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(780, 620)
