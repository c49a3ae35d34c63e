"""The command palette and the key map: every command, with its key, findable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QFont, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vision_desk.ui.keymap import KeyMap
from vision_desk.ui.style import alert_colour

if TYPE_CHECKING:
    from vision_desk.ui.command_registry import Command

COMMAND_ROLE = Qt.ItemDataRole.UserRole + 1
KEYS_ROLE = Qt.ItemDataRole.UserRole + 2


class PaletteRow(QStyledItemDelegate):
    """A command's title on the left and its keys in a column of their own on the
    right: a long title is shortened ("…") before it could run into its keys."""

    def __init__(self, key_column: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key_column = key_column

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.initStyleOption(option, index)
        title = str(index.data(Qt.ItemDataRole.DisplayRole)).split("\t")[0]
        keys = str(index.data(KEYS_ROLE) or "")
        option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        rect: QRect = option.rect.adjusted(8, 0, -8, 0)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(option.palette.color(role))
        title_width = rect.width() - self.key_column - 12
        metrics = option.fontMetrics
        painter.drawText(
            QRect(rect.left(), rect.top(), title_width, rect.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, title_width),
        )
        if not selected:
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(
            QRect(rect.right() - self.key_column, rect.top(), self.key_column, rect.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            keys,
        )
        painter.restore()


class PaletteFilter(QLineEdit):
    """The palette's search field; the arrow keys move through the list below."""

    def __init__(self, commands: QListWidget) -> None:
        super().__init__()
        self._commands = commands

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            self._commands.keyPressEvent(event)
            return
        super().keyPressEvent(event)


class CommandPalette(QDialog):
    """Type to narrow; Return runs the highlighted command."""

    def __init__(
        self, commands: Sequence[Command], keymap: KeyMap, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Command palette")
        self.setObjectName("commandPalette")
        self.setAccessibleName("Command palette")
        self.chosen: str | None = None
        self.commands = QListWidget()
        self.commands.setObjectName("paletteCommands")
        self.commands.setAccessibleName("Commands")
        self.query = PaletteFilter(self.commands)
        self.query.setObjectName("paletteQuery")
        self.query.setAccessibleName("Search commands")
        self.query.setPlaceholderText("Type a command…")
        widest = 0
        for spec in commands:
            keys = keymap.display(spec.id)
            item = QListWidgetItem(f"{spec.title}\t{keys}" if keys else spec.title)
            item.setData(COMMAND_ROLE, spec.id)
            item.setData(KEYS_ROLE, keys)
            widest = max(widest, self.fontMetrics().horizontalAdvance(keys))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{spec.title}, key {keys or 'none'}")
            self.commands.addItem(item)
        # One column for the keys, as wide as the widest, so that they line up.
        self.commands.setItemDelegate(PaletteRow(widest + 4, self.commands))
        self.query.textChanged.connect(self._narrow)
        self.query.returnPressed.connect(self._run)
        self.commands.itemActivated.connect(lambda _item: self._run())
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.commands)
        self.resize(520, 420)
        self._narrow("")

    def _narrow(self, text: str) -> None:
        words = text.casefold().split()
        first = None
        for row in range(self.commands.count()):
            item = self.commands.item(row)
            haystack = f"{item.text()} {item.data(COMMAND_ROLE)}".casefold()
            hidden = not all(word in haystack for word in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        if first is not None:
            self.commands.setCurrentItem(first)

    def _run(self) -> None:
        item = self.commands.currentItem()
        if item is not None and not item.isHidden():
            self.chosen = str(item.data(COMMAND_ROLE))
            self.accept()


class KeyMapDialog(QDialog):
    """The key map, by group, with any problems found in the officer's settings."""

    def __init__(
        self, commands: Sequence[Command], keymap: KeyMap, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keys")
        self.setObjectName("keyMap")
        self.setAccessibleName("Key map")
        groups: dict[str, list[Command]] = {}
        for spec in commands:
            groups.setdefault(spec.group, []).append(spec)
        table = QTableWidget(len(commands) + len(groups), 2)
        table.setObjectName("keyTable")
        table.setAccessibleName("Keys and commands")
        table.setHorizontalHeaderLabels(["Key", "Command"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        bold = QFont(self.font())
        bold.setBold(True)
        row = 0
        # Each group once, as a heading over its commands (the menus' names).
        for group, specs in groups.items():
            heading = QTableWidgetItem(group)
            heading.setFont(bold)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            table.setItem(row, 0, heading)
            table.setSpan(row, 0, 1, 2)
            row += 1
            for spec in specs:
                title = QTableWidgetItem(spec.title)
                title.setData(COMMAND_ROLE, spec.id)
                table.setItem(row, 0, QTableWidgetItem(keymap.display(spec.id) or "—"))
                table.setItem(row, 1, title)
                row += 1
        table.resizeColumnsToContents()
        # One line per command: the rows as tall as the text, not Qt's default.
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        principle_keys = ", ".join(
            f"{keymap.display(f'clause.set_status.{name}') or 'no key'} {name}"
            for name in ("upheld", "strained", "breached")
        )
        intro = QLabel(
            "Single keys act on the clause list and text, never while you type in a field. "
            f"Commitments are scored 0–3; on a principle: {principle_keys}. "
            "Rebind keys in settings.toml under [keys]."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if keymap.problems:
            problems = QLabel("\n".join(keymap.problems))
            problems.setObjectName("keyProblems")
            problems.setWordWrap(True)
            problems.setStyleSheet(f"color: {alert_colour(self.palette()).name()}")
            layout.addWidget(problems)
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table = table
        room = parent.window().size() if parent is not None else None
        self.resize(620, min(860, room.height() * 9 // 10) if room is not None else 560)
