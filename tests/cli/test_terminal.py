"""What reaches a terminal: control characters escaped, the text otherwise as typed;
JSON exact as data and free of raw controls."""

from __future__ import annotations

import io
import json

import pytest

from vision_desk.cli.terminal import EscapingStream, json_text, terminal_text, write_verbatim

RAW = [chr(code) for code in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]] + [
    "\u2028",
    "\u2029",
]


@pytest.mark.parametrize("character", RAW)
def test_every_control_is_escaped(character: str) -> None:
    shown = terminal_text(f"a{character}b")
    assert character not in shown
    code = ord(character)
    assert shown == (f"a\\x{code:02x}b" if code < 0x100 else f"a\\u{code:04x}b")


def test_text_stays_as_typed_otherwise() -> None:
    kept = "Line one\twith a tab\nline two\r\nمحمد ظاہر پیش‌نویس \u200f ✓ \\x1b"
    assert terminal_text(kept) == kept
    assert terminal_text("\x1b[2J\x1b[31mRED\a") == "\\x1b[2J\\x1b[31mRED\\x07"
    assert terminal_text("approved\rrejected") == "approved\\x0drejected"


@pytest.mark.parametrize("ascii_only", [False, True])
def test_json_is_exact_and_holds_no_raw_control(ascii_only: bool) -> None:
    data = {"text": "".join(RAW) + "\t\nok ✓ \u2028", "\u0085key": ["\x9b2J"]}
    shown = json_text(data, ensure_ascii=ascii_only)
    assert json.loads(shown) == data
    assert not any(character in shown for character in RAW)


def test_a_stream_that_escapes_what_is_written() -> None:
    underneath = io.StringIO()
    stream = EscapingStream(underneath)
    print("bell\a", "esc\x1b[0m", file=stream)  # type: ignore[arg-type]
    stream.flush()
    assert underneath.getvalue() == "bell\\x07 esc\\x1b[0m\n"
    assert EscapingStream.wrap(stream) is stream  # never twice


def test_the_programs_own_text_is_written_as_it_ships(monkeypatch: pytest.MonkeyPatch) -> None:
    """The licence notices keep their form feeds (the GNU texts' page breaks), so that
    ``about --licences > FILE`` is the shipped file; typed text stays escaped."""
    raw = io.StringIO()
    monkeypatch.setattr("sys.stdout", EscapingStream.wrap(raw))
    import sys

    sys.stdout.write("typed\f")
    write_verbatim("shipped\f")
    assert raw.getvalue() == "typed\\x0cshipped\f"
