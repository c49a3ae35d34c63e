"""A data folder where SQLite is not safe: a cloud-synced folder (by name) or a
network share (by /proc/mounts). The program warns on standard error and goes on
working."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from vision_desk import paths


def test_the_command_line_warns_about_a_synced_folder_and_still_works(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    folder = tmp_path / "Dropbox" / "vision"
    result = run_cli("note", "SV-C1", "Written in a synced folder.", data=folder)

    assert result.code == 0, result.err
    assert result.out.strip().isdigit()
    (warning,) = result.err.splitlines()
    assert warning.startswith("vision-desk: Warning: the data folder")
    assert str(folder) in warning and "cloud-synced" in warning
    shown = run_cli("show", "SV-C1", data=folder)
    assert shown.code == 0 and "Written in a synced folder." in shown.out


@pytest.mark.parametrize(
    "name",
    ["Dropbox", "Dropbox (Work)", "OneDrive - Ministry", "Google Drive", "iCloud Drive", "MEGA"],
)
def test_synced_folder_names_are_recognised(tmp_path: Path, name: str) -> None:
    warning = paths.risky_folder_warning(tmp_path / name / "data", mounts=tmp_path / "none")
    assert warning is not None and "cloud-synced" in warning


@pytest.mark.parametrize("name", ["megan", "omega", "inbox", "boxes", "drive-letters", "data"])
def test_ordinary_names_are_not_taken_for_synced_folders(tmp_path: Path, name: str) -> None:
    assert paths.risky_folder_warning(tmp_path / name, mounts=tmp_path / "none") is None


def test_a_link_into_a_synced_folder_is_seen_through(tmp_path: Path) -> None:
    target = tmp_path / "Dropbox" / "data"
    target.mkdir(parents=True)
    link = tmp_path / "desk-data"
    link.symlink_to(target)
    assert paths.risky_folder_warning(link, mounts=tmp_path / "none") is not None


def test_a_network_share_in_the_mount_table_is_warned_about(tmp_path: Path) -> None:
    share = tmp_path / "share"
    local = tmp_path / "local"
    for folder in (share / "data", local):
        folder.mkdir(parents=True)
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw,relatime 0 0\n"
        f"server:/export {share} nfs4 rw,vers=4.2 0 0\n"
        f"//server/with\\040space {tmp_path}/with\\040space cifs rw 0 0\n"
    )

    warning = paths.risky_folder_warning(share / "data", mounts=mounts)
    assert warning is not None and "network share (nfs4)" in warning
    assert paths.risky_folder_warning(local, mounts=mounts) is None
    spaced = tmp_path / "with space" / "data"
    spaced.mkdir(parents=True)
    assert "(cifs)" in (paths.risky_folder_warning(spaced, mounts=mounts) or "")
