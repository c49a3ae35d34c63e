"""The canonical form of a round, recomputed from docs/rounds.md alone.

An auditor in another ministry, working in another language, has the page and not
our code. So the serialiser here is written from the page's rules (sorted keys, no
whitespace, the escape table, raw UTF-8 for everything else, UTC times with
microseconds), character by character, without ``json.dumps``; it must give the
bytes and the hashes the page prints, for both of its examples, and the bytes
Vision Desk's own serialiser gives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from documented_rounds import ROUNDS_DOC, blocks, round_from_shown
from hypothesis import given, settings
from hypothesis import strategies as st

from vision_desk.domain.rounds import Round, RoundRecord, canonical_form, content_hash
from vision_desk.domain.status import Status

FIELDS = ("ref", "status", "carried_over", "assessed_at", "assessed_by", "rationale")

# -- the serialiser, from the page's rules --------------------------------------------

# "escapes: these, and no others": the page's table.
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _string(text: str) -> str:
    written = []
    for character in text:
        if character in _ESCAPES:
            written.append(_ESCAPES[character])
        elif ord(character) < 0x20:  # "every other character from U+0000 to U+001F"
            written.append(f"\\u{ord(character):04x}")  # four lower-case hex digits
        else:  # "Everything else is written as itself"
            written.append(character)
    return '"' + "".join(written) + '"'


def _value(item: Any) -> str:
    if item is None:
        return "null"
    if item is True:
        return "true"
    if item is False:
        return "false"
    if isinstance(item, str):
        return _string(item)
    if isinstance(item, list):
        return "[" + ",".join(_value(element) for element in item) + "]"
    if isinstance(item, dict):
        # "keys sorted (by code point)", "no whitespace between tokens"
        keys = sorted(item, key=lambda key: [ord(character) for character in key])
        return "{" + ",".join(_string(key) + ":" + _value(item[key]) for key in keys) + "}"
    raise TypeError(f"the form holds no {type(item).__name__}")


def _utc(moment: str | None) -> str | None:
    """'in UTC, always with six digits of microseconds and +00:00 (never Z)'; 'a time
    without an offset is UTC'."""
    if moment is None:
        return None
    parsed = dt.datetime.fromisoformat(moment)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    utc = parsed.astimezone(dt.UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond:06d}+00:00"


def by_hand(shown: dict[str, Any]) -> bytes:
    """The canonical form of ``round show --json``'s output, by the page's rules:
    form 2, with every record's ``parts``, when any record has parts."""
    with_evidence = any(record.get("evidence") for record in shown["records"])
    with_parts = with_evidence or any(record.get("parts") for record in shown["records"])
    fields = (*FIELDS, "parts") if with_parts else FIELDS
    fields = (*fields, "evidence") if with_evidence else fields
    records = [{key: record.get(key) for key in fields} for record in shown["records"]]
    for record in records:
        record["assessed_at"] = _utc(record["assessed_at"])
        if with_evidence:  # "the list of the digests ..., sorted"
            record["evidence"] = sorted(record["evidence"] or [])
    records.sort(key=lambda record: [ord(character) for character in record["ref"]])
    document = {
        "format": f"vision-desk-round/{3 if with_evidence else 2 if with_parts else 1}",
        "agreement": shown["agreement"],
        "title": shown["title"],
        "as_of": shown["as_of"],
        "records": records,
    }
    return _value(document).encode("utf-8")


# -- the page's examples ----------------------------------------------------------------

# How the second example marks the characters it writes raw but could not show.
_MARK = re.compile(r"⟨U\+([0-9A-F]{4})⟩")


def _example(heading: str, until: str) -> tuple[str, dict[str, Any], bytes, str]:
    """A worked example of the page: its prose, the JSON shown, the form and hash."""
    page = ROUNDS_DOC.read_text(encoding="utf-8")
    section = page[page.index(heading) : page.index(until)]
    shown = json.loads(next(block for block in blocks(section, "json") if '"records"' in block))
    form_block, digest_block = blocks(section, "text")[:2]
    form = _MARK.sub(lambda found: chr(int(found.group(1), 16)), form_block.removesuffix("\n"))
    return section, shown, form.encode("utf-8"), digest_block.strip()


def first_example() -> tuple[str, dict[str, Any], bytes, str]:
    return _example("## A worked example", "### Checking a hash")


def second_example() -> tuple[str, dict[str, Any], bytes, str]:
    return _example("### A second example", "### A third example")


def third_example() -> tuple[str, dict[str, Any], bytes, str]:
    return _example("### A third example", "## What changed between two rounds")


