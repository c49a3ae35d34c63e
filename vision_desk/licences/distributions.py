"""The installed Python distributions Vision Desk ships, and what each says of its licence.

Read with ``importlib.metadata`` from the distributions themselves, so the notices
follow whatever is installed: a new dependency, or a new version of one, brings its
own licence with it.
"""

from __future__ import annotations

import importlib.metadata as metadata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from vision_desk.licences.requirements import (
    canonical_name,
    default_environment,
    parse_requirement,
)

# File names (any case) that hold a licence or its notices, wherever the wheel put them.
_LICENCE_FILE_PREFIXES = ("LICENSE", "LICENCE", "COPYING", "NOTICE")
_MAX_LICENCE_FIELD = 200


@dataclass(frozen=True, slots=True)
class LicenceText:
    title: str  # where the text was found: a path inside the distribution, or a file
    text: str


@dataclass(frozen=True, slots=True)
class Closure:
    distributions: tuple[metadata.Distribution, ...]  # sorted by name, the root first
    missing: tuple[str, ...]  # required in this environment, yet not installed


def dependency_closure(
    root: str,
    also: Iterable[str] = (),
    environment: Mapping[str, str] | None = None,
) -> Closure:
    """``root`` and everything it requires, transitively, as installed here. A
    requirement whose marker does not hold (another platform, an older Python, an
    extra nobody asked for) is skipped; one asked for with extras brings the
    requirements of those extras.

    ``also`` names further distributions that ship as they are, without what they
    require (a bundler's run-time parts ship; its own dependencies do not)."""
    environment = dict(default_environment() if environment is None else environment)
    found: dict[str, metadata.Distribution] = {}
    extras_walked: dict[str, frozenset[str]] = {}
    missing: list[str] = []
    for name in also:
        try:
            found.setdefault(canonical_name(name), metadata.distribution(name))
        except metadata.PackageNotFoundError:
            missing.append(name)
    queue: list[tuple[str, frozenset[str]]] = [(root, frozenset())]
    while queue:
        name, extras = queue.pop(0)
        key = canonical_name(name)
        if key in extras_walked and extras <= extras_walked[key]:
            continue
        try:
            distribution = found.get(key) or metadata.distribution(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
            continue
        found[key] = distribution
        extras = extras | extras_walked.get(key, frozenset())
        extras_walked[key] = extras
        for line in distribution.requires or []:
            requirement = parse_requirement(line)
            if requirement is not None and requirement.applies(extras, environment):
                queue.append((requirement.name, requirement.extras))
    root_key = canonical_name(root)
    ordered = sorted(
        (distribution for key, distribution in found.items() if key != root_key),
        key=lambda distribution: canonical_name(distribution.metadata["Name"]),
    )
    first = [found[root_key]] if root_key in found else []
    return Closure(tuple(first + ordered), tuple(sorted(set(missing))))


def name_of(distribution: metadata.Distribution) -> str:
    return str(distribution.metadata["Name"])


def licence_of(distribution: metadata.Distribution) -> str:
    """The licence as the distribution declares it: its SPDX ``License-Expression``,
    else a short ``License`` field, else its licence classifiers (several: a choice)."""
    fields = distribution.metadata
    expression = (fields["License-Expression"] or "").strip()
    if expression:
        return expression
    licence = (fields["License"] or "").strip()
    short = licence and "\n" not in licence and len(licence) <= _MAX_LICENCE_FIELD
    if short and licence.upper() != "UNKNOWN":
        return licence
    classifiers = licence_classifiers(distribution)
    if classifiers:
        return " OR ".join(classifiers)
    if licence:
        # A whole licence text pasted into the field: its first line names it.
        return licence.splitlines()[0].strip()[:_MAX_LICENCE_FIELD]
    return "not stated"


def licence_classifiers(distribution: metadata.Distribution) -> list[str]:
    """``License :: OSI Approved :: MIT License`` -> ``MIT License``."""
    return [
        classifier.split(" :: ")[-1].strip()
        for classifier in distribution.metadata.get_all("Classifier") or []
        if classifier.startswith("License :: ")
    ]


def licence_texts(distribution: metadata.Distribution) -> list[LicenceText]:
    """The texts of the licence files the distribution carries: everything under its
    ``.dist-info/licenses/`` (PEP 639) and any file named LICENSE*, COPYING* or
    NOTICE*, each text once."""
    texts: list[LicenceText] = []
    seen: set[str] = set()
    for file in distribution.files or []:
        parts = PurePosixPath(str(file)).parts
        in_licenses = len(parts) >= 3 and parts[0].endswith(".dist-info") and parts[1] == "licenses"
        named = parts[-1].upper().startswith(_LICENCE_FILE_PREFIXES)
        if not (in_licenses or named) or "__pycache__" in parts:
            continue
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        normalised = " ".join(text.split())
        if not normalised or normalised in seen:
            continue
        seen.add(normalised)
        texts.append(LicenceText(str(file), text))
    return texts
