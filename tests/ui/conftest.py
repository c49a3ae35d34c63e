"""The desk window on a fresh store, shown and active, and an officer at the
keyboard: keys go to whichever widget has focus, as they do on a real desk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

TODAY = dt.date(2021, 1, 10)

Key = Qt.Key
Mod = Qt.KeyboardModifier


class Officer:
    """Presses keys on the focused widget, so window shortcuts route exactly as
    they do for a person (Qt's shortcut map sees the key before the widget)."""

    def __init__(self, qtbot, window) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.window = window

    @property
    def focus(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has keyboard focus"
        return widget

    def press(self, key: Key | str, modifier: Mod = Mod.NoModifier) -> None:
        self.qtbot.keyClick(self.focus, key, modifier)

    def type(self, text: str) -> None:
        """ASCII text, one key at a time (keyClicks aborts on other scripts)."""
        assert text.isascii()
        self.qtbot.keyClicks(self.focus, text)

    def type_unicode(self, text: str) -> None:
        """Any script, one character at a time, as a keyboard layout would send it."""
        for character in text:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click, self.focus, Key.Key_unknown, character, Mod.NoModifier
            )

    def current_ref(self) -> str | None:
        row = self.window.current_row()
        return row.clause.ref if row is not None else None

    def shown_refs(self) -> list[str]:
        return [row.clause.ref for row in self.window.model.rows()]

    def go_to(self, ref: str) -> None:
        """Search for a reference and come back to the list on it."""
        self.press("/")
        self.type(ref)
        self.press(Key.Key_Return)
        assert self.current_ref() == ref


@pytest.fixture
def build(qtbot, opened) -> Iterator[Callable[[], object]]:  # type: ignore[no-untyped-def]
    """Build, show and activate a desk window on the test store; closes it after."""
    from vision_desk.ui.app import build_window, make_application

    make_application()
    built = []

    def make():  # type: ignore[no-untyped-def]
        window = build_window(opened, today=TODAY)
        built.append(window)
        window.resize(1280, 800)
        window.show()
        with qtbot.waitActive(window):
            window.activateWindow()
        window.navigator.setFocus()
        return window

    yield make
    for window in built:
        if window.isVisible():
            window.close()
        window.deleteLater()


@pytest.fixture
def window(build):  # type: ignore[no-untyped-def]
    return build()


@pytest.fixture
def officer(qtbot, window) -> Officer:  # type: ignore[no-untyped-def]
    return Officer(qtbot, window)


@pytest.fixture
def settings_file(data_dir: Path) -> Path:
    return data_dir / "config" / "settings.toml"
