"""Names for the ISO 3166-1 alpha-2 codes agreements use for their parties."""

from __future__ import annotations

# The parties of the agreements Vision Desk ships with, and their neighbours; an
# unknown code is shown as the code itself.
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
    return NAMES.get(code, code)
