"""Licence texts taken from the machine, where what ships carries none of its own.

PySide6's and shiboken6's wheels name their licence ("LGPL-3.0-only OR GPL-2.0-only
OR GPL-3.0-only") without its text, and carry ICU's libraries without ICU's licence;
CPython's licence is a file of the Python installation. On Debian these are:

- the GNU licences: ``/usr/share/common-licenses`` (package base-files, always there);
- ICU's licence as upstream wrote it: ``/usr/share/icu/<version>/LICENSE`` (libicu-dev);
- CPython's: ``LICENSE.txt`` in the standard library's folder (libpython3.X-stdlib).

Building the bundle asks for them strictly: a missing file stops the build with the
name of the package to install. Another system can put the files in the folder named
by ``VISION_DESK_LICENCE_TEXTS`` (``LGPL-3``, ``GPL-3``, ``ICU``, ``Python``).
At run time (the About box of a pip install) a missing text is said, not fatal.
"""

from __future__ import annotations

import os
import re
import sys
import sysconfig
from collections.abc import Sequence
from pathlib import Path

from vision_desk.errors import UserError
from vision_desk.licences.distributions import LicenceText

COMMON_LICENCES = Path("/usr/share/common-licenses")
ICU_FOLDER = Path("/usr/share/icu")
TEXTS_FOLDER_VARIABLE = "VISION_DESK_LICENCE_TEXTS"
_REFERENCE = re.compile(r"/usr/share/common-licenses/([A-Za-z0-9][A-Za-z0-9.+_-]*[A-Za-z0-9+])")


class LicenceTextMissingError(UserError):
    """A licence text the notices must carry is not on this machine."""


def common_licence(name: str, strict: bool) -> LicenceText | None:
    """One of Debian's common licence texts, by its file name (``LGPL-3``, ``GPL-2``)."""
    return _first_text(name, [COMMON_LICENCES / name], "base-files", strict)


def icu_licence(strict: bool) -> LicenceText | None:
    """ICU's upstream LICENSE (with its data's third-party notices), newest version."""
    candidates = sorted(
        ICU_FOLDER.glob("*/LICENSE"),
        key=lambda path: _version_key(path.parent.name),
        reverse=True,
    )
    return _first_text(
        "ICU", candidates or [ICU_FOLDER / "VERSION" / "LICENSE"], "libicu-dev", strict
    )


def python_licence(strict: bool) -> LicenceText | None:
    """The running CPython's LICENSE.txt."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    return _first_text("Python", [stdlib / "LICENSE.txt"], f"libpython{version}-stdlib", strict)


def canonical_common_licence(name: str) -> str:
    """Debian's names that are links to a version (``GPL`` -> ``GPL-3``) as that
    version, so that one text is not shipped twice."""
    path = COMMON_LICENCES / name
    return path.resolve().name if path.is_symlink() and path.resolve().is_file() else name


def referenced_common_licences(text: str) -> list[str]:
    """The common licences a Debian copyright file sends its reader to
    ("the complete text ... can be found in /usr/share/common-licenses/LGPL-2.1"):
    a reader of the bundle is not on that machine, so the texts must come along."""
    return sorted(set(_REFERENCE.findall(text)))


def _first_text(
    name: str, candidates: Sequence[Path], package: str, strict: bool
) -> LicenceText | None:
    override = os.environ.get(TEXTS_FOLDER_VARIABLE)
    places = ([Path(override) / name] if override else []) + list(candidates)
    for path in places:
        try:
            return LicenceText(str(path), path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    if strict:
        raise LicenceTextMissingError(
            f"The licence text '{name}' is needed for the notices, and {places[-1]} is "
            f"missing: install the Debian package {package} (on another system, put the "
            f"text in the file {name} of a folder named by {TEXTS_FOLDER_VARIABLE})."
        )
    return None


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text))
