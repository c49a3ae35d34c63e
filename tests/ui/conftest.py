"""The desk window on a fresh store, shown and active, and an officer at the
keyboard: keys go to whichever widget has focus, as they do on a real desk, so
window shortcuts route through Qt's shortcut map exactly as for a person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

TODAY = dt.date(2021, 1, 10)
OVERDUE_AS_OF_TODAY = ["SV-C1", "SV-C2", "SV-C3", "SV-C4"]  # in the list's grouped order

Key = Qt.Key
Mod = Qt.KeyboardModifier


class Officer:
    def __init__(self, qtbot, window) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.window = window

    # -- the keyboard -------------------------------------------------------------

    @property
    def focus(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has keyboard focus"
        return widget

    def press(self, key: Key | str, modifier: Mod = Mod.NoModifier) -> None:
        self.qtbot.keyClick(self.focus, key, modifier)

    def type(self, text: str) -> None:
        """ASCII text, key by key (qtbot.keyClicks aborts on other scripts)."""
        assert text.isascii(), "use type_unicode for other scripts"
        self.qtbot.keyClicks(self.focus, text)

    def type_unicode(self, text: str) -> None:
        """Any script, one character per key event, as a keyboard layout sends it."""
        for character in text:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click, self.focus, Key.Key_unknown, character, Mod.NoModifier
            )

    # -- what the officer sees ------------------------------------------------------

    def current_ref(self) -> str | None:
        row = self.window.session.current_row()
        return row.clause.ref if row is not None else None

    def shown_refs(self) -> list[str]:
        return [row.clause.ref for row in self.window.model.rows()]

    def message(self) -> str:
        return str(self.window.statusBar().currentMessage())

    def clause_text(self) -> str:
        return str(self.window.clause_view.toPlainText())

    # -- small routines -------------------------------------------------------------

    def go_to(self, ref: str) -> None:
        """Search for a reference, come back to the list on it, clear the search."""
        self.press("/")
        self.type(ref)
        self.press(Key.Key_Return)
        assert self.current_ref() == ref
        self.press(Key.Key_C, Mod.ShiftModifier)  # clear: the list is whole again
        assert self.current_ref() == ref
        assert self.focus is self.window.navigator

    def choose(self, key: Key, modifier: Mod, combo: QComboBox, text: str) -> None:
        """Open a filter's list with its key, arrow down to ``text``, Return."""
        self.press(key, modifier)
        self.pick(combo, text)

    def pick(self, combo: QComboBox, text: str) -> None:
        """In ``combo``'s open list: arrow to ``text``, Return."""
        assert combo.view().isVisible(), "the list is not open"
        view = combo.view()
        target = combo.findText(text)
        assert target >= 0, f"no {text!r} in the list"
        for _ in range(combo.count()):
            here = view.currentIndex().row()
            if here == target:
                break
            self.qtbot.keyClick(view, Key.Key_Down if here < target else Key.Key_Up)
        assert view.currentIndex().data() == text
        self.qtbot.keyClick(view, Key.Key_Return)
        assert combo.currentText() == text
        assert not combo.view().isVisible()

    def back_to_window(self) -> None:
        """After a dialog: a window manager hands activation back to the desk; the
        offscreen platform does not, so the test does."""
        with self.qtbot.waitActive(self.window):
            self.window.activateWindow()

    @contextmanager
    def in_dialog(self, action: Callable[[QWidget], object]) -> Iterator[dict[str, object]]:
        """Run ``action(dialog)`` on the modal dialog the body's key opens, then make
        sure the dialog is closed (so a failing check can never hang the suite).
        Whatever the action raised is raised here."""
        seen: dict[str, object] = {}
        tries = 0

        def poll() -> None:
            nonlocal tries
            if seen.get("done"):
                return
            dialog = QApplication.activeModalWidget()
            if dialog is None or QApplication.activeWindow() is not dialog:
                tries += 1
                if tries < 300:
                    QTimer.singleShot(10, poll)
                elif dialog is not None:  # up but never active: close it, never hang
                    seen["error"] = AssertionError(f"{dialog.objectName()} never became active")
                    dialog.close()
                return
            seen["dialog"] = dialog
            try:
                seen["result"] = action(dialog)
            except BaseException as error:
                seen["error"] = error
            finally:
                if dialog.isVisible():
                    dialog.close()

        QTimer.singleShot(0, poll)
        try:
            yield seen
        finally:
            seen["done"] = True
        error = seen.get("error")
        if isinstance(error, BaseException):
            raise error
        assert "dialog" in seen, "no dialog opened"
        self.back_to_window()


def show_at_the_list(qtbot, window):  # type: ignore[no-untyped-def]
    """Show and activate a desk window, the clause list focused, as at a start."""
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    window.navigator.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.navigator)
    return window


@pytest.fixture
def shown():  # type: ignore[no-untyped-def]
    """``show_at_the_list``, for windows a test builds its own way."""
    return show_at_the_list


@pytest.fixture
def build(qtbot, opened) -> Iterator[Callable[[], object]]:  # type: ignore[no-untyped-def]
    """Build, show and activate desk windows on the test store, the list focused;
    closes them afterwards."""
    from vision_desk.ui.app import build_window, make_application

    make_application()
    built = []

    def make():  # type: ignore[no-untyped-def]
        window = build_window(opened, today=TODAY)
        built.append(window)
        return show_at_the_list(qtbot, window)

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
def officer_at(qtbot) -> Callable[[object], Officer]:  # type: ignore[no-untyped-def]
    """An officer at a window the test built itself (after writing settings)."""
    return lambda window: Officer(qtbot, window)


@pytest.fixture
def settings_file(data_dir: Path) -> Path:
    path = data_dir / "config" / "settings.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
