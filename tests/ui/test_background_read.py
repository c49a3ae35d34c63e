"""The store opens in a thread while the window takes keys: the read hands its
result back to the window's thread, and gives way to the officer's key at each
module it loads."""

from __future__ import annotations

import sys
import threading
import time

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from vision_desk.ui.background_read import (
    GIVE_WAY_LIMIT_S,
    SWITCH_INTERVAL_S,
    BackgroundRead,
    GiveWay,
    ReadResult,
)


def finding(give_way: GiveWay) -> tuple[threading.Thread, list[float]]:
    """A reader thread that asks the hook for one module; when it went on."""
    went_on: list[float] = []

    def read() -> None:
        assert give_way.find_spec("a_module_nobody_has", None) is None
        went_on.append(time.perf_counter())

    reader = threading.Thread(target=read)
    give_way.reader = reader
    return reader, went_on


def test_the_reader_waits_while_the_officer_is_busy_and_goes_on_when_idle() -> None:
    give_way = GiveWay()
    give_way.officer_busy()
    reader, went_on = finding(give_way)
    reader.start()
    time.sleep(GIVE_WAY_LIMIT_S / 5)
    assert went_on == []  # still waiting for the key to finish
    idle = time.perf_counter()
    give_way.officer_idle()
    reader.join(1)
    assert went_on and went_on[0] >= idle


def test_the_wait_is_bounded_so_a_lock_held_by_the_window_cannot_hang_it() -> None:
    give_way = GiveWay()
    give_way.officer_busy()
    reader, went_on = finding(give_way)
    started = time.perf_counter()
    reader.start()
    reader.join(1)
    assert went_on, "the reader never went on"
    assert went_on[0] - started >= GIVE_WAY_LIMIT_S * 0.9
    assert went_on[0] - started < 1


def test_only_the_reader_waits() -> None:
    give_way = GiveWay()
    give_way.reader = threading.Thread(target=lambda: None)
    give_way.officer_busy()
    started = time.perf_counter()
    assert give_way.find_spec("a_module_nobody_has", None) is None
    assert time.perf_counter() - started < GIVE_WAY_LIMIT_S / 2


class Recorder(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[ReadResult] = []

    def record(self, result: ReadResult) -> None:
        self.results.append(result)


def test_a_key_holds_the_read_back_until_the_window_is_idle(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = QLineEdit()
    qtbot.addWidget(field)
    reader_at_import = threading.Event()
    key_handled_at: list[float] = []
    imported_at: list[float] = []

    def read() -> str:
        reader_at_import.wait(2)
        # A module that is not loaded yet goes through the import hook.
        sys.modules.pop("colorsys", None)
        import colorsys  # noqa: F401

        imported_at.append(time.perf_counter())
        return "read"

    recorder = Recorder()
    loading = BackgroundRead(read)
    loading.done.connect(recorder.record)
    interval = sys.getswitchinterval()
    loading.start()
    assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_S)
    # The key arrives, and while the window handles it the reader reaches a module.
    QApplication.sendEvent(
        field, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    )
    reader_at_import.set()
    time.sleep(GIVE_WAY_LIMIT_S / 5)
    key_handled_at.append(time.perf_counter())
    assert imported_at == []  # the window is still busy with the key
    qtbot.waitUntil(lambda: recorder.results != [], timeout=2000)
    assert recorder.results[0].value == "read"
    assert imported_at[0] >= key_handled_at[0]
    # Once done, nothing of the read is left behind.
    assert sys.getswitchinterval() == pytest.approx(interval)
    assert not any(isinstance(finder, GiveWay) for finder in sys.meta_path)


def test_a_failed_read_hands_its_error_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    def read() -> None:
        raise OSError("the disk went away")

    recorder = Recorder()
    loading = BackgroundRead(read)
    loading.done.connect(recorder.record)
    loading.start()
    qtbot.waitUntil(lambda: recorder.results != [], timeout=2000)
    assert isinstance(recorder.results[0].error, OSError)
    assert not any(isinstance(finder, GiveWay) for finder in sys.meta_path)
