"""The notices of what Vision Desk ships, generated from what is installed.

``generate_notices`` walks the ``vision-desk`` distribution's dependency closure and
writes, for each distribution, its name, version, declared licence and the texts of
its licence files, followed by the parts it carries under licences whose texts it
lacks (``carried``: PyICU and ICU 77 in pyicu-wheels); then Qt (with how to replace
it), Qt's ICU, CPython and the Noto fonts; then whatever the caller adds (the bundle
adds PyInstaller's bootloader and the system libraries it copied); then the common
licence texts all of them rely on.
"""

from __future__ import annotations

import importlib.metadata as metadata
import platform
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from vision_desk import __version__
from vision_desk.licences.carried import carried_note, carried_sections
from vision_desk.licences.distributions import (
    LicenceText,
    dependency_closure,
    licence_classifiers,
    licence_of,
    licence_texts,
    name_of,
)
from vision_desk.licences.document import LICENCE_TEXT, PYTHON_DISTRIBUTION, Section, render
from vision_desk.licences.requirements import canonical_name
from vision_desk.licences.system import (
    LicenceTextMissingError,
    canonical_common_licence,
    common_licence,
    icu_licence,
    python_licence,
)

ROOT_DISTRIBUTION = "vision-desk"
NOTICES_NAME = "THIRD-PARTY-NOTICES.txt"
# Qt for Python: its wheels declare the licence and carry no text of it.
QT_DISTRIBUTIONS = ("pyside6-essentials", "pyside6", "pyside6-addons", "shiboken6")
QT_TEXTS = ("LGPL-3", "GPL-3")  # the LGPL is a set of permissions added to the GPL
_ICU_LIBRARY = re.compile(r"(?:lib)?icuuc\.so\.(\d+)$|icuuc(\d+)\.dll$", re.IGNORECASE)

PREAMBLE = """\
Vision Desk {version}: third-party notices

Vision Desk is free software under the MIT licence (its text is in the file
LICENSE, and first below). It ships with, or runs on, the software listed here:
each part with its version, its licence as it declares it, and its licence texts.
The GNU licences and the other texts several parts share are at the end, under
"{shared}".

This file is generated from the installed Python distributions and the licence
files of the machine that built it (vision_desk.licences); it is not written by hand.
"""

QT_NOTICE = """\
Qt for Python (PySide6 and shiboken6) and the Qt libraries it carries are used
under the GNU Lesser General Public License version 3 (the texts of the LGPL and of
the GNU GPL version 3 it supplements are at the end, under "{shared}").
Vision Desk loads them as shared libraries and does not modify them.

You may replace them with versions you have built or modified. In the Vision Desk
bundle, a one-folder bundle, they are ordinary files in the _internal folder beside
the vision-desk program:

  _internal/PySide6/Qt/lib/      the Qt libraries (libQt6Core.so.6, libQt6Gui.so.6,
                                 libQt6Widgets.so.6, ...) and ICU's
  _internal/PySide6/Qt/plugins/  Qt's plugins (platforms, input methods, ...)
  _internal/PySide6/             PySide6's modules (QtCore.abi3.so, ...) and
                                 libpyside6.abi3.so
  _internal/shiboken6/           shiboken6 (Shiboken.abi3.so, libshiboken6.abi3.so)

(the libQt6*.so.6 names at the top of _internal are links into PySide6/Qt/lib; on
Windows the libraries are the Qt6*.dll files in _internal/PySide6). Put in their
place a build of the same Qt and PySide6 version, or of a later compatible one, and
Vision Desk uses it from its next start. Installed with pip, they are the
PySide6-Essentials and shiboken6 packages of the Python environment, replaced the
same way or with pip.

The source code of Qt and of Qt for Python is available from the Qt Project:
https://download.qt.io/official_releases/qt/ and
https://download.qt.io/official_releases/QtForPython/ (version {version}). Qt
includes third-party components under their own licences, listed at
https://doc.qt.io/qt-6/licenses-used-in-qt.html; ICU's follows. Vision Desk's own
source code is available under the MIT licence{source}."""

SHARED_TITLE = "Licence texts"


def generate_notices(
    *,
    also: Iterable[str] = (),
    extra_sections: Sequence[Section] = (),
    project_licence: Path | None = None,
    fonts_licence: Path | None = None,
    strict: bool = False,
) -> str:
    """The notices, as text. ``also`` names distributions shipped beside the closure
    (a bundler's run-time parts). ``strict``: a text that cannot be found is an error
    (building a bundle) rather than a line saying so (an About box)."""
    closure = dependency_closure(ROOT_DISTRIBUTION, also)
    if strict and closure.missing:
        raise LicenceTextMissingError(
            f"Required but not installed, so its licence cannot be shipped: "
            f"{', '.join(closure.missing)}."
        )
    by_name = {canonical_name(name_of(item)): item for item in closure.distributions}
    root = by_name.pop(canonical_name(ROOT_DISTRIBUTION), None)
    sections = [_vision_desk(root, project_licence, strict)]
    sections += _qt(by_name, strict)
    for item in by_name.values():
        sections.append(_distribution(item, strict, note=carried_note(item)))
        sections += carried_sections(item, strict)
    sections += [_python(strict), _fonts(fonts_licence, strict)]
    sections += extra_sections
    sections += _shared_texts(sections, strict)
    preamble = PREAMBLE.format(version=__version__, shared=SHARED_TITLE)
    if root is None:
        preamble += (
            "\nvision-desk is not installed as a distribution where this was generated: "
            "its dependencies could not be listed.\n"
        )
    return render(preamble, sections)