def _check(example: tuple[str, dict[str, Any], bytes, str]) -> bytes:
    section, shown, documented_form, digest = example
    form = by_hand(shown)
    assert form == documented_form
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert hashlib.sha256(form).hexdigest() == digest == shown["hash"]
    assert f"one line of {len(form)} bytes" in section
    round_, records = round_from_shown(shown)
    assert canonical_form(round_, records) == form
    assert content_hash(round_, records) == digest
    return form


def test_the_first_example_recomputed_from_the_rules_alone() -> None:
    form = _check(first_example())
    assert "ہفتہ وار".encode() in form  # beyond ASCII: raw UTF-8


def test_the_third_example_recomputed_from_the_rules_alone() -> None:
    """Form 2: the parts are in the form, and a part changed changes the hash."""
    form = _check(third_example())
    assert b'"format":"vision-desk-round/2"' in form
    assert b'"parts":{"AF":"advanced","PK":"initiated"}' in form
    assert form.count(b'"parts":null') == 2
    _, shown, _, digest = third_example()
    changed = json.loads(json.dumps(shown))
    changed["records"][2]["parts"]["PK"] = "advanced"
    assert hashlib.sha256(by_hand(changed)).hexdigest() != digest
    round_, records = round_from_shown(changed)
    assert content_hash(round_, records) != digest


def test_the_check_script_prints_the_third_examples_hash() -> None:
    page = ROUNDS_DOC.read_text(encoding="utf-8")
    script = next(block for block in blocks(page, "python") if "json.load(sys.stdin)" in block)
    _, shown, _, digest = third_example()
    checked = subprocess.run(
        [sys.executable, "-I", "-c", script],
        input=json.dumps(shown).encode("utf-8"),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.decode().strip() == digest


def test_the_second_example_recomputed_from_the_rules_alone() -> None:
    form = _check(second_example())
    # It holds every escape the page names, each written as the table says...
    for escape in (b"\\b", b"\\f", b"\\r", b"\\n", b"\\t", b"\\u000b", b"\\u001b"):
        assert escape in form, escape
    assert b'\\"' in form and b"\\\\" in form
    # ...and the characters written raw: DEL, a C1 control, U+2028, U+2029, beyond
    # U+FFFF, and "/" unescaped.
    for raw in ("\x7f", "\x85", "\u2028", "\u2029", "📈"):
        assert raw.encode("utf-8") in form, raw
    assert b"Warsak/Tarbela" in form
    assert b"\\u007f" not in form and b"\\u2028" not in form and b"\\ud83d" not in form
    # Upper-case hex is not the form: one more way an auditor could go wrong.
    assert b"\\u000B" not in form and b"\\u001B" not in form


def test_the_second_example_marks_only_the_four_raw_characters() -> None:
    page = ROUNDS_DOC.read_text(encoding="utf-8")
    section = page[page.index("### A second example") : page.index("## What changed")]
    form_block = blocks(section, "text")[0]
    assert sorted(set(_MARK.findall(form_block))) == ["007F", "0085", "2028", "2029"]
    # No character that would not show is in the page itself.
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u3000]", page)


def test_the_second_example_sets_a_clause_back_to_not_assessed_in_the_round() -> None:
    _, shown, form, _ = second_example()
    record = next(record for record in shown["records"] if record["ref"] == "R-1")
    assert record["status"] == "not_assessed"
    assert record["carried_over"] is False
    assert record["assessed_at"] is not None and record["rationale"]
    assert b'"carried_over":false,"rationale":"The fund is off' in form


def test_the_page_names_every_escape_and_every_raw_character() -> None:
    page = ROUNDS_DOC.read_text(encoding="utf-8")
    for escape, character in (
        ("`\\b`", "U+0008"),
        ("`\\t`", "U+0009"),
        ("`\\n`", "U+000A"),
        ("`\\f`", "U+000C"),
        ("`\\r`", "U+000D"),
        ('`\\"`', "U+0022"),
        ("`\\\\`", "U+005C"),
    ):
        assert f"| {escape} |" in page and character in page, escape
    assert "`\\u000b`" in page and "**lower-case** hexadecimal" in page
    for raw in ("U+007F", "U+0080 to U+009F", "U+2028", "U+2029", "never `\\/`"):
        assert raw in page, raw
    assert "A time without an offset is UTC" in page
    assert "whitespace of every kind" in page


