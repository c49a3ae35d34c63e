"""THIRD-PARTY-NOTICES.txt as text: sections written for a person, and read back.

Each section opens with a ruled header whose first line is the title and whose
``Field: value`` lines say what it is and its licence; then a note, then the texts.
The header is regular so that a program (the bundle test's licence check) can read
the sections back with ``read_sections``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from vision_desk.licences.distributions import LicenceText

RULE = "=" * 79
TEXT_RULE = "-" * 79
PYTHON_DISTRIBUTION = "Python distribution"
LICENCE_TEXT = "Licence text"

_HEADER = re.compile(
    rf"^{RULE}\n(?P<title>[^\n]+)\n(?P<fields>(?:[A-Z][A-Za-z -]*: [^\n]*\n)*){RULE}$",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class Section:
    title: str  # "reportlab 5.1.0"
    kind: str  # PYTHON_DISTRIBUTION, "Library", LICENCE_TEXT...
    licence: str  # as declared: an SPDX expression, a name, classifiers
    texts: tuple[LicenceText, ...] = ()
    note: str = ""
    fields: tuple[tuple[str, str], ...] = ()  # further header lines
    # Common licences (Debian's names: "LGPL-3") whose texts this section relies on.
    refers_to: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReadSection:
    title: str
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.fields.get("Kind", "")

    @property
    def licence(self) -> str:
        return self.fields.get("Licence", "")


def render(preamble: str, sections: Sequence[Section]) -> str:
    width = max((len(section.title) for section in sections), default=0) + 2
    contents = "\n".join(
        f"  {(section.title + ' ').ljust(width, '.')} {_short(section.licence)}"
        for section in sections
    )
    parts = [preamble.strip(), f"Contents\n\n{contents}"]
    parts += [_render_section(section) for section in sections]
    return "\n\n\n".join(parts) + "\n"


def _render_section(section: Section) -> str:
    header = [
        RULE,
        section.title,
        f"Kind: {section.kind}",
        f"Licence: {_one_line(section.licence)}",
    ]
    header += [f"{name}: {_one_line(value)}" for name, value in section.fields]
    header.append(RULE)
    body = ["\n".join(header)]
    if section.note:
        body.append(section.note.strip())
    for text in section.texts:
        body.append(f"{TEXT_RULE}\n{text.title}\n{TEXT_RULE}\n\n{text.text.strip()}")
    return "\n\n".join(body)


def read_sections(text: str) -> list[ReadSection]:
    """The sections' titles and header fields, in order."""
    sections = []
    for match in _HEADER.finditer(text):
        fields = {}
        for line in match.group("fields").splitlines():
            name, _, value = line.partition(": ")
            fields[name] = value
        sections.append(ReadSection(match.group("title"), fields))
    return sections


def python_distributions(text: str) -> dict[str, str]:
    """Each Python distribution the notices list, by name, with its declared licence."""
    found = {}
    for section in read_sections(text):
        if section.kind == PYTHON_DISTRIBUTION:
            name = section.fields.get("Name") or section.title.rsplit(" ", 1)[0]
            found[name] = section.licence
    return found


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _short(licence: str) -> str:
    flat = _one_line(licence)
    return flat if len(flat) <= 72 else flat[:71] + "…"
