"""An output path never replaces the store, its journals, a backup or a log
(reliability.md, "Beyond crashes"): ``export --out`` and ``memo --out`` aimed at
them are refused with one sentence, and the store, with the last note, lives on.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from reliability_support import DATABASE_NAME, Run, child_environment, dump, one_sentence


def test_export_and_memo_never_replace_the_store_or_its_files(
    run_cli: Callable[..., Run], data_dir: Path, tmp_path: Path
) -> None:
    noted = run_cli("note", "SV-C1", "The last words of the day.")
    assert noted.code == 0, noted.err
    store = data_dir / DATABASE_NAME
    backups = sorted((data_dir / "backups").iterdir())
    before = dump(store)
    hard_link = tmp_path / "looks-like-an-export.json"
    os.link(store, hard_link)

    for args, said in [
        (("export", "--format", "json", "--out", str(store)), "Vision Desk's store"),
        (("export", "--format", "csv", "--out", str(hard_link)), "Vision Desk's store"),
        (("memo", "--out", f"{store}-wal"), "write-ahead log"),
        (("memo", "--out", f"{store}-journal"), "rollback journal"),
        (("export", "--format", "json", "--out", str(backups[0])), "backups folder"),
        (("memo", "--out", str(data_dir / "logs" / "vision-desk.log")), "log folder"),
    ]:
        one_sentence(run_cli(*args), said, "nothing was written")

    # Relative to where the command runs, from inside the data folder.
    relative = subprocess.run(
        [sys.executable, "-m", "vision_desk", "--data-dir", ".", "memo", "--out", DATABASE_NAME],
        capture_output=True,
        env=child_environment(tmp_path),
        cwd=data_dir,
        timeout=120,
        check=False,
    )
    one_sentence(
        Run(relative.returncode, relative.stdout.decode(), relative.stderr.decode()),
        "Vision Desk's store",
    )

    assert dump(store) == before
    assert not (data_dir / f"{DATABASE_NAME}-journal").exists()
    assert sorted((data_dir / "backups").iterdir()) == backups
    shown = run_cli("show", "SV-C1")
    assert shown.code == 0, shown.err
    assert "The last words of the day." in shown.out
