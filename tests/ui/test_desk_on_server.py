"""The desk on a team's server: the same keys, the change on the server for every
other officer to read, the server's address in the status bar, and the memo drawn
from the server in a child process with the server keeping it read-only."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from server_fixtures import libpq_url

from vision_desk.domain.status import Status
from vision_desk.ui import memo_export

Key = Qt.Key
Mod = Qt.KeyboardModifier

pytestmark = pytest.mark.server


@pytest.fixture
def server_desk(server_database: str) -> str:
    """A desk database made the way a ministry makes one (``server init``), given as
    an officer writes its address, with a password the status bar must never show."""
    from vision_desk import app

    app.init_server(server_database)
    return libpq_url(server_database).replace("@", ":not-shown@", 1)


@pytest.fixture
def opened(server_desk: str, data_dir: Path, clock: object) -> Iterator[object]:
    """The desk's store is the server, for every fixture built on ``opened``."""
    from vision_desk import app

    result = app.open_server_desk(server_desk, str(data_dir))
    result.desk.clock = clock  # type: ignore[attr-defined]
    yield result
    result.close()


def test_status_and_note_keys_change_the_server(officer, window, server_desk: str) -> None:  # type: ignore[no-untyped-def]
    from vision_desk import app

    officer.go_to("SV-C1")
    officer.press("1")
    officer.press("n")
    officer.type("Heads of service met in Islamabad.")
    officer.press(Key.Key_Return, Mod.ControlModifier)
    assert "Desk: postgresql://" in window.folder_label.toolTip()
    assert "not-shown" not in window.folder_label.toolTip()
    # Another officer's program, on the same server, reads what the keys did.
    other = app.open_server_desk(server_desk)
    try:
        assert other.desk.state("SV-C1").status is Status.INITIATED
        assert [note.text for note in other.desk.notes("SV-C1")] == [
            "Heads of service met in Islamabad."
        ]
        assert other.desk.state("SV-C1").changed_by == "vision_desk_test"
    finally:
        other.close()


