"""Control characters in an agreement file are refused, with the line (tab and
line breaks are text); references that differ only in case are refused too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vision_desk.domain.agreement_file import parse_agreement
from vision_desk.errors import AgreementFileError

FORMAT_DOC = Path(__file__).resolve().parents[2] / "docs" / "agreement-format.md"
EXAMPLE = re.findall(r"```toml\n(.*?)```", FORMAT_DOC.read_text(encoding="utf-8"), re.S)[-1]
NAME = "river.toml"


def error_of(text: str) -> str:
    with pytest.raises(AgreementFileError) as caught:
        parse_agreement(text.encode("utf-8"), NAME)
    return caught.value.message


def line_of(text: str, snippet: str, n: int = 1) -> int:
    start = -1
    for _ in range(n):
        start = text.index(snippet, start + 1)
    return text.count("\n", 0, start) + 1


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("\\u001b[2J", "U+001B"),  # an escape sequence, written as TOML escapes it
        ("\\u0007", "U+0007"),
        ("\\b", "U+0008"),
        ("\\f", "U+000C"),
        ("\\r", "U+000D"),
        ("\\u007f", "U+007F"),
        ("\u009b2J", "U+009B"),  # TOML lets C1 controls through as they are
        ("\u0085", "U+0085"),
        ("\u2028", "U+2028"),
        ("\u2029", "U+2029"),
    ],
)
def test_a_control_character_is_refused_at_its_line(written: str, shown: str) -> None:
    text = EXAMPLE.replace('title = "Equitable use"', f'title = "Equitable{written} use"')
    assert text != EXAMPLE
    message = error_of(text)
    line = line_of(text, 'title = "Equitable')
    assert message.startswith(f"{NAME}:{line}: "), message
    assert shown in message and "control character" in message
    assert written not in message or written.startswith("\\")  # never shown raw


def test_controls_in_quotes_and_the_agreement_are_refused_too() -> None:
    text = EXAMPLE.replace('place = "Islamabad"', 'place = "Islam\\u001babad"')
    assert error_of(text).startswith(f"{NAME}:{line_of(text, 'place =')}: ")
    quoted = re.sub(r'quotes = \["', 'quotes = ["\\\\u0000', EXAMPLE, count=1)
    assert quoted != EXAMPLE
    assert "U+0000" in error_of(quoted)


def test_tabs_and_line_breaks_are_text() -> None:
    text = EXAMPLE.replace('title = "Equitable use"', 'title = "Equitable\\tuse"').replace(
        'place = "Islamabad"', 'place = """Islamabad,\nPakistan"""'
    )
    agreement = parse_agreement(text.encode("utf-8"), NAME)
    assert agreement.place == "Islamabad,\nPakistan"
    assert "Equitable\tuse" in [clause.title for clause in agreement.clauses]


def test_windows_line_ends_in_a_multi_line_string_are_line_breaks() -> None:
    text = EXAMPLE.replace('place = "Islamabad"', 'place = """Islamabad,\nPakistan"""')
    agreement = parse_agreement(text.replace("\n", "\r\n").encode("utf-8"), NAME)
    assert agreement.place == "Islamabad,\nPakistan"


def test_references_that_differ_only_in_case_are_refused() -> None:
    first_ref = re.search(r'ref = "([^"]+)"', EXAMPLE)
    assert first_ref is not None
    ref = first_ref.group(1)
    second = re.findall(r'ref = "([^"]+)"', EXAMPLE)[1]
    text = EXAMPLE.replace(f'ref = "{second}"', f'ref = "{ref.lower()}"', 1)
    text = text.replace(f'"{second}"', f'"{ref}"')  # a see_also that named it
    assert ref.lower() != ref
    message = error_of(text)
    second_line = line_of(text, f'ref = "{ref.lower()}"')
    first_line = line_of(text, f'ref = "{ref}"')
    assert message.startswith(f"{NAME}:{second_line}: "), message
    assert f"'{ref.lower()}'" in message and f"'{ref}'" in message
    assert f"line {first_line}" in message
    assert "case" in message
