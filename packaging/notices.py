"""The bundle's THIRD-PARTY-NOTICES.txt: what PyInstaller collected, attributed.

Imported by vision-desk.spec after the analysis and the trimming. Every collected
file is attributed to whoever licenses it:

- a file an installed Python distribution's RECORD lists: that distribution (its
  licence and texts come from ``vision_desk.licences``, with the dependency closure);
- a file of the Python installation (the standard library, libpython): CPython;
- a file of the checkout: Vision Desk itself (LICENSE; the fonts' OFL);
- a shared library from the system (``/lib``, ``/usr/lib``): the Debian package that
  installed it, with its ``/usr/share/doc/PACKAGE/copyright`` and the common licences
  that file refers to.

Anything else stops the build: the bundle would carry something whose licence it
does not state.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
import subprocess
import sys
import sysconfig
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Importable from the spec, which puts the checkout first on sys.path.
from vision_desk.licences import (
    LicenceText,
    LicenceTextMissingError,
    Section,
    generate_notices,
    referenced_common_licences,
)

BUNDLER = "pyinstaller"  # its bootloader is the bundle's executable; its run-time hooks ship
DEBIAN_DOCS = Path("/usr/share/doc")
DEBIAN_KIND = "Debian package (shared libraries copied into the bundle from the build machine)"

# A copyright file covers a whole source package; the library is often one part of it.
DEBIAN_NOTE = (
    "The licence named above is that of the copyright file's 'Files: *' paragraph, the "
    "package's main one; the library's own part may be under another licence the file "
    "names (util-linux's libuuid is BSD-3-Clause, e2fsprogs' com_err MIT-style)."
)

Run = Callable[[Sequence[str]], str]


@dataclass
class Attribution:
    distributions: set[str] = field(default_factory=set)  # Python distributions' names
    python: list[Path] = field(default_factory=list)  # CPython's own files
    project: list[Path] = field(default_factory=list)  # the checkout's
    system_libraries: list[Path] = field(default_factory=list)
    unknown: list[Path] = field(default_factory=list)


def attribute(sources: Iterable[Path], checkout: Path) -> Attribution:
    """Who licenses each collected file (see the module's docstring)."""
    owners = _distribution_files()
    python_folders = {
        Path(
            sysconfig.get_paths(vars={"base": sys.base_prefix, "platbase": sys.base_exec_prefix})[
                key
            ]
        )
        for key in ("stdlib", "platstdlib")
    }
    checkout = checkout.resolve()
    found = Attribution()
    for source in sources:
        if not source.is_absolute():
            continue  # a link inside the bundle: its target is attributed
        resolved = source.resolve()
        owner = owners.get(resolved)
        if owner is not None:
            found.distributions.add(owner)
        elif resolved.is_relative_to(checkout):
            found.project.append(source)
        elif resolved.name.startswith("libpython") or any(
            resolved.is_relative_to(folder.resolve()) for folder in python_folders
        ):
            found.python.append(source)
        elif _is_shared_library(resolved.name):
            found.system_libraries.append(source)
        else:
            found.unknown.append(source)
    return found


def bundle_notices(sources: Iterable[Path], checkout: Path, run: Run | None = None) -> str:
    """The notices for a bundle made of ``sources``; strict: whatever cannot be
    attributed, or has no licence text here, stops the build with the reason."""
    found = attribute(sources, checkout)
    if found.unknown:
        listed = ", ".join(str(path) for path in found.unknown[:10])
        raise LicenceTextMissingError(
            f"The bundle would carry files of unknown origin, so of unknown licence: {listed}."
        )
    return generate_notices(
        also=sorted(found.distributions | {BUNDLER}),
        extra_sections=debian_sections(found.system_libraries, run or _run),
        project_licence=checkout / "LICENSE",
        fonts_licence=checkout / "vision_desk" / "resources" / "fonts" / "OFL.txt",
        strict=True,
    )


def debian_sections(libraries: Sequence[Path], run: Run) -> list[Section]:
    """One section per Debian package the libraries came from, with its copyright file."""
    if not libraries:
        return []
    packages = debian_packages(libraries, run)
    sections = []
    for package in sorted(packages):
        name = package.split(":", 1)[0]
        copyright_file = DEBIAN_DOCS / name / "copyright"
        try:
            text = copyright_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            raise LicenceTextMissingError(
                f"The Debian package {package} has no {copyright_file}: reinstall it "
                "(apt-get install --reinstall) so that its licence can ship."
            ) from None
        version = run(["dpkg-query", "--show", "--showformat=${Version}", package]).strip()
        files = ", ".join(sorted(packages[package]))
        sections.append(
            Section(
                f"{name} {version}".strip(),
                DEBIAN_KIND,
                _debian_licences(text),
                (LicenceText(str(copyright_file), text),),
                note=DEBIAN_NOTE,
                fields=(("Files", files),),
                refers_to=tuple(referenced_common_licences(text)),
            )
        )
    return sections


def debian_packages(libraries: Sequence[Path], run: Run) -> dict[str, set[str]]:
    """The package that installed each library, by ``dpkg-query --search``, trying
    the path both with and without /usr (merged /usr: /lib is /usr/lib)."""
    candidates: dict[str, Path] = {}
    for library in libraries:
        for path in {library, library.resolve()}:
            text = str(path)
            other = text.removeprefix("/usr") if text.startswith("/usr/") else "/usr" + text
            candidates[text] = candidates[other] = library
    try:
        answer = run(["dpkg-query", "--search", *sorted(candidates)])
    except FileNotFoundError:
        raise LicenceTextMissingError(
            "Cannot tell which packages the bundled system libraries come from: dpkg-query "
            "is missing (build on Debian or Ubuntu)."
        ) from None
    owners: dict[str, set[str]] = {}
    attributed: set[Path] = set()
    for line in answer.splitlines():
        packages, _, path = line.rpartition(": ")
        library = candidates.get(path.strip())
        if library is None or not packages or "diversion" in packages:
            continue
        package = packages.split(",")[0].strip()
        owners.setdefault(package, set()).add(library.name)
        attributed.add(library)
    unattributed = [str(library) for library in libraries if library not in attributed]
    if unattributed:
        raise LicenceTextMissingError(
            "No Debian package owns these libraries, so their licences are unknown: "
            f"{', '.join(unattributed)}."
        )
    return owners


def _debian_licences(text: str) -> str:
    """The licence of a machine-readable copyright file's ``Files: *`` paragraph: the
    package's own (other paragraphs are parts of it, or Debian's packaging)."""
    for paragraph in re.split(r"\n[ \t]*\n", text):
        if re.search(r"^Files:[ \t]*\*[ \t]*$", paragraph, re.MULTILINE):
            match = re.search(r"^License:[ \t]*(\S[^\n]*)$", paragraph, re.MULTILINE)
            if match:
                return match.group(1).strip()
    return "see the copyright file below"


def _distribution_files() -> dict[Path, str]:
    owners: dict[Path, str] = {}
    for distribution in metadata.distributions():
        name = distribution.metadata["Name"]
        for file in distribution.files or []:
            owners.setdefault(Path(str(distribution.locate_file(file))).resolve(), name)
    return owners


def _is_shared_library(name: str) -> bool:
    return re.search(r"\.so(\.\d+)*$|\.dylib$|\.dll$", name) is not None


def _run(command: Sequence[str]) -> str:
    # dpkg-query --search exits 1 when one of several paths is unknown; the rest is
    # still answered, and what stays unattributed is reported by the caller.
    return subprocess.run(list(command), capture_output=True, text=True, check=False).stdout
