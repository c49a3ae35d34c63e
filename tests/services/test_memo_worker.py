"""The memo worker: the desk's read-only way to the memo. It reads a store that a
desk has open, writes only the memo, and answers with data, never with text on
standard error to be scraped."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from vision_desk.domain.memo import MemoOptions
from vision_desk.errors import StoreError
from vision_desk.services import memo_worker
from vision_desk.services.desk import Desk
from vision_desk.services.memo_worker import MemoRequest, MemoResult, make_memo
from vision_desk.storage.read_only import open_read_only

OPTIONS = MemoOptions(date=dt.date(2021, 1, 10), to="Head of Department", subject="Review")


def _request(data_dir: Path, out: Path, **changes: Any) -> MemoRequest:
    return MemoRequest(str(data_dir), "Test Officer", str(out), OPTIONS, **changes)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def _store_files(database: Path) -> tuple[bytes, bytes]:
    return database.read_bytes(), database.with_name(database.name + "-wal").read_bytes()


def test_the_memo_is_written_from_a_store_the_desk_has_open(
    opened: Any, data_dir: Path, tmp_path: Path
) -> None:
    opened.desk.set_status("SV-C1", "initiated", note="Heads of service met.")
    database = opened.paths.database
    on_file = opened.desk.server is None
    before = _store_files(database) if on_file else None
    out = tmp_path / "memo.pdf"

    request = _request(data_dir, out, as_of=dt.date(2021, 1, 10), server=opened.desk.server)
    result = make_memo(request)

    assert result == MemoResult(True, path=str(out), provisional=True)
    assert out.read_bytes().startswith(b"%PDF-")
    assert "Heads of service met." in pdf_text(out)
    if on_file:
        assert _store_files(database) == before
    # The desk goes on writing while the worker has come and gone.
    opened.desk.set_status("SV-C1", "advanced")


@pytest.mark.parametrize(
    ("place", "said"),
    [
        (lambda data, tmp: data / "backups" / "memo.pdf", "backups folder"),
        (lambda data, tmp: data / "vision-desk.sqlite3-wal", "write-ahead log"),
        (lambda data, tmp: tmp / "no-such-folder" / "memo.pdf", "there is no folder"),
    ],
)
def test_a_refused_place_is_an_answer_of_one_sentence(
    opened: Any, data_dir: Path, tmp_path: Path, place: Any, said: str
) -> None:
    out = place(data_dir, tmp_path)
    there = out.read_bytes() if out.exists() else None
    result = make_memo(_request(data_dir, out))
    assert not result.ok and result.path is None
    assert result.message is not None
    assert said in result.message and result.message.endswith("nothing was written.")
    assert result.message.count(". ") == 0  # one sentence
    assert (out.read_bytes() if out.exists() else None) == there


def test_a_round_still_open_is_an_answer_not_a_crash(
    opened: Any, data_dir: Path, tmp_path: Path
) -> None:
    from vision_desk.services.rounds import Rounds

    round_ = Rounds(opened.desk).open("January", dt.date(2021, 1, 10))
    request = _request(
        data_dir, tmp_path / "memo.pdf", round_id=round_.id, server=opened.desk.server
    )
    result = make_memo(request)
    assert not result.ok and result.message is not None and "still open" in result.message


@pytest.mark.file_only  # the worker reads the officer's file
def test_the_read_only_store_refuses_every_write(opened: Any) -> None:
    database = opened.paths.database
    before = _store_files(database)
    store = open_read_only(database)
    try:
        with pytest.raises(StoreError, match="read-only"):
            Desk(store, "someone").set_status("SV-C2", "initiated")
    finally:
        store.close()
    assert _store_files(database) == before


@pytest.mark.server_only  # the file's read-only store: the test above
def test_a_team_desk_is_read_in_transactions_the_server_keeps_read_only(opened: Any) -> None:
    from vision_desk.storage.server_store import ServerStore

    server = opened.desk.server
    assert server is not None
    store = ServerStore.open(server, read_only=True)
    try:
        with pytest.raises(StoreError, match="read-only"):
            Desk(store, "someone").set_status("SV-C2", "initiated")
    finally:
        store.close()
    assert opened.desk.state("SV-C2").status.value == "not_assessed"


def test_no_store_is_an_error_and_nothing_is_made(tmp_path: Path) -> None:
    database = tmp_path / "vision-desk.sqlite3"
    with pytest.raises(StoreError, match="There is no store"):
        open_read_only(database)
    assert list(tmp_path.iterdir()) == []


def test_the_request_travels_as_json_unchanged(tmp_path: Path) -> None:
    request = _request(tmp_path, tmp_path / "m.pdf", round_id=3, agreement_id="shared-vision")
    assert MemoRequest.from_json(request.to_json()) == request
    dated = _request(tmp_path, tmp_path / "m.pdf", as_of=dt.date(2021, 2, 1))
    assert MemoRequest.from_json(dated.to_json()) == dated


def test_an_answer_cut_short_reads_as_no_memo() -> None:
    for text in ("", "Traceback (most recent call last):", '{"ok": tr'):
        assert MemoResult.from_json(text) == MemoResult(False, message=memo_worker.NO_MEMO)


def test_a_bug_in_the_worker_is_one_sentence_and_its_traceback_goes_to_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def broken(_request: MemoRequest) -> MemoResult:
        raise RuntimeError("a bug")

    monkeypatch.setattr(memo_worker, "make_memo", broken)
    monkeypatch.setattr("sys.stdin", io.StringIO(_request(tmp_path, tmp_path / "m").to_json()))
    assert memo_worker.main() == 1
    out, err = capsys.readouterr()
    assert json.loads(out) == {
        "ok": False,
        "path": None,
        "message": memo_worker.BUG,
        "provisional": False,
    }
    assert "RuntimeError: a bug" in err