def test_the_check_script_prints_the_second_examples_hash() -> None:
    page = ROUNDS_DOC.read_text(encoding="utf-8")
    script = next(block for block in blocks(page, "python") if "json.load(sys.stdin)" in block)
    section = page[page.index("### A second example") : page.index("## What changed")]
    example = next(block for block in blocks(section, "json") if '"records"' in block)
    checked = subprocess.run(
        [sys.executable, "-I", "-c", script],
        input=example.encode("utf-8"),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.decode().strip() == second_example()[3]


# -- the rules hold beyond the examples -----------------------------------------------

_ANY_TEXT = st.text(
    st.one_of(
        st.characters(min_codepoint=0, max_codepoint=0xFF),
        st.sampled_from("\u2028\u2029\u200b\ufeff📈ہ"),
        st.characters(codec="utf-8"),  # every character UTF-8 can hold: no surrogates
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(title=_ANY_TEXT, rationale=_ANY_TEXT, author=_ANY_TEXT)
def test_the_rules_give_vision_desks_bytes_for_any_text(
    title: str, rationale: str, author: str
) -> None:
    shown = {
        "id": 1,
        "agreement": "river-accord",
        "title": title,
        "as_of": "2021-07-01",
        "opened_at": "2021-07-01T08:00:00+00:00",
        "opened_by": author,
        "records": [
            {
                "ref": "R-1",
                "status": "not_assessed",
                "carried_over": False,
                "assessed_at": "2021-07-02T11:45:00.000001+04:30",
                "assessed_by": author,
                "rationale": rationale,
            },
            {
                "ref": "I-1",
                "status": "upheld",
                "carried_over": True,
                "assessed_at": None,
                "assessed_by": None,
                "rationale": None,
            },
        ],
    }
    round_, records = round_from_shown(shown)
    assert canonical_form(round_, records) == by_hand(shown)


# -- a time without an offset ------------------------------------------------------------


@contextmanager
def _time_zone(name: str) -> Iterator[None]:
    """This process in another time zone, as a checker's computer might be."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def _one_record(at: dt.datetime) -> tuple[Round, list[RoundRecord]]:
    round_ = Round(1, "river-accord", "Mid-2021 review", dt.date(2021, 7, 1), at, "A. Rahimi")
    return round_, [RoundRecord("I-1", Status.UPHELD, False, at, "A. Rahimi", "Kept.")]


def test_a_time_without_an_offset_is_utc_whatever_the_computers_zone() -> None:
    naive = dt.datetime(2021, 7, 2, 6, 15)
    aware = naive.replace(tzinfo=dt.UTC)
    expected = content_hash(*_one_record(aware))
    for zone in ("Asia/Kabul", "America/New_York", "UTC"):
        with _time_zone(zone):
            form = canonical_form(*_one_record(naive))
            assert b'"assessed_at":"2021-07-02T06:15:00.000000+00:00"' in form, zone
            assert content_hash(*_one_record(naive)) == expected, zone


def test_the_check_script_reads_a_time_without_an_offset_as_utc() -> None:
    page = ROUNDS_DOC.read_text(encoding="utf-8")
    script = next(block for block in blocks(page, "python") if "json.load(sys.stdin)" in block)
    _, shown, _, _ = first_example()
    for record in shown["records"]:
        if record["assessed_at"] is not None:
            record["assessed_at"] = record["assessed_at"].removesuffix("+00:00")
    checked = subprocess.run(
        [sys.executable, "-I", "-c", script],
        input=json.dumps(shown).encode("utf-8"),
        capture_output=True,
        timeout=60,
        check=False,
        env={**os.environ, "TZ": "Asia/Kabul"},
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.decode().strip() == first_example()[3] == shown["hash"]
    assert hashlib.sha256(by_hand(shown)).hexdigest() == shown["hash"]


def test_form_three_by_the_rules_the_program_and_the_check_script_agree() -> None:
    """A round with evidence cited (form 3), as `round show --json` prints it: the
    page's rules, Vision Desk's serialiser and the page's script give one hash."""
    _, shown, _, _ = third_example()
    shown = json.loads(json.dumps(shown))
    for record in shown["records"]:
        record["evidence"] = []
    shown["records"][2]["evidence"] = ["b" * 64, "a" * 64]  # as stored: sorted again
    form = by_hand(shown)
    assert b'"format":"vision-desk-round/3"' in form
    assert b'"evidence":["' + b"a" * 64 + b'","' + b"b" * 64 + b'"]' in form
    assert form.count(b'"evidence":[]') == 3
    round_, records = round_from_shown(shown)
    assert canonical_form(round_, records) == form
    page = ROUNDS_DOC.read_text(encoding="utf-8")
    script = next(block for block in blocks(page, "python") if "json.load(sys.stdin)" in block)
    checked = subprocess.run(
        [sys.executable, "-I", "-c", script],
        input=json.dumps(shown).encode("utf-8"),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.decode().strip() == hashlib.sha256(form).hexdigest()