def _vision_desk(
    root: metadata.Distribution | None, project_licence: Path | None, strict: bool
) -> Section:
    texts: list[LicenceText] = []
    if project_licence is not None:
        text = _read(project_licence, "the project's LICENSE", strict)
        texts += [text] if text else []
    elif root is not None:
        texts = [text for text in licence_texts(root) if Path(text.title).name == "LICENSE"]
    licence = licence_of(root) if root is not None else "MIT"
    return Section(f"Vision Desk {__version__}", "Program", licence, tuple(texts))


def _qt(by_name: dict[str, metadata.Distribution], strict: bool) -> list[Section]:
    """Qt with the LGPL's notice, PySide6 and shiboken6, and ICU where Qt carries it."""
    present = [by_name.pop(name) for name in QT_DISTRIBUTIONS if name in by_name]
    if not present:
        return []
    first = present[0]
    version = first.version
    sources = [
        value.split(",", 1)[1].strip()
        for value in _root_urls()
        if value.split(",", 1)[0].strip().lower() == "source"
    ]
    notice = QT_NOTICE.format(
        shared=SHARED_TITLE,
        version=version,
        source=f", at {sources[0]}" if sources else "",
    )
    sections = [
        Section(
            f"Qt {version}",
            f"Library (in the {name_of(first)} wheel)",
            licence_of(first),
            note=notice,
            refers_to=QT_TEXTS,
        )
    ]
    for item in present:
        sections.append(
            _distribution(item, strict, note=f'Its licence texts: see "Qt {version}" above.')
        )
    icu = _icu_version(present)
    if icu is not None:
        text = icu_licence(strict)
        sections.append(
            Section(
                f"ICU {icu}",
                f"Library (libicu*.{icu}, in the {name_of(first)} wheel)",
                "Unicode-DFS-2016 AND ICU",
                (text,) if text else (),
                note=""
                if text
                else _missing("ICU's LICENSE", "https://github.com/unicode-org/icu"),
            )
        )
    return sections


def _distribution(item: metadata.Distribution, strict: bool, note: str = "") -> Section:
    name = name_of(item)
    texts = tuple(licence_texts(item))
    qt = canonical_name(name) in QT_DISTRIBUTIONS
    if not texts and not qt and strict:
        raise LicenceTextMissingError(
            f"The distribution {name} {item.version} carries no licence text; say where "
            "its text comes from in vision_desk/licences before shipping it."
        )
    fields = [("Name", name), ("Version", item.version)]
    classifiers = licence_classifiers(item)
    if classifiers and licence_of(item) != " OR ".join(classifiers):
        fields.append(("Classifiers", "; ".join(classifiers)))
    return Section(
        f"{name} {item.version}",
        PYTHON_DISTRIBUTION,
        licence_of(item),
        texts,
        note=note,
        fields=tuple(fields),
        refers_to=QT_TEXTS if qt else (),
    )


def _python(strict: bool) -> Section:
    text = python_licence(strict)
    return Section(
        f"Python {platform.python_version()}",
        "Program (the interpreter and its standard library)",
        "PSF-2.0",
        (text,) if text else (),
        note=""
        if text
        else _missing("CPython's LICENSE.txt", "https://docs.python.org/3/license.html"),
    )


def _fonts(fonts_licence: Path | None, strict: bool) -> Section:
    if fonts_licence is None:
        from vision_desk.paths import resources_dir

        fonts_licence = resources_dir() / "fonts" / "OFL.txt"
    text = _read(fonts_licence, "the fonts' OFL.txt", strict)
    return Section(
        "Noto Sans and Noto Naskh Arabic",
        "Fonts (vision_desk/resources/fonts)",
        "OFL-1.1",
        (text,) if text else (),
        note="© Google; taken from Debian's fonts-noto-core package."
        + ("" if text else " " + _missing("OFL.txt", "https://openfontlicense.org")),
    )


def _shared_texts(sections: Sequence[Section], strict: bool) -> list[Section]:
    names: list[str] = []
    for section in sections:
        for name in map(canonical_common_licence, section.refers_to):
            names += [] if name in names else [name]
    shared = []
    for name in names:
        text = common_licence(name, strict)
        shared.append(
            Section(
                f"{SHARED_TITLE}: {name}",
                LICENCE_TEXT,
                name,
                (text,) if text else (),
                note="" if text else _missing(name, "https://www.gnu.org/licenses/"),
            )
        )
    return shared


def _icu_version(distributions: Sequence[metadata.Distribution]) -> str | None:
    for item in distributions:
        for file in item.files or []:
            match = _ICU_LIBRARY.search(str(file))
            if match:
                return match.group(1) or match.group(2)
    return None


def _root_urls() -> list[str]:
    try:
        return metadata.distribution(ROOT_DISTRIBUTION).metadata.get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return []


def _read(path: Path, what: str, strict: bool) -> LicenceText | None:
    try:
        return LicenceText(path.name, path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        if strict:
            raise LicenceTextMissingError(f"{what} is missing: {path}.") from None
        return None


def _missing(what: str, where: str) -> str:
    return f"The text of {what} was not found on this machine; it is at {where}."