def test_ctrl_e_draws_the_memo_from_the_server(officer, window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    told: list[Path] = []
    monkeypatch.setattr(memo_export, "_tell", lambda _window, path: told.append(path))
    officer.go_to("SV-C2")
    officer.press("2")
    target = tmp_path / "team-memo.pdf"

    def export(dialog):  # type: ignore[no-untyped-def]
        from PySide6.QtTest import QTest

        dialog.findChild(QLineEdit, "memoFile").setText(str(target))
        dialog.findChild(QLineEdit, "memoSubject").setText("Team review")
        dialog.findChild(QLineEdit, "memoFile").setFocus()
        QTest.keyClick(dialog.findChild(QLineEdit, "memoFile"), Key.Key_Return)
        return True

    with officer.in_dialog(export):
        officer.press(Key.Key_E, Mod.ControlModifier)
    officer.qtbot.waitUntil(lambda: told == [target], timeout=30_000)
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Team review" in text
    assert "Advanced" in text


def test_another_officers_change_shows_within_a_second_or_so(  # type: ignore[no-untyped-def]
    officer, window, server_desk: str, server_database: str
) -> None:
    from server_fixtures import make_role

    from vision_desk import app

    officer.go_to("SV-P2")
    url = make_role(server_database, "second_officer")
    app.grant_on_server(server_database, "second_officer", "officer")
    other = app.open_server_desk(url)
    try:
        other.desk.set_status("SV-C3", "completed")
    finally:
        other.close()
    officer.qtbot.waitUntil(
        lambda: window.session.rows["SV-C3"].status is Status.COMPLETED, timeout=5_000
    )
    assert "SV-C3 by second_officer" in officer.message()
    assert officer.current_ref() == "SV-P2"  # the officer was not moved


def test_a_server_that_stops_answering_is_said_and_so_is_its_return(  # type: ignore[no-untyped-def]
    officer, window, monkeypatch
) -> None:
    from vision_desk.errors import StoreError
    from vision_desk.ui import live_watch

    session = window.session
    reader = session.elsewhere_reader

    def unreachable():  # type: ignore[no-untyped-def]
        def read():  # type: ignore[no-untyped-def]
            raise StoreError("The server cannot be reached.")

        return read

    officer.go_to("SV-C1")
    officer.press("n")
    officer.type("Typed while the server was away")
    monkeypatch.setattr(session, "elsewhere_reader", unreachable)
    officer.qtbot.waitUntil(lambda: officer.message() == live_watch.UNREACHABLE, timeout=5_000)
    assert window.live_watch.unreachable
    assert window.banner.isVisible() and "server cannot be reached" in window.banner.text()
    # The board is read-only meanwhile: a save is refused, and the words are kept.
    officer.press(Key.Key_Return, Mod.ControlModifier)
    assert "read-only until it answers again" in officer.message()
    assert window.review.editor.toPlainText() == "Typed while the server was away"
    assert window.session.rows["SV-C1"].note_count == 0
    monkeypatch.setattr(session, "elsewhere_reader", reader)
    officer.qtbot.waitUntil(lambda: officer.message() == live_watch.BACK, timeout=5_000)
    assert not window.live_watch.unreachable and not window.banner.isVisible()
    # Back: the same words are saved with the same key.
    officer.press(Key.Key_Return, Mod.ControlModifier)
    assert window.session.rows["SV-C1"].note_count == 1


@pytest.mark.parametrize(("answer", "kept"), [("No", Status.INITIATED), ("Yes", Status.ADVANCED)])
def test_a_status_key_on_a_clause_changed_meanwhile_asks_whose_to_keep(  # type: ignore[no-untyped-def]
    officer, window, server_database: str, answer: str, kept: Status
) -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMessageBox
    from server_fixtures import make_role

    from vision_desk import app

    assert window.live_watch is not None
    window.live_watch.stop()  # the other change must not arrive before the key
    officer.go_to("SV-C2")
    url = make_role(server_database, "third_officer")
    app.grant_on_server(server_database, "third_officer", "officer")
    other = app.open_server_desk(url)
    try:
        other.desk.set_status("SV-C2", "initiated")
    finally:
        other.close()

    def choose(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, QMessageBox)
        text = dialog.text()
        button = dialog.button(getattr(QMessageBox.StandardButton, answer))
        button.setFocus()
        QTest.keyClick(button, Key.Key_Space)
        return text

    with officer.in_dialog(choose) as seen:
        officer.press("2")
    assert "SV-C2 was set to Initiated by third_officer at " in seen["result"]
    assert "Save your Advanced over it?" in seen["result"]
    reader = app.open_server_desk(server_database)
    try:
        assert reader.desk.state("SV-C2").status is kept
    finally:
        reader.close()
    assert window.session.rows["SV-C2"].status is kept


@pytest.fixture
def slow_poll(monkeypatch: pytest.MonkeyPatch) -> None:
    """The desk's poll as good as off (before the window is built): only a
    notification from the server can bring another officer's change in."""
    from vision_desk.ui import live_watch

    monkeypatch.setattr(live_watch, "LOOK_EVERY_MS", 3_600_000)


def listening(server_database: str) -> set[int]:
    """The server processes of the desks listening on this database."""
    import psycopg

    from vision_desk.storage import server_notify

    with psycopg.connect(libpq_url(server_database), autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND application_name = %s AND query = %s",
            (server_notify.LISTENER_NAME, server_notify.LISTEN),
        ).fetchall()
    return {int(pid) for (pid,) in rows}


def wait_for_listening(qtbot, server_database: str, found) -> set[int]:  # type: ignore[no-untyped-def]
    """Wait (the window's loop running) until the listening processes satisfy ``found``."""
    for _ in range(200):
        pids = listening(server_database)
        if found(pids):
            return pids
        qtbot.wait(100)
    raise AssertionError(f"the listening processes are still {listening(server_database)}")


def change_as_another_officer(server_database: str, ref: str, status: str) -> None:
    from server_fixtures import make_role

    from vision_desk import app

    url = make_role(server_database, "hinted_officer")
    app.grant_on_server(server_database, "hinted_officer", "officer")
    other = app.open_server_desk(url)
    try:
        other.desk.set_status(ref, status)
    finally:
        other.close()


def test_a_notification_brings_another_officers_change_without_the_poll(  # type: ignore[no-untyped-def]
    slow_poll, officer, window, server_database: str
) -> None:
    officer.go_to("SV-P2")
    wait_for_listening(officer.qtbot, server_database, lambda pids: len(pids) == 1)
    change_as_another_officer(server_database, "SV-C3", "completed")
    officer.qtbot.waitUntil(
        lambda: window.session.rows["SV-C3"].status is Status.COMPLETED, timeout=20_000
    )
    assert "SV-C3 by hinted_officer" in officer.message()
    assert officer.current_ref() == "SV-P2"


def test_a_lost_listening_connection_is_made_again(  # type: ignore[no-untyped-def]
    slow_poll, officer, window, server_database: str, monkeypatch
) -> None:
    import psycopg

    from vision_desk.storage import server_notify

    monkeypatch.setattr(server_notify, "RECONNECT_FIRST_S", 0.05)
    (lost,) = wait_for_listening(officer.qtbot, server_database, lambda pids: len(pids) == 1)
    with psycopg.connect(libpq_url(server_database), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (lost,))
    wait_for_listening(
        officer.qtbot, server_database, lambda pids: len(pids) == 1 and lost not in pids
    )
    change_as_another_officer(server_database, "SV-C4", "advanced")
    officer.qtbot.waitUntil(
        lambda: window.session.rows["SV-C4"].status is Status.ADVANCED, timeout=20_000
    )
    assert not window.live_watch.unreachable  # the poll's reads never failed


def test_a_closed_window_stops_listening(  # type: ignore[no-untyped-def]
    officer, window, server_database: str
) -> None:
    wait_for_listening(officer.qtbot, server_database, lambda pids: len(pids) == 1)
    window.close()
    wait_for_listening(officer.qtbot, server_database, lambda pids: not pids)
