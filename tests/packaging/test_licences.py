"""packaging/licence_check.py: what counts as GPL-only, on made-up files and licences
(the bundle test runs the same check on the real bundle)."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "licence_check", REPO / "packaging" / "licence_check.py"
)
assert _spec is not None and _spec.loader is not None
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)


def elf_needing(*names: str) -> bytes:
    """A minimal 64-bit little-endian ELF file whose dynamic section needs ``names``."""
    strings = b"\0" + b"".join(name.encode() + b"\0" for name in names)
    offsets = [strings.index(name.encode() + b"\0") for name in names]
    dynamic = b"".join(struct.pack("<qQ", 1, offset) for offset in offsets)
    dynamic += struct.pack("<qQ", 0, 0)
    strings_at = 64
    dynamic_at = strings_at + len(strings)
    sections_at = dynamic_at + len(dynamic)
    header = bytearray(64)
    header[:6] = b"\x7fELF\x02\x01"
    struct.pack_into("<Q", header, 0x28, sections_at)
    struct.pack_into("<HH", header, 0x3A, 64, 3)
    null = struct.pack("<IIQQQQIIQQ", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    strtab = struct.pack("<IIQQQQIIQQ", 0, 3, 0, 0, strings_at, len(strings), 0, 0, 1, 0)
    dynsec = struct.pack("<IIQQQQIIQQ", 0, 6, 0, 0, dynamic_at, len(dynamic), 1, 0, 8, 16)
    return bytes(header) + strings + dynamic + null + strtab + dynsec


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    folder = tmp_path / "_internal"
    (folder / "python3.11" / "lib-dynload").mkdir(parents=True)
    (folder / "libQt6Core.so.6").write_bytes(elf_needing("libicuuc.so.73", "libc.so.6"))
    (folder / "libtinfo.so.6").write_bytes(elf_needing("libc.so.6"))
    (folder / "base_library.zip").write_bytes(b"PK\x03\x04")
    (folder / "THIRD-PARTY-NOTICES.txt").write_text("GNU GENERAL PUBLIC LICENSE\n")
    return folder


def files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if not path.is_dir())


def test_a_clean_bundle_has_no_findings(bundle: Path) -> None:
    licences = {"SQLAlchemy": "MIT", "PySide6_Essentials": "LGPL-3.0-only OR GPL-3.0-only"}
    assert check.gpl_only_findings(files(bundle), licences) == []


def test_elf_files_are_read_for_what_they_need(bundle: Path) -> None:
    assert check.needed_libraries(bundle / "libQt6Core.so.6") == ["libicuuc.so.73", "libc.so.6"]


def test_gnu_readline_is_found_by_name_and_through_what_needs_it(bundle: Path) -> None:
    dynload = bundle / "python3.11" / "lib-dynload"
    module = dynload / "readline.cpython-311-x86_64-linux-gnu.so"
    module.write_bytes(elf_needing("libreadline.so.8", "libc.so.6"))
    (bundle / "libreadline.so.8").write_bytes(elf_needing("libtinfo.so.6"))
    (bundle / "libgdbm-1a2b3c4d.so.6.0.0").write_bytes(b"")  # a copy auditwheel renamed
    (bundle / "libhistory.so.8").symlink_to("libreadline.so.8")
    findings = check.gpl_only_findings(files(bundle), {})
    assert f"{module}: Python's binding to GNU Readline" in findings
    assert f"{module} needs libreadline.so.8: GNU Readline (GPL-3.0-or-later)" in findings
    assert f"{bundle / 'libreadline.so.8'}: GNU Readline (GPL-3.0-or-later)" in findings
    assert f"{bundle / 'libgdbm-1a2b3c4d.so.6.0.0'}: GNU dbm (GPL-3.0-or-later)" in findings
    assert any(finding.startswith(f"{bundle / 'libhistory.so.8'}:") for finding in findings)
    assert len(findings) == 5


def test_a_library_that_needs_gpl_code_is_found_even_if_the_gpl_library_is_not_bundled(
    bundle: Path,
) -> None:
    (bundle / "_dbm.cpython-311-x86_64-linux-gnu.so").write_bytes(
        elf_needing("libgdbm_compat.so.4", "libgdbm.so.6")
    )
    findings = check.gpl_only_findings(files(bundle), {})
    assert [finding.split(": ", 1)[1] for finding in findings] == [
        "GNU dbm's ndbm interface (GPL-3.0-or-later)",
        "GNU dbm (GPL-3.0-or-later)",
    ]


@pytest.mark.parametrize(
    ("licence", "gpl_only"),
    [
        ("MIT", False),
        ("GPL-3.0-only", True),
        ("GPL-2.0-or-later", True),
        ("AGPL-3.0-or-later", True),
        ("GNU General Public License v2 (GPLv2)", True),
        ("GNU Affero General Public License v3", True),
        ("MIT AND GPL-3.0-only", True),  # both apply
        ("LGPL-3.0-only", False),
        ("LGPL-2.1-or-later", False),
        ("LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only", False),  # PySide6: the LGPL chosen
        ("GPL-2.0-only OR MIT", False),
        ("(GPL-2.0-only OR BSD-3-Clause)", False),
        ("GNU Library or Lesser General Public License (LGPL)", False),  # python-bidi
        (
            "GPLv2-or-later with a special exception which allows to use PyInstaller to "
            "build and distribute non-free programs (including commercial ones)",
            False,
        ),
        ("GPL-3.0-or-later WITH GCC-exception-3.1", False),
        ("GPL-3.0-only OR AGPL-3.0-only", True),
        ("PSF-2.0", False),
        ("not stated", False),
    ],
)
def test_declared_licences(licence: str, gpl_only: bool) -> None:
    assert check.is_gpl_only(licence) is gpl_only


def test_gpl_only_distributions_are_named() -> None:
    findings = check.gpl_only_findings([], {"fake-gpl": "GPL-3.0-only", "fake-mit": "MIT"})
    assert findings == ["the Python distribution fake-gpl: 'GPL-3.0-only' is GPL-only"]


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("libreadline.so.8", "libreadline"),
        ("libreadline.so.8.2", "libreadline"),
        ("libXau-154567c4.so.6.0.0", "libXau"),
        ("libglib-2.0.so.0", "libglib"),
        ("libgdbm_compat.so.4", "libgdbm_compat"),
        ("libpython3.11.so.1.0", "libpython3.11"),
        ("libQt6Core.so.6", "libQt6Core"),
        ("QtCore.abi3.so", None),
        ("README.md", None),
    ],
)
def test_library_stems(name: str, stem: str | None) -> None:
    assert check.library_stem(name) == stem
