"""Who is working: the officer's name in the settings file, written without losing
anything else there, and read back by the desk and the command line alike."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from vision_desk import paths
from vision_desk.errors import UserError
from vision_desk.settings import (
    AUTHOR_VARIABLE,
    account_full_name,
    author_is_set,
    configured_author,
    save_author,
)


@pytest.fixture
def data_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> paths.DataPaths:
    monkeypatch.delenv(AUTHOR_VARIABLE, raising=False)
    found = paths.resolve(str(tmp_path / "data"))
    paths.ensure_folders(found)
    return found


SETTINGS = """# my desk
[keys]
"note.new" = "a"   # a comment kept
"""


@pytest.mark.parametrize(
    "name", ["A. Rahimi", 'O\'Brien "the elder"', "back\\slash", "عبدالله رحیمی", "  Spaced  "]
)
def test_a_name_is_written_and_read_back_exactly(data_paths: paths.DataPaths, name: str) -> None:
    data_paths.settings_file.write_text(SETTINGS, encoding="utf-8")
    assert not author_is_set(data_paths)
    save_author(data_paths, name)
    assert author_is_set(data_paths)
    assert configured_author(data_paths) == name.strip()
    text = data_paths.settings_file.read_text(encoding="utf-8")
    assert '"note.new" = "a"   # a comment kept' in text and "# my desk" in text
    assert tomllib.loads(text)["keys"] == {"note.new": "a"}


def test_a_second_name_replaces_the_first(data_paths: paths.DataPaths) -> None:
    save_author(data_paths, "First Officer")
    save_author(data_paths, "Second Officer")
    text = data_paths.settings_file.read_text(encoding="utf-8")
    assert text.count("author =") == 1
    assert configured_author(data_paths) == "Second Officer"


@pytest.mark.parametrize("name", ["", "   ", "two\nlines", "bell\x07", "x" * 201])
def test_a_name_that_cannot_sign_is_refused_and_nothing_written(
    data_paths: paths.DataPaths, name: str
) -> None:
    with pytest.raises(UserError):
        save_author(data_paths, name)
    assert not data_paths.settings_file.exists()


def test_a_broken_settings_file_is_left_as_it_was(data_paths: paths.DataPaths) -> None:
    data_paths.settings_file.write_text("author = \n[keys\n", encoding="utf-8")
    with pytest.raises(UserError, match="not valid TOML"):
        save_author(data_paths, "A. Rahimi")
    assert data_paths.settings_file.read_text(encoding="utf-8") == "author = \n[keys\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_folder_is_a_sentence_and_the_old_file_stays(
    data_paths: paths.DataPaths,
) -> None:
    data_paths.settings_file.write_text('author = "Old"\n', encoding="utf-8")
    data_paths.config.chmod(0o500)
    try:
        with pytest.raises(UserError, match="could not be saved"):
            save_author(data_paths, "New")
    finally:
        data_paths.config.chmod(0o700)
    assert configured_author(data_paths) == "Old"
    assert list(data_paths.config.glob("*.partial")) == []


def test_the_environment_counts_as_said(
    data_paths: paths.DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(AUTHOR_VARIABLE, "From The Environment")
    assert author_is_set(data_paths)


def test_the_account_proposes_a_name() -> None:
    assert account_full_name().strip()


def test_opening_without_a_name_asks_for_one(data_paths: paths.DataPaths) -> None:
    from vision_desk import app

    opened = app.open_desk(str(data_paths.root))
    try:
        assert opened.name_unknown
    finally:
        opened.close()
    given = app.open_desk(str(data_paths.root), author="Given Officer")
    try:
        assert not given.name_unknown and given.desk.author == "Given Officer"
    finally:
        given.close()
    save_author(data_paths, "Saved Officer")
    saved = app.open_desk(str(data_paths.root))
    try:
        assert not saved.name_unknown and saved.desk.author == "Saved Officer"
    finally:
        saved.close()
