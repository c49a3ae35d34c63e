"""docs/agreement-format.md read as data: its two complete examples, and the
helpers the loader's tests use to break them and find the line of a field."""

from __future__ import annotations

from pathlib import Path

import pytest
from documented_examples import HIGHLAND_HEADING, example_after

from vision_desk.domain.agreement import Agreement
from vision_desk.domain.agreement_file import parse_agreement
from vision_desk.errors import AgreementFileError

REPO = Path(__file__).resolve().parents[2]
FORMAT_DOC = REPO / "docs" / "agreement-format.md"
SHARED_VISION = REPO / "resources" / "agreements" / "shared-vision.toml"
NAME = "agreement.toml"

RIVER_HEADING = "## A complete example\n"


RIVER_ACCORD = example_after(RIVER_HEADING)
HIGHLAND_ACCORD = example_after(HIGHLAND_HEADING)


def load(text: str, name: str = NAME) -> Agreement:
    return parse_agreement(text.encode("utf-8"), name)


def replace_nth(text: str, old: str, new: str, n: int = 1) -> str:
    """Replace the n-th (1-based) occurrence of ``old``; it must exist."""
    start = -1
    for _ in range(n):
        start = text.index(old, start + 1)
    return text[:start] + new + text[start + len(old) :]


def line_of(text: str, snippet: str, n: int = 1) -> int:
    """The 1-based line of the n-th occurrence of ``snippet`` in ``text``."""
    start = -1
    for _ in range(n):
        start = text.index(snippet, start + 1)
    return text.count("\n", 0, start) + 1


def error_of(text: str) -> str:
    with pytest.raises(AgreementFileError) as caught:
        load(text)
    return caught.value.message


def assert_error_at(text: str, line: int, *words: str) -> str:
    """The import of ``text`` fails at ``line`` with a message holding ``words``."""
    message = error_of(text)
    assert message.startswith(f"{NAME}:{line}: "), message
    for word in words:
        assert word in message, message
    return message
