"""The parties to an agreement: who they are, what kind of actor, and their names.

A version-2 agreement file names its parties itself (docs/agreement-format.md,
"Version 2"): a code, a full name, a short name, a kind and names in other
languages. A version-1 file gives only ISO 3166-1 alpha-2 codes; for those the
names below stand in.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PartyKind(StrEnum):
    """What kind of actor a party is. Peace agreements bind more than states: an
    armed group that is no state, or an organisation that monitors the agreement,
    is bound as much as a government is."""

    STATE = "state"
    NON_STATE_ARMED_GROUP = "non_state_armed_group"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    PartyKind.STATE: "State",
    PartyKind.NON_STATE_ARMED_GROUP: "Non-state armed group",
    PartyKind.INTERNATIONAL_ORGANISATION: "International organisation",
    PartyKind.OTHER: "Other",
}


@dataclass(frozen=True, slots=True)
class Party:
    """One party as the agreement file names it.

    ``name`` is printed as the file gives it ("United States of America"), never
    guessed from the code; ``short_name`` is for lists and tables where space is
    short. ``names`` holds the party's names in other languages as (language tag,
    name) pairs in the file's order, e.g. (("fa", "…"), ("ps", "…")).
    """

    code: str
    name: str
    kind: PartyKind
    short_name: str = ""
    names: tuple[tuple[str, str], ...] = ()

    @property
    def display_name(self) -> str:
        """The short name where there is one, else the full name."""
        return self.short_name or self.name

    def name_in(self, language: str) -> str | None:
        """The party's name in ``language`` (a tag such as "fa"), if the file gives one."""
        return next((name for tag, name in self.names if tag == language), None)


# The parties of the agreements Vision Desk ships with, and their neighbours, by
# ISO 3166-1 alpha-2 code: the names of a version-1 file's parties. An unknown code
# is shown as the code itself.
NAMES = {
    "AF": "Afghanistan",
    "PK": "Pakistan",
    "IN": "India",
    "IR": "Iran",
    "CN": "China",
    "TJ": "Tajikistan",
    "TM": "Turkmenistan",
    "UZ": "Uzbekistan",
    "US": "United States",
    "GB": "United Kingdom",
    "QA": "Qatar",
    "TR": "Türkiye",
    "RU": "Russia",
}


def party_name(code: str) -> str:
    """The built-in name of an ISO code (version-1 files); for an agreement's own
    names use ``Agreement.party_name``, which looks in the file's registry first."""
    return NAMES.get(code, code)


def built_in_party(code: str) -> Party:
    """A version-1 party: an ISO 3166-1 alpha-2 code is a country, so a state."""
    return Party(code=code, name=party_name(code), kind=PartyKind.STATE)
