"""Where Vision Desk keeps its files (vision_desk/paths.py), and that only that
module asks appdirs."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest

from vision_desk import paths

PACKAGE = Path(paths.__file__).resolve().parent


def expect_under(resolved: paths.DataPaths, root: Path) -> None:
    assert resolved.root == root
    assert resolved.database == root / "vision-desk.sqlite3"
    assert resolved.backups == root / "backups"
    assert resolved.logs == root / "logs"
    assert resolved.config == root / "config"
    assert resolved.settings_file == root / "config" / "settings.toml"
    assert resolved.folders() == (root, root / "backups", root / "logs", root / "config")


def test_an_explicit_folder_wins_over_the_environment(tmp_path: Path) -> None:
    environ = {paths.DATA_DIR_VARIABLE: str(tmp_path / "from-env")}
    expect_under(paths.resolve(str(tmp_path / "chosen"), environ), tmp_path / "chosen")
    expect_under(paths.resolve(tmp_path / "as-path", environ), tmp_path / "as-path")


def test_a_relative_or_home_folder_becomes_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    expect_under(paths.resolve("data", {}), tmp_path / "data")
    expect_under(paths.resolve("~/desk", {}), tmp_path / "home" / "desk")


def test_the_environment_variable_is_used_without_an_explicit_folder(tmp_path: Path) -> None:
    environ = {paths.DATA_DIR_VARIABLE: str(tmp_path / "from-env")}
    expect_under(paths.resolve(None, environ), tmp_path / "from-env")
    expect_under(paths.resolve("", environ), tmp_path / "from-env")


def test_the_process_environment_is_read_when_none_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.DATA_DIR_VARIABLE, str(tmp_path / "process-env"))
    expect_under(paths.resolve(), tmp_path / "process-env")


@pytest.mark.skipif(os.name != "posix" or os.uname().sysname == "Darwin", reason="XDG layout")
def test_the_default_is_the_platform_folder_named_visiondesk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable, folder in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(variable, str(tmp_path / folder))
    for empty in ({}, {paths.DATA_DIR_VARIABLE: ""}):
        resolved = paths.resolve(None, empty)
        assert resolved.root == tmp_path / "data" / "VisionDesk"
        assert resolved.database == resolved.root / "vision-desk.sqlite3"
        assert resolved.backups == resolved.root / "backups"
        assert resolved.config == tmp_path / "config" / "VisionDesk"
        assert resolved.logs.is_relative_to(tmp_path / "cache" / "VisionDesk")


def test_the_default_folder_ends_with_visiondesk() -> None:
    resolved = paths.resolve(None, {})
    assert resolved.root.name == "VisionDesk"
    assert resolved.root.is_absolute()
    assert "VisionDesk" in resolved.logs.parts and "VisionDesk" in resolved.config.parts


def test_ensure_folders_creates_private_folders(tmp_path: Path) -> None:
    resolved = paths.resolve(tmp_path / "a" / "b", {})
    paths.ensure_folders(resolved)
    paths.ensure_folders(resolved)  # a second start finds them in place
    for folder in resolved.folders():
        assert folder.is_dir()
        if os.name == "posix":
            assert folder.stat().st_mode & 0o777 == 0o700, folder


def test_the_shared_vision_ships_as_a_bundled_agreement() -> None:
    assert [file.name for file in paths.bundled_agreements()] == ["shared-vision.toml"]


def _imports_appdirs(source: Path) -> bool:
    tree = ast.parse(source.read_text(encoding="utf-8"), str(source))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            names = [str(arg.value) for arg in node.args if isinstance(arg, ast.Constant)]
        else:
            continue
        if any(str(name).split(".")[0] == "appdirs" for name in names):
            return True
    return False


def test_only_paths_asks_appdirs() -> None:
    sources = sorted(PACKAGE.rglob("*.py"))
    assert len(sources) > 10
    users = [
        source.relative_to(PACKAGE.parent).as_posix()
        for source in sources
        if _imports_appdirs(source)
    ]
    assert users == ["vision_desk/paths.py"]
    # And by grepping the text, for imports ast does not see (importlib, __import__).
    grep = re.compile(r"^\s*(import|from)\s+appdirs\b|import_module\(\s*[\"']appdirs", re.M)
    found = [
        source.relative_to(PACKAGE.parent).as_posix()
        for source in sources
        if grep.search(source.read_text(encoding="utf-8"))
    ]
    assert found == ["vision_desk/paths.py"]
