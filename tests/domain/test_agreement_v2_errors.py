"""Every refusal format 2 adds (docs/agreement-format.md, "Errors in version 2"),
each at its line; and nothing but an ``AgreementFileError`` from a broken file."""

from __future__ import annotations

import re

from documented_agreements import (
    HIGHLAND_ACCORD,
    RIVER_ACCORD,
    assert_error_at,
    line_of,
    load,
    replace_nth,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vision_desk.domain.agreement import Agreement
from vision_desk.domain.agreement_file import parse_agreement
from vision_desk.errors import AgreementFileError

EXAMPLE = HIGHLAND_ACCORD
MISSION = '[[parties]]\ncode = "OBS"'
# The due table of HA-2: counted 135 days from signature.
REDUCTION_DUE = 'after = "signature"\ndays = 135\n'


def test_the_example_itself_loads() -> None:
    assert load(EXAMPLE).id == "highland-accord"


# -- the parties ---------------------------------------------------------------------


def test_parties_in_the_agreement_table() -> None:
    text = EXAMPLE.replace('place = "Doha"', 'place = "Doha"\nparties = ["VT", "HLF"]')
    assert_error_at(text, line_of(text, 'parties = ["VT", "HLF"]'), "[[parties]]", "[agreement]")


def test_no_parties_at_all() -> None:
    text = re.sub(r"\[\[parties\]\]\n(?:[a-z_]+ = .*\n)+\n", "", EXAMPLE)
    assert "[[parties]]" not in text
    assert_error_at(text, 1, "at least two parties", "[[parties]]")


def test_one_party_only() -> None:
    text = re.sub(r"\[\[parties\]\]\n(?:[a-z_]+ = .*\n)+\n", "", EXAMPLE, count=2)
    assert text.count("[[parties]]") == 1
    assert_error_at(text, line_of(text, "[[parties]]"), "at least two parties")


def test_parties_written_as_a_list_of_codes() -> None:
    text = re.sub(r"\[\[parties\]\]\n(?:[a-z_]+ = .*\n)+\n", "", EXAMPLE)
    text = text.replace("format = 2\n", 'format = 2\nparties = ["VT", "HLF"]\n')
    assert_error_at(text, 2, "at least two parties", "[[parties]]")


def test_a_party_code_in_lower_case() -> None:
    text = EXAMPLE.replace('code = "HLF"', 'code = "hlf"')
    assert_error_at(text, line_of(text, 'code = "hlf"'), "party 2 field 'code'", "'hlf'")


def test_a_party_code_with_a_space() -> None:
    text = EXAMPLE.replace('code = "HLF"', 'code = "HL F"')
    assert_error_at(text, line_of(text, 'code = "HL F"'), "party 2")


def test_a_duplicate_party_code() -> None:
    text = EXAMPLE.replace('code = "OBS"', 'code = "VT"')
    first, second = line_of(text, 'code = "VT"'), line_of(text, 'code = "VT"', 2)
    message = assert_error_at(text, second, "duplicate party code 'VT'")
    assert f"first used at line {first}" in message


def test_an_unknown_party_kind() -> None:
    text = EXAMPLE.replace('kind = "non_state_armed_group"', 'kind = "militia"')
    assert_error_at(
        text,
        line_of(text, '"militia"'),
        "party 2 field 'kind'",
        "state, non_state_armed_group, international_organisation, other",
    )


def test_a_party_without_a_kind() -> None:
    text = EXAMPLE.replace('kind = "international_organisation"\n', "")
    assert_error_at(text, line_of(text, MISSION), "party 3", "'kind'")


def test_a_party_without_a_name() -> None:
    text = EXAMPLE.replace('name = "Highland Liberation Front"\n', "")
    assert_error_at(text, line_of(text, "[[parties]]", 2), "party 2", "'name'")


def test_an_unknown_field_in_a_party() -> None:
    text = EXAMPLE.replace('short_name = "Veltria"', 'shortname = "Veltria"')
    assert_error_at(text, line_of(text, "shortname"), "unknown field 'shortname'", "party 1")


def test_a_party_name_in_a_language_that_is_no_tag() -> None:
    text = EXAMPLE.replace("names = { fa = ", "names = { Dari = ")
    assert_error_at(text, line_of(text, "Dari ="), "'Dari' is not a language tag")


def test_names_that_are_no_table() -> None:
    text = EXAMPLE.replace('names = { fa = "جبهه آزادی‌بخش کوهستان" }', 'names = "Front"')
    assert_error_at(text, line_of(text, 'names = "Front"'), "party 2 field 'names'", "table")


def test_a_party_name_in_another_language_that_is_not_text() -> None:
    text = EXAMPLE.replace('names = { fa = "جبهه آزادی‌بخش کوهستان" }', "names = { fa = 3 }")
    assert_error_at(text, line_of(text, "names = { fa = 3 }"), "text in quotes")


def test_a_clause_binding_a_party_not_in_the_registry() -> None:
    text = EXAMPLE.replace('parties = ["VT", "HLF"]', 'parties = ["VT", "TB"]', 1)
    assert_error_at(text, line_of(text, '["VT", "TB"]'), "'TB' is not a party")


def test_a_clause_binding_a_party_in_lower_case() -> None:
    text = EXAMPLE.replace('parties = ["OBS"]', 'parties = ["obs"]', 1)
    assert_error_at(text, line_of(text, '["obs"]'), "'obs'")


# -- the events ------------------------------------------------------------------------


def test_an_event_called_signature() -> None:
    text = EXAMPLE.replace('id = "talks-start"', 'id = "signature"')
    assert_error_at(text, line_of(text, 'id = "signature"'), "event 2", "'signature'")


def test_a_duplicate_event() -> None:
    text = EXAMPLE.replace('id = "talks-start"', 'id = "prisoner-release"')
    assert_error_at(
        text, line_of(text, 'id = "prisoner-release"', 2), "duplicate event id 'prisoner-release'"
    )


def test_an_event_id_in_upper_case() -> None:
    text = EXAMPLE.replace('id = "talks-start"', 'id = "Talks"')
    assert_error_at(text, line_of(text, 'id = "Talks"'), "event 2 field 'id'")


def test_an_event_without_a_label() -> None:
    text = EXAMPLE.replace('label = "the start of the highland talks"\n', "")
    assert_error_at(text, line_of(text, "[[events]]", 2), "event 2", "'label'")


def test_events_that_are_no_array_of_tables() -> None:
    text = re.sub(r"\[\[events\]\]\n(?:[a-z_]+ = .*\n)+\n", "", EXAMPLE)
    assert "[[events]]" not in text
    text = text.replace("format = 2\n", 'format = 2\nevents = "release"\n')
    assert_error_at(text, 2, "'events' must be written as [[events]] tables")


# -- relative deadlines ------------------------------------------------------------------


def test_a_relative_deadline_without_an_offset() -> None:
    text = EXAMPLE.replace(REDUCTION_DUE, 'after = "signature"\n')
    assert_error_at(
        text, line_of(text, "[clauses.due]"), "clause 2 field 'due'", "days, weeks or months"
    )


def test_a_relative_deadline_with_two_offsets() -> None:
    text = EXAMPLE.replace(REDUCTION_DUE, REDUCTION_DUE + "weeks = 2\n")
    assert_error_at(text, line_of(text, "weeks = 2"), "exactly one of them")


def test_an_offset_without_after() -> None:
    text = EXAMPLE.replace(REDUCTION_DUE, "days = 135\n")
    assert_error_at(text, line_of(text, "[clauses.due]"), "clause 2 field 'due'", "'after'")


def test_an_offset_of_zero() -> None:
    text = EXAMPLE.replace("days = 135", "days = 0")
    assert_error_at(text, line_of(text, "days = 0"), "clause 2 field 'due.days'", "from 1 to 36525")


def test_an_offset_that_is_not_a_whole_number() -> None:
    for value in ("1.5", "true", '"135"', "-3"):
        text = EXAMPLE.replace("days = 135", f"days = {value}")
        assert_error_at(text, line_of(text, f"days = {value}"), "whole number")


def test_an_offset_beyond_a_century() -> None:
    text = EXAMPLE.replace("months = 14", "months = 1201")
    assert_error_at(text, line_of(text, "months = 1201"), "from 1 to 1200")


def test_after_naming_no_event() -> None:
    text = EXAMPLE.replace('after = "talks-start"', 'after = "ceasefire"')
    assert_error_at(
        text, line_of(text, 'after = "ceasefire"'), "'ceasefire'", "neither signature nor an event"
    )


def test_after_naming_an_event_by_its_label() -> None:
    text = EXAMPLE.replace('after = "prisoner-release"', 'after = "the release of prisoners"')
    assert_error_at(text, line_of(text, 'after = "the release'), "'the release of prisoners'")


def test_a_deadline_both_dated_and_relative() -> None:
    text = EXAMPLE.replace(REDUCTION_DUE, REDUCTION_DUE + "latest = 2020-07-13\n")
    assert_error_at(text, line_of(text, "latest = 2020-07-13"), "unknown field 'latest'", "after")


def test_a_relative_deadline_on_a_principle() -> None:
    text = EXAMPLE.replace(
        'locator = "Part Two, paragraph 1"\n',
        'locator = "Part Two, paragraph 1"\n[clauses.due]\nlabel = "Always"\n'
        'after = "signature"\ndays = 1\n',
    )
    assert_error_at(text, line_of(text, "[clauses.due]"), "clause 1", "principle")


def test_a_relative_deadline_without_a_label() -> None:
    text = EXAMPLE.replace('label = "Within the first 135 days"\n', "")
    assert_error_at(text, line_of(text, "[clauses.due]"), "clause 2 field 'due'", "'label'")


def test_version_1_keeps_its_rules() -> None:
    # A relative deadline, numbering and texts are unknown fields in a format-1 file.
    river = RIVER_ACCORD.replace(
        'earliest = 2021-06-30\nlatest = 2021-06-30\nprecision = "day"',
        'after = "signature"\ndays = 30',
    )
    assert_error_at(river, line_of(river, "after ="), "unknown field 'after'")
    river = RIVER_ACCORD.replace('ref = "II-4"', 'ref = "II-4"\nnumbering = "II, 4"')
    assert_error_at(river, line_of(river, "numbering ="), "unknown field 'numbering'")
    river = RIVER_ACCORD.replace('parties = ["AF", "PK"]', 'parties = ["AF", "TB-1"]', 1)
    assert_error_at(river, line_of(river, '"TB-1"'), "'TB-1'")  # ISO codes only


# -- numbering and texts -------------------------------------------------------------------


def test_an_empty_numbering() -> None:
    text = EXAMPLE.replace('numbering = "Part One, B"', 'numbering = " "')
    assert_error_at(text, line_of(text, 'numbering = " "'), "clause 4 field 'numbering'", "empty")


def test_a_numbering_that_is_too_long() -> None:
    text = EXAMPLE.replace('numbering = "Part One, B"', f'numbering = "{"x" * 201}"')
    assert_error_at(text, line_of(text, 'numbering = "xx'), "longer than 200")


def test_a_numbering_that_is_no_text() -> None:
    text = EXAMPLE.replace('numbering = "Part One, B"', "numbering = 4")
    assert_error_at(text, line_of(text, "numbering = 4"), "text in quotes")


def test_a_text_without_a_language() -> None:
    text = replace_nth(EXAMPLE, 'lang = "ps"\n', "")
    assert_error_at(text, line_of(text, "[[clauses.texts]]", 3), "clause 2, text 2", "'lang'")


def test_a_text_in_a_language_that_is_no_tag() -> None:
    text = EXAMPLE.replace('lang = "ps"', 'lang = "Pashto"')
    assert_error_at(
        text, line_of(text, 'lang = "Pashto"'), "'Pashto' is not a language tag", "fa, ps, ur"
    )


def test_two_texts_in_one_language() -> None:
    text = EXAMPLE.replace('lang = "ps"', 'lang = "fa"')
    assert_error_at(
        text, line_of(text, 'lang = "fa"', 3), "clause 2, text 2", "second text in 'fa'"
    )


def test_two_authoritative_texts() -> None:
    text = EXAMPLE.replace('lang = "ps"\n', 'lang = "ps"\nauthoritative = true\n')
    line = line_of(text, "authoritative = true", 3)
    assert_error_at(text, line, "clause 2, text 2", "'fa' already is")


def test_authoritative_that_is_not_true_or_false() -> None:
    text = replace_nth(EXAMPLE, "authoritative = true", 'authoritative = "yes"', 2)
    assert_error_at(
        text, line_of(text, 'authoritative = "yes"'), "clause 2, text 1", "true or false"
    )


def test_a_text_that_is_empty() -> None:
    ps = re.search(r'lang = "ps"\ntext = "[^"]+"', EXAMPLE)
    assert ps is not None
    text = EXAMPLE.replace(ps.group(), 'lang = "ps"\ntext = ""')
    assert_error_at(text, line_of(text, 'text = ""'), "clause 2, text 2 field 'text'", "empty")


def test_a_control_character_in_a_text() -> None:
    text = EXAMPLE.replace("ولتریا ظرف ۱۳۵", "ولتریا\\u001b ظرف ۱۳۵")
    assert_error_at(text, line_of(text, "\\u001b"), "U+001B", "clause 2, text 1")


def test_an_unknown_field_in_a_text() -> None:
    text = EXAMPLE.replace('lang = "ps"', 'lang = "ps"\nlanguage = "ps"')
    assert_error_at(text, line_of(text, 'language = "ps"'), "unknown field 'language'")


def test_texts_that_are_no_array_of_tables() -> None:
    text = EXAMPLE.replace(
        'title = "Highland talks begin"\n', 'title = "Highland talks begin"\ntexts = "ur"\n'
    )
    assert_error_at(
        text, line_of(text, 'texts = "ur"'), "clause 5 field 'texts'", "[[clauses.texts]]"
    )


def test_an_unknown_field_at_the_top_of_a_version_2_file() -> None:
    text = EXAMPLE.replace("format = 2\n", "format = 2\nlanguages = 2\n")
    assert_error_at(text, 2, "unknown field 'languages'", "parties, events")


# -- nothing else escapes -------------------------------------------------------------------


def assert_only_agreement_file_error(data: bytes) -> None:
    try:
        result = parse_agreement(data, "fuzz.toml")
    except AgreementFileError as error:
        match = re.match(r"fuzz\.toml(?::(\d+))?: \S", error.message)
        assert match is not None, error.message
        if match.group(1) is not None:
            assert 1 <= int(match.group(1)) <= data.count(b"\n") + 1, error.message
    else:
        assert isinstance(result, Agreement)


EXAMPLE_LINES = EXAMPLE.split("\n")
NOISE = st.sampled_from(list("[]{}=\"'#.,\n\\ 0123456789-:abz_\u2028\t"))


@st.composite
def mutated_examples(draw: st.DrawFn) -> bytes:
    lines = list(EXAMPLE_LINES)
    for _ in range(draw(st.integers(1, 5))):
        operation = draw(st.sampled_from(["delete", "duplicate", "replace", "insert", "swap"]))
        index = draw(st.integers(0, len(lines) - 1))
        if operation == "delete":
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "replace":
            lines[index] = draw(st.sampled_from(EXAMPLE_LINES))
        elif operation == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        else:
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(st.text(NOISE, min_size=1, max_size=6)) + line[at:]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_examples())
def test_mutated_version_2_files_raise_only_agreement_file_errors(data: bytes) -> None:
    assert_only_agreement_file_error(data)
