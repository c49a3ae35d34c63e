"""The desk's single-instance lock (issue 12, items 8 and 11): private like every
file Vision Desk makes, and a lock that cannot be written (a full disk) is said
to be that, not taken for another desk already open on the store."""

from __future__ import annotations

import os
import signal
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from vision_desk import paths
from vision_desk.errors import UserError
from vision_desk.ui.single_instance import SingleInstance

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and limits")


@pytest.fixture
def data_paths(data_dir: Path) -> paths.DataPaths:
    resolved = paths.resolve(str(data_dir))
    paths.ensure_folders(resolved)
    return resolved


@contextmanager
def umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


@contextmanager
def full_disk() -> Iterator[None]:
    """No file may grow past zero bytes (RLIMIT_FSIZE, SIGXFSZ ignored): a write
    fails with EFBIG, as on a full disk with ENOSPC. Kept around the one call, since
    the test's own output could not be written either."""
    import resource  # POSIX only

    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)


@posix_only
def test_the_lock_file_is_private_whatever_the_umask(qapp, data_paths) -> None:  # type: ignore[no-untyped-def]
    instance = SingleInstance(data_paths)
    with umask(0o022):
        assert instance.acquire()
        assert os.umask(0o022) == 0o022, "the process's umask is left as it was"
    try:
        lock = data_paths.config / "desk.lock"
        assert oct(stat.S_IMODE(lock.stat().st_mode)) == oct(0o600)
    finally:
        instance.release()


@posix_only
def test_a_lock_that_cannot_be_written_is_a_full_disk_not_another_desk(qapp, data_paths) -> None:  # type: ignore[no-untyped-def]
    instance = SingleInstance(data_paths)
    with full_disk(), pytest.raises(UserError) as raised:
        instance.acquire()
    message = raised.value.message
    assert message.startswith(f"The disk holding {data_paths.config} is full"), message
    assert message.endswith(".") and message.count(". ") == 0, "one sentence"
    assert "already open" not in message
    assert not (data_paths.config / "desk.lock").exists()


def test_the_desk_says_so_and_exits(qapp, data_paths, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from vision_desk.ui import app as ui_app

    sentence = f"The disk holding {data_paths.config} is full, so Vision Desk cannot start; free some space and try again."

    def cannot_write(_self: SingleInstance) -> bool:
        raise UserError(sentence)

    shown: list[str] = []
    monkeypatch.setattr(SingleInstance, "acquire", cannot_write)
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)

    code = ui_app.run_desk(
        data_paths, lambda _check_pages: pytest.fail("the store must not be opened")
    )

    assert code == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"vision-desk: {sentence}\n"
    assert shown == [sentence]
