"""``vision-desk memo`` as a scheduled job would run it."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from pypdf import PdfReader


def _text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_memo_of_the_last_closed_round_and_a_provisional_one(cli: Any, tmp_path: Path) -> None:
    assert cli("round", "open", "January review", "--as-of", "2021-01-10").code == 0
    assert (
        cli("set", "SV-C1", "initiated", "--note", "Heads <b>met</b> on 9 Dec & agreed").code == 0
    )
    closed = cli("round", "close")
    content_hash = closed.out.splitlines()[-1].removeprefix("Content hash: ")
    out = tmp_path / "memo.pdf"
    made = cli(
        "memo",
        "--out",
        str(out),
        "--classification",
        "OFFICIAL-SENSITIVE",
        "--to",
        "Head of Department",
        "--from",
        "Desk Officer",
        "--subject",
        "Shared Vision review",
        "--date",
        "2021-01-12",
    )
    assert made.code == 0, made.err
    assert str(out) in made.out
    text = _text(out)
    assert "OFFICIAL-SENSITIVE" in text and "Head of Department" in text
    assert content_hash[:16] in text.replace("\n", "")
    assert "Heads <b>met</b> on 9 Dec & agreed" in text
    reader = PdfReader(out)
    assert reader.metadata is not None and "Heads" not in str(reader.metadata)

    again = tmp_path / "again.pdf"
    cli(
        "memo",
        "--out",
        str(again),
        "--classification",
        "OFFICIAL-SENSITIVE",
        "--to",
        "Head of Department",
        "--from",
        "Desk Officer",
        "--subject",
        "Shared Vision review",
        "--date",
        "2021-01-12",
    )
    assert again.read_bytes() == out.read_bytes()

    provisional = tmp_path / "provisional.pdf"
    assert cli("memo", "--out", str(provisional), "--as-of", "2021-02-01").code == 0
    assert "provisional" in _text(provisional).lower()


def test_a_path_that_cannot_be_written_is_one_sentence_and_leaves_nothing(
    cli: Any, tmp_path: Path
) -> None:
    target = tmp_path / "no-such-folder" / "memo.pdf"
    result = cli("memo", "--out", str(target))
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    assert not target.parent.exists()
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = cli("memo", "--out", str(folder))
    assert result.code == 1
    assert [path.name for path in folder.iterdir()] == []
