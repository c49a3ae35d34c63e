"""The one check every output path passes (``--out`` and the desk's save dialogs):
it never replaces the store, its journals, a backup, a log or the settings, however
the path is spelled; and a path that cannot be written is a sentence before any work.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vision_desk import paths
from vision_desk.errors import UserError
from vision_desk.paths import DataPaths
from vision_desk.services.output_paths import check_output_path, write_output


@pytest.fixture
def places(tmp_path: Path) -> DataPaths:
    """A data folder as a start leaves it: the store, a backup, a log, settings."""
    data_paths = paths.resolve(str(tmp_path / "data"))
    paths.ensure_folders(data_paths)
    data_paths.database.write_bytes(b"SQLite format 3\x00store")
    (data_paths.backups / "vision-desk-20210110-090000-000000-daily.sqlite3").write_bytes(b"b")
    (data_paths.logs / "vision-desk.log").write_text("log\n", encoding="utf-8")
    data_paths.settings_file.write_text('author = "A"\n', encoding="utf-8")
    return data_paths


def refusal(path: Path, places: DataPaths) -> str:
    with pytest.raises(UserError) as caught:
        check_output_path(path, places)
    message = caught.value.message
    assert message.endswith("nothing was written."), message
    assert message.count(". ") == 0 and "\n" not in message, message  # one sentence
    return message


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("vision-desk.sqlite3", "Vision Desk's store"),
        ("vision-desk.sqlite3-wal", "write-ahead log"),
        ("vision-desk.sqlite3-shm", "shared-memory index"),
        ("vision-desk.sqlite3-journal", "rollback journal"),
        # On a case-insensitive disk (macOS, Windows) these are the store itself.
        ("VISION-DESK.SQLITE3", "Vision Desk's store"),
        ("Vision-Desk.sqlite3-WAL", "write-ahead log"),
        # A damaged store set aside is kept, never replaced.
        ("vision-desk-damaged-20210110-090000.sqlite3", "set aside"),
    ],
)
def test_the_store_and_its_own_files_are_refused(places: DataPaths, name: str, said: str) -> None:
    before = places.database.read_bytes()
    message = refusal(places.root / name, places)
    assert said in message and name in message
    assert places.database.read_bytes() == before


@pytest.mark.parametrize(
    ("where", "said"),
    [
        ("backups/vision-desk-20210110-090000-000000-daily.sqlite3", "backups folder"),
        ("backups/memo.pdf", "backups folder"),
        ("backups/nested/memo.pdf", "backups folder"),
        ("logs/vision-desk.log", "log folder"),
        ("logs/export.json", "log folder"),
        ("config/settings.toml", "settings folder"),
    ],
)
def test_vision_desks_folders_are_refused(places: DataPaths, where: str, said: str) -> None:
    if "nested" in where:
        (places.backups / "nested").mkdir()
    assert said in refusal(places.root / where, places)


def test_every_spelling_of_the_store_is_refused(
    places: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = places.database
    # A relative path, from inside the data folder and from beside it.
    monkeypatch.chdir(places.root)
    assert "Vision Desk's store" in refusal(Path("vision-desk.sqlite3"), places)
    assert "Vision Desk's store" in refusal(Path("backups/../vision-desk.sqlite3"), places)
    assert "write-ahead log" in refusal(Path("./vision-desk.sqlite3-wal"), places)
    # A symbolic link to the store, and a folder linked to the data folder.
    link = tmp_path / "innocent.json"
    link.symlink_to(store)
    assert "Vision Desk's store" in refusal(link, places)
    folder_link = tmp_path / "elsewhere"
    folder_link.symlink_to(places.root, target_is_directory=True)
    assert "Vision Desk's store" in refusal(folder_link / "vision-desk.sqlite3", places)
    assert "backups folder" in refusal(folder_link / "backups" / "memo.pdf", places)
    # A link that leads nowhere yet, to where SQLite would put the journal.
    dangling = tmp_path / "journal.json"
    dangling.symlink_to(places.root / "vision-desk.sqlite3-journal")
    assert "rollback journal" in refusal(dangling, places)
    # A hard link: the same file under another name, in another folder.
    hard = tmp_path / "copy.sqlite3"
    os.link(store, hard)
    assert "Vision Desk's store" in refusal(hard, places)
    # ~ is expanded before comparing.
    monkeypatch.setenv("HOME", str(places.root))
    assert "Vision Desk's store" in refusal(Path("~/vision-desk.sqlite3"), places)


def test_a_store_that_is_itself_a_link_is_protected_where_it_really_is(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "kept.sqlite3").write_bytes(b"SQLite format 3\x00")
    data_paths = paths.resolve(str(tmp_path / "data"))
    paths.ensure_folders(data_paths)
    data_paths.database.symlink_to(real / "kept.sqlite3")
    assert "Vision Desk's store" in refusal(real / "kept.sqlite3", data_paths)
    # SQLite keeps the journals beside the real file.
    assert "write-ahead log" in refusal(real / "kept.sqlite3-wal", data_paths)


def test_ordinary_places_are_fine(places: DataPaths, tmp_path: Path) -> None:
    for allowed in (
        places.root / "export.json",  # beside the store, another name
        places.root / "vision-desk-export.json",
        tmp_path / "memo.pdf",
        tmp_path / "vision-desk.sqlite3",  # the store's name, in another folder
    ):
        assert check_output_path(allowed, places) == allowed


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda root: root / "no" / "such" / "memo.pdf", "there is no folder"),
        (lambda root: root, "is a folder"),
        (lambda root: root / "a-file.txt" / "memo.pdf", "is not a folder"),
    ],
)
def test_a_path_that_cannot_be_written_is_a_sentence(
    places: DataPaths, tmp_path: Path, make: object, said: str
) -> None:
    (tmp_path / "a-file.txt").write_text("x", encoding="utf-8")
    target = make(tmp_path)  # type: ignore[operator]
    message = refusal(target, places)
    assert message.startswith(f"Cannot write {target}: ") and said in message


@pytest.mark.skipif(os.name != "posix", reason="a device file")
def test_a_device_is_not_replaced(places: DataPaths) -> None:
    assert "not a regular file" in refusal(Path("/dev/null"), places)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_folder_is_a_sentence(places: DataPaths, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert "not writable" in refusal(folder / "memo.pdf", places)
    finally:
        folder.chmod(0o700)


def test_write_output_checks_before_it_writes(places: DataPaths, tmp_path: Path) -> None:
    before = places.database.read_bytes()
    with pytest.raises(UserError):
        write_output(places.database, b"{}", places)
    assert places.database.read_bytes() == before
    assert sorted(path.name for path in places.root.iterdir()) == sorted(
        ["backups", "config", "logs", "vision-desk.sqlite3"]
    )
    target = tmp_path / "export.json"
    write_output(target, b"{}", places)
    assert target.read_bytes() == b"{}"
