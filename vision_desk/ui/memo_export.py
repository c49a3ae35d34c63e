"""Ctrl+E: the review memo, off the window's thread, with the last choices remembered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vision_desk.domain.memo import DEFAULT_CLASSIFICATION, MemoOptions
from vision_desk.domain.rounds import Round
from vision_desk.domain.typed_dates import display_date
from vision_desk.errors import UserError
from vision_desk.services.memo_worker import NO_MEMO, MemoRequest
from vision_desk.services.output_paths import check_output_path
from vision_desk.ui.date_field import DateField
from vision_desk.ui.window_state import settings_in
from vision_desk.ui.worker_run import run_worker, worker_command

if TYPE_CHECKING:
    from vision_desk.ui.command_registry import DeskView

LIVE = -1  # the source "live board, provisional" in the round list
__all__ = ["MemoDialog", "export_memo", "memo_request", "worker_command"]


class MemoDialog(QDialog):
    """Round or as-of date, classification, to, from, subject, file; Return exports."""

    def __init__(
        self,
        closed: list[Round],
        settings: QSettings,
        default_file: Path,
        sender: str,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export the review memo")
        self.setObjectName("memoDialog")
        self.settings = settings
        self.source = QComboBox()
        self.source.setObjectName("memoSource")
        self.source.setAccessibleName("Round or live board")
        for round_ in reversed(closed):
            self.source.addItem(
                f"Round {round_.id}: {round_.title} (as of {display_date(round_.as_of)})", round_.id
            )
        self.source.addItem("Live board, as of a date (provisional)", LIVE)
        self._rounds_as_of = {round_.id: round_.as_of for round_ in closed}
        self._desk_date = today
        self.as_of = DateField(today)
        self.as_of.setObjectName("memoAsOf")
        self.as_of.setAccessibleName("Memo as-of date")
        self.as_of_problem = self.as_of.problem
        self.as_of_problem.setObjectName("memoAsOfProblem")
        self.classification = self._line(
            "memoClassification", "Classification", DEFAULT_CLASSIFICATION
        )
        self.to = self._line("memoTo", "To", "")
        self.from_line = self._line("memoFrom", "From", sender)
        self.subject = self._line("memoSubject", "Subject", "")
        self.file = self._line("memoFile", "File", str(default_file))
        browse = QPushButton("Browse…")
        browse.setAccessibleName("Choose the file")
        browse.clicked.connect(self._browse)
        remembered = settings.value("memo/source")
        index = (
            self.source.findData(int(remembered)) if str(remembered).lstrip("-").isdigit() else 0
        )
        self.source.setCurrentIndex(max(index, 0))
        self.source.currentIndexChanged.connect(self._source_changed)
        self._source_changed()
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("&Report on", self.source)
        form.addRow("&As of", self.as_of)
        form.addRow("", self.as_of_problem)  # hidden unless the typed date is refused
        form.addRow("&Classification", self.classification)
        form.addRow("&To", self.to)
        form.addRow("&From", self.from_line)
        form.addRow("S&ubject", self.subject)
        file_label = QLabel("F&ile")
        file_label.setBuddy(self.file)
        form.addRow(file_label, file_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, 320)

    def accept(self) -> None:
        # Return in any field, or Export, must not make a memo as of a date typed but
        # never read: read it now, and stay open on the field if it is refused.
        if self.source.currentData() == LIVE:
            try:
                self.as_of.read()
            except UserError:
                return
        super().accept()

    def _line(self, name: str, label: str, default: str) -> QLineEdit:
        line = QLineEdit(str(self.settings.value(f"memo/{name}", default) or default))
        line.setObjectName(name)
        line.setAccessibleName(label)
        return line

    def _source_changed(self) -> None:
        """A round speaks for its own as-of date: shown, not offered; the live board
        for the date the officer types (the desk's, at first)."""
        source = self.source.currentData()
        live = source == LIVE
        if not live:
            self.as_of.set_date(self._rounds_as_of[source])
        elif not self.as_of.isEnabled():
            self.as_of.set_date(self._desk_date)
        self.as_of.setEnabled(live)

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the memo as", self.file.text(), "PDF (*.pdf)"
        )
        if name:
            self.file.setText(name)

    def remember(self) -> None:
        self.settings.setValue("memo/source", self.source.currentData())
        for line in (self.classification, self.to, self.from_line, self.subject, self.file):
            self.settings.setValue(f"memo/{line.objectName()}", line.text())
        self.settings.sync()

    def choices(self) -> tuple[int | None, dt.date | None, MemoOptions, Path]:
        source = self.source.currentData()
        as_of = self.as_of.date if source == LIVE else None
        options = MemoOptions(
            date=dt.date.today(),
            classification=self.classification.text().strip() or DEFAULT_CLASSIFICATION,
            to=self.to.text(),
            sender=self.from_line.text(),
            subject=self.subject.text(),
        )
        path = Path(self.file.text()).expanduser()
        if not path.name:
            raise UserError("Name the file the memo goes to.")
        return (None if source == LIVE else int(source)), as_of, options, path


def memo_request(
    window: DeskView,
    round_id: int | None,
    as_of: dt.date | None,
    options: MemoOptions,
    path: Path,
) -> MemoRequest:
    """What the memo worker is asked to make, for this desk's store."""
    return MemoRequest(
        data_dir=str(window.data_paths.root) if window.data_paths.chosen else None,
        author=window.session.require_desk().author,
        out=str(path),
        options=options,
        agreement_id=window.session.agreement.id,
        round_id=round_id,
        as_of=as_of,
        server=window.session.require_desk().server,
    )


def export_memo(window: DeskView) -> None:
    session = window.session
    desk, rounds = session.require_desk(), session.rounds
    assert rounds is not None  # live with its desk
    closed = [round_ for round_ in rounds.all(session.agreement.id) if not round_.is_open]
    settings = settings_in(window.data_paths)
    default = Path.home() / f"review-memo-{dt.date.today():%Y-%m-%d}.pdf"
    dialog = MemoDialog(closed, settings, default, desk.author, session.as_of, window.widget())
    if not dialog.exec():
        return
    dialog.remember()
    round_id, as_of, options, chosen = dialog.choices()
    # Checked here, so that a wrong choice is a message at once; the place by the
    # same check as ``memo --out`` (which the worker makes again): never over the
    # store, its journals, a backup or a log.
    path = check_output_path(chosen, window.data_paths)
    if round_id is not None and rounds.get(round_id).is_open:
        raise UserError("That round is still open; close it first, or report on the live board.")
    # Drawn in a separate process: the window never waits, and Cancel really stops
    # the work. It writes atomically: a cancelled or failed memo leaves nothing behind.
    request = memo_request(window, round_id, as_of, options, path)
    window.memo_process = run_worker(
        window,
        request.to_json(),
        "memo",
        "Review memo",
        NO_MEMO,
        lambda result: _tell(window, Path(str(result.path))),
    )


def _tell(window: DeskView, path: Path) -> None:
    window.show_message(f"Memo written to {path}.")
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "Review memo",
        f"The memo was written to\n{path}",
        parent=window.widget(),
    )
    open_button = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is open_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
