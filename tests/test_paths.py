"""Where Vision Desk keeps its files (vision_desk/paths.py), and that only that
module asks appdirs."""

from __future__ import annotations

import ast
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from vision_desk import paths
from vision_desk.errors import UserError

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
    home = {"HOME": str(tmp_path / "home")}
    expect_under(paths.resolve("data", home), tmp_path / "data")
    expect_under(paths.resolve("~/desk", home), tmp_path / "home" / "desk")


def test_the_environment_variable_is_used_without_an_explicit_folder(tmp_path: Path) -> None:
    environ = {paths.DATA_DIR_VARIABLE: str(tmp_path / "from-env")}
    expect_under(paths.resolve(None, environ), tmp_path / "from-env")
    expect_under(paths.resolve("", environ), tmp_path / "from-env")


def test_the_process_environment_is_read_when_none_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.DATA_DIR_VARIABLE, str(tmp_path / "process-env"))
    expect_under(paths.resolve(), tmp_path / "process-env")


XDG = pytest.mark.skipif(
    os.name != "posix" or sys.platform == "darwin", reason="the XDG layout of Linux and BSD"
)


@XDG
def test_the_default_is_the_platform_folder_named_visiondesk(tmp_path: Path) -> None:
    environ = {
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    for empty in ({}, {paths.DATA_DIR_VARIABLE: ""}):
        resolved = paths.resolve(None, {**environ, **empty})
        assert resolved.root == tmp_path / "data" / "VisionDesk"
        assert resolved.database == resolved.root / "vision-desk.sqlite3"
        assert resolved.backups == resolved.root / "backups"
        assert resolved.config == tmp_path / "config" / "VisionDesk"
        assert resolved.logs.is_relative_to(tmp_path / "cache" / "VisionDesk")


# -- empty, blank and relative environment variables ------------------------------------
# ``export XDG_DATA_HOME=`` in a profile, or a service started with ``HOME=``, must not
# put the store in the current folder (or under "/"): empty and blank mean unset, and
# the XDG base directory spec says a relative path is invalid and to be ignored.

UNSET_LIKE = ["", "   ", "\t"]
RELATIVE = ["relative/folder", "./here", "~/tilde-is-not-expanded-by-the-spec"]
# What the Linux folders hold, as appdirs 1.4.4 named them: existing stores are found.
XDG_FOLDERS = [
    # variable, default under HOME, which resolved folder, its name under the variable
    ("XDG_DATA_HOME", ".local/share", "root", "VisionDesk"),
    ("XDG_CONFIG_HOME", ".config", "config", "VisionDesk"),
    ("XDG_CACHE_HOME", ".cache", "logs", "VisionDesk/log"),
]
VARIABLES = ["HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", paths.DATA_DIR_VARIABLE]


SetEnvironment = Callable[[dict[str, str]], dict[str, str]]


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> SetEnvironment:
    """Sets the process environment to exactly these variables (of those paths reads),
    and returns the same as a mapping: both ways of asking must agree."""

    def set_to(values: dict[str, str]) -> dict[str, str]:
        for name in VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        return dict(values)

    return set_to


def both_ways(environ: dict[str, str]) -> paths.DataPaths:
    from_mapping = paths.resolve(None, environ)
    assert paths.resolve() == from_mapping, "the process environment and the mapping disagree"
    return from_mapping


def account_home() -> Path:
    import pwd

    return Path(pwd.getpwuid(os.getuid()).pw_dir)


@XDG
@pytest.mark.parametrize(("variable", "default", "folder", "name"), XDG_FOLDERS)
@pytest.mark.parametrize("value", UNSET_LIKE + RELATIVE)
def test_an_empty_blank_or_relative_xdg_folder_is_ignored(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    environment: SetEnvironment,
    variable: str,
    default: str,
    folder: str,
    name: str,
    value: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    home = tmp_path / "home"
    resolved = both_ways(environment({"HOME": str(home), variable: value}))
    assert getattr(resolved, folder) == home / default / name
    assert not resolved.chosen


@XDG
@pytest.mark.parametrize(("variable", "default", "folder", "name"), XDG_FOLDERS)
def test_an_absolute_xdg_folder_is_honoured(
    tmp_path: Path, environment: SetEnvironment, variable: str, default: str, folder: str, name: str
) -> None:
    chosen = tmp_path / "chosen by the variable"
    environ = environment({"HOME": str(tmp_path / "home"), variable: str(chosen)})
    assert getattr(both_ways(environ), folder) == chosen / name


@XDG
def test_the_default_folders_keep_their_names(tmp_path: Path, environment: SetEnvironment) -> None:
    home = tmp_path / "home"
    resolved = both_ways(environment({"HOME": str(home)}))
    assert resolved.root == home / ".local" / "share" / "VisionDesk"
    assert resolved.database == resolved.root / "vision-desk.sqlite3"
    assert resolved.backups == resolved.root / "backups"
    assert resolved.logs == home / ".cache" / "VisionDesk" / "log"
    assert resolved.config == home / ".config" / "VisionDesk"


@XDG
@pytest.mark.parametrize("value", [None, *UNSET_LIKE, "relative/home"])
def test_without_a_usable_home_the_account_home_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, environment: SetEnvironment, value: str | None
) -> None:
    monkeypatch.chdir(tmp_path)
    environ = environment({} if value is None else {"HOME": value})
    resolved = both_ways(environ)
    home = account_home()
    assert resolved.root == home / ".local" / "share" / "VisionDesk"
    assert resolved.logs == home / ".cache" / "VisionDesk" / "log"
    assert resolved.config == home / ".config" / "VisionDesk"
    # A chosen folder under "~" finds the same home.
    expect_under(paths.resolve("~/desk", environ), home / "desk")


@XDG
def test_a_set_home_is_honoured(tmp_path: Path, environment: SetEnvironment) -> None:
    environ = environment({"HOME": str(tmp_path / "home")})
    assert both_ways(environ).root == tmp_path / "home" / ".local" / "share" / "VisionDesk"
    expect_under(paths.resolve("~/desk", environ), tmp_path / "home" / "desk")


@pytest.mark.skipif(os.name != "posix", reason="the password database")
def test_no_home_at_all_is_an_error_not_the_root_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    import pwd

    def no_entry(uid: int) -> object:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    for environ in ({}, {"HOME": ""}):
        with pytest.raises(UserError, match="--data-dir"):
            paths.resolve(None, environ)
        with pytest.raises(UserError, match="--data-dir"):
            paths.resolve("~/desk", environ)
    # A folder given outright, or an XDG folder for each of the three, needs no home.
    expect_under(paths.resolve("/srv/desk", {}), Path("/srv/desk"))
    if sys.platform != "darwin":
        xdg = {
            name: f"/srv/{name}" for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")
        }
        assert paths.resolve(None, xdg).root == Path("/srv/XDG_DATA_HOME/VisionDesk")


@pytest.mark.parametrize("value", UNSET_LIKE)
def test_an_empty_or_blank_data_dir_variable_is_unset(
    tmp_path: Path, environment: SetEnvironment, value: str
) -> None:
    home = {"HOME": str(tmp_path / "home")}
    expected = paths.resolve(None, home)
    resolved = both_ways(environment({**home, paths.DATA_DIR_VARIABLE: value}))
    assert resolved == expected
    assert not resolved.chosen


def test_a_set_data_dir_variable_is_honoured(tmp_path: Path, environment: SetEnvironment) -> None:
    environ = {"HOME": str(tmp_path / "home"), paths.DATA_DIR_VARIABLE: str(tmp_path / "desk")}
    resolved = both_ways(environment(environ))
    expect_under(resolved, tmp_path / "desk")
    assert resolved.chosen


@pytest.mark.skipif(os.name != "posix", reason="macOS's folders, computed on any POSIX")
@pytest.mark.parametrize("value", [None, *UNSET_LIKE])
def test_macos_folders_come_from_a_usable_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    home = tmp_path / "home" if value is None else account_home()
    resolved = paths.resolve(None, {"HOME": str(home) if value is None else value})
    support = home / "Library" / "Application Support" / "VisionDesk"
    assert resolved.root == support
    assert resolved.config == support
    assert resolved.logs == home / "Library" / "Logs" / "VisionDesk"


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
