"""The agreement file format (docs/agreement-format.md) against its loader.

The example is taken from the documentation itself, so that the two cannot drift
apart. Every error the documentation lists must come out as an
``AgreementFileError`` naming the file and the right line; nothing else may
escape, whatever the bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vision_desk.domain.agreement import Agreement, ClauseKind, Precision
from vision_desk.domain.agreement_file import (
    MAX_FILE_BYTES,
    load_agreement,
    parse_agreement,
)
from vision_desk.domain.agreement_lines import LineFinder
from vision_desk.errors import AgreementFileError, UserError

REPO = Path(__file__).resolve().parents[2]
FORMAT_DOC = REPO / "docs" / "agreement-format.md"
NAME = "river.toml"


def documented_example() -> str:
    blocks = re.findall(r"```toml\n(.*?)```", FORMAT_DOC.read_text(encoding="utf-8"), re.S)
    assert blocks, "docs/agreement-format.md has no ```toml block"
    return str(blocks[-1])


EXAMPLE = documented_example()


# -- helpers ------------------------------------------------------------------------


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


def error_of(text: str | bytes, name: str = NAME) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(AgreementFileError) as caught:
        parse_agreement(data, name)
    return caught.value.message


def assert_error_at(text: str, line: int, *words: str) -> str:
    message = error_of(text)
    assert message.startswith(f"{NAME}:{line}: "), message
    for word in words:
        assert word in message, message
    return message


# -- the documented example -----------------------------------------------------------


def test_the_documented_example_loads() -> None:
    agreement = parse_agreement(EXAMPLE.encode("utf-8"), NAME)
    assert agreement.id == "river-accord"
    assert agreement.title == "Accord on the Shared River Basin"
    assert agreement.display_title == "River Accord"
    assert agreement.parties == ("AF", "PK")
    assert agreement.place == "Islamabad"
    assert agreement.date == dt.date(2021, 5, 4)
    assert agreement.source == "minutes"
    assert [s.id for s in agreement.sources] == ["minutes"]
    assert agreement.sources[0].publisher == "Joint secretariat"
    assert [c.ref for c in agreement.clauses] == ["I-1", "II-1", "II-4", "R-1"]
    assert [c.kind for c in agreement.clauses] == [
        ClauseKind.PRINCIPLE,
        ClauseKind.COMMITMENT,
        ClauseKind.COMMITMENT,
        ClauseKind.RELATED,
    ]


def test_the_documented_example_keeps_every_field() -> None:
    agreement = parse_agreement(EXAMPLE.encode("utf-8"), NAME)
    principle = agreement.clause("I-1")
    assert principle is not None
    assert principle.due is None
    assert principle.quotes == ("equitable and reasonable use",)
    assert not principle.is_scored
    one_sided = agreement.clause("II-1")
    assert one_sided is not None
    assert one_sided.parties == ("PK",)
    assert one_sided.see_also == ("I-1",)
    assert one_sided.provenance.source == "minutes"
    assert one_sided.provenance.locator == "part II, paragraph 1"
    assert one_sided.due is not None
    assert one_sided.due.label == "By 30 June 2021"
    assert one_sided.due.precision is Precision.DAY
    assert one_sided.due.earliest == one_sided.due.latest == dt.date(2021, 6, 30)
    survey = agreement.clause("II-4")
    assert survey is not None and survey.due is not None
    assert survey.due.precision is Precision.QUARTER
    assert (survey.due.earliest, survey.due.latest) == (dt.date(2021, 7, 1), dt.date(2021, 9, 30))
    related = agreement.clause("R-1")
    assert related is not None and related.due is not None
    assert related.is_scored
    assert related.due.precision is Precision.APPROXIMATE
    assert agreement.clause("II-2") is None


def test_the_layout_block_is_the_same_format() -> None:
    # The first ```toml block documents every field with "..." placeholders;
    # it must at least be valid TOML with the same field names the loader knows.
    import tomllib

    layout = re.findall(r"```toml\n(.*?)```", FORMAT_DOC.read_text(encoding="utf-8"), re.S)[0]
    document = tomllib.loads(layout)
    example = tomllib.loads(EXAMPLE)
    assert set(document) == set(example)
    assert set(example["clauses"][1]) <= set(document["clauses"][0])
    assert set(document["clauses"][0]["due"]) == set(example["clauses"][1]["due"])


def test_load_agreement_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "river-accord.toml"
    path.write_bytes(EXAMPLE.encode("utf-8"))
    assert load_agreement(path).id == "river-accord"


def test_load_agreement_names_the_file_in_errors(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_bytes(EXAMPLE.replace("format = 1", "format = 3").encode("utf-8"))
    with pytest.raises(AgreementFileError, match=r"^broken\.toml:1: format must be 1 or 2"):
        load_agreement(path)


def test_load_agreement_of_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AgreementFileError, match="cannot be read"):
        load_agreement(tmp_path / "absent.toml")


def test_load_agreement_of_a_folder(tmp_path: Path) -> None:
    with pytest.raises(AgreementFileError, match="cannot be read"):
        load_agreement(tmp_path)


def test_a_byte_order_mark_and_windows_line_ends_are_fine() -> None:
    data = b"\xef\xbb\xbf" + EXAMPLE.replace("\n", "\r\n").encode("utf-8")
    assert parse_agreement(data, NAME).id == "river-accord"


def test_agreement_file_error_is_a_user_error() -> None:
    # The interface shows user errors as sentences and everything else as a crash.
    assert issubclass(AgreementFileError, UserError)


# -- numbering -----------------------------------------------------------------------------


def test_numbering_that_restarts_and_skips_is_kept_in_file_order() -> None:
    text = EXAMPLE
    for old, new in [("I-1", "Art.4(2)"), ("II-1", "X-7b"), ("II-4", "A-1"), ("R-1", "A-0")]:
        text = text.replace(f'"{old}"', f'"{new}"')
    agreement = parse_agreement(text.encode("utf-8"), NAME)
    assert [c.ref for c in agreement.clauses] == ["Art.4(2)", "X-7b", "A-1", "A-0"]
    clause = agreement.clause("X-7b")
    assert clause is not None
    assert clause.see_also == ("Art.4(2)",)


def test_a_see_also_may_point_forward() -> None:
    text = replace_nth(EXAMPLE, 'see_also = ["I-1"]', 'see_also = ["R-1", "I-1"]')
    clause = parse_agreement(text.encode("utf-8"), NAME).clause("II-1")
    assert clause is not None
    assert clause.see_also == ("R-1", "I-1")


# -- every documented error, at its line -------------------------------------------------


def test_unknown_field_points_at_the_typo() -> None:
    text = replace_nth(EXAMPLE, 'title = "Share flow data"', 'titel = "Share flow data"')
    assert_error_at(text, line_of(text, "titel ="), "unknown field 'titel'", "clause 2")


def test_unknown_field_at_the_top_and_in_the_agreement() -> None:
    text = EXAMPLE.replace('place = "Islamabad"', 'place = "Islamabad"\nplaec = "x"')
    assert_error_at(text, line_of(text, "plaec"), "unknown field 'plaec'")
    text = EXAMPLE.replace("format = 1", "format = 1\nversion = 2")
    assert_error_at(text, line_of(text, "version = 2"), "unknown field 'version'")


def test_missing_ref_points_at_the_clause() -> None:
    text = EXAMPLE.replace('ref = "II-4"\n', "")
    assert_error_at(text, line_of(text, "[[clauses]]", 3), "clause 3", "'ref'")


def test_missing_required_field_in_a_deadline_points_at_its_table() -> None:
    text = EXAMPLE.replace('label = "In the third quarter of 2021"\n', "")
    assert_error_at(text, line_of(text, "[clauses.due]", 2), "clause 3", "'label'")


def test_missing_provenance_points_at_the_clause() -> None:
    text = replace_nth(
        EXAMPLE,
        '[clauses.provenance]\nsource = "minutes"\nlocator = "part II, paragraph 4"\n',
        "",
    )
    assert_error_at(text, line_of(text, "[[clauses]]", 3), "'provenance'")


def test_duplicate_ref_points_at_the_second_one() -> None:
    text = EXAMPLE.replace('ref = "II-4"', 'ref = "II-1"')
    first = line_of(text, 'ref = "II-1"', 1)
    second = line_of(text, 'ref = "II-1"', 2)
    assert first < second
    message = assert_error_at(text, second, "duplicate reference 'II-1'")
    assert f"first used at line {first}" in message


def test_duplicate_source_id() -> None:
    text = EXAMPLE.replace(
        "\n[[clauses]]\n",
        '\n[[sources]]\nid = "minutes"\ntitle = "Again"\n\n[[clauses]]\n',
        1,
    )
    assert_error_at(text, line_of(text, 'id = "minutes"', 2), "duplicate source id 'minutes'")


def test_see_also_naming_nothing() -> None:
    text = EXAMPLE.replace('see_also = ["I-1"]', 'see_also = ["I-1", "I-9"]')
    assert_error_at(text, line_of(text, "see_also"), "'I-9'")


def test_provenance_source_naming_nothing() -> None:
    # The fourth `source = "minutes"` is clause 3's provenance (after the
    # agreement's own source and two clauses).
    text = replace_nth(EXAMPLE, 'source = "minutes"', 'source = "minutez"', 4)
    assert_error_at(text, line_of(text, "minutez"), "source 'minutez'", "[[sources]]")


def test_agreement_source_naming_nothing() -> None:
    text = replace_nth(EXAMPLE, 'source = "minutes"', 'source = "agenda"', 1)
    assert_error_at(text, line_of(text, 'source = "agenda"'), "'agenda'")


def test_impossible_date_is_a_toml_error_at_its_line() -> None:
    text = EXAMPLE.replace("latest = 2021-06-30", "latest = 2021-02-30")
    assert_error_at(text, line_of(text, "2021-02-30"), "not valid TOML", "date")


def test_toml_syntax_error_at_its_line() -> None:
    text = EXAMPLE.replace('strand = "finance"', 'strand = "finance')
    assert_error_at(text, line_of(text, 'strand = "finance'), "not valid TOML")


def test_toml_error_at_the_end_of_the_document_names_the_last_line() -> None:
    text = EXAMPLE + 'quotes = ["unclosed"'
    assert_error_at(text, text.count("\n") + 1, "not valid TOML")
    text = EXAMPLE + "quotes = \n"
    assert_error_at(text, text.count("\n"), "not valid TOML")


def test_earliest_after_latest() -> None:
    text = EXAMPLE.replace("earliest = 2021-12-01", "earliest = 2022-02-01")
    assert_error_at(text, line_of(text, "earliest = 2022-02-01"), "2022-02-01", "2022-01-15")


def test_day_precision_with_two_dates() -> None:
    text = EXAMPLE.replace("earliest = 2021-06-30", "earliest = 2021-06-01")
    line = line_of(text, 'precision = "day"')
    assert_error_at(text, line, "precision 'day'", "2021-06-01")


def test_quarter_spanning_two_quarters() -> None:
    text = EXAMPLE.replace("latest = 2021-09-30", "latest = 2021-10-15")
    assert_error_at(text, line_of(text, 'precision = "quarter"'), "precision 'quarter'")


def test_quarter_across_a_year_end() -> None:
    # Same quarter number, different years: still two quarters.
    text = EXAMPLE.replace("earliest = 2021-07-01", "earliest = 2020-07-01")
    assert_error_at(text, line_of(text, 'precision = "quarter"'), "precision 'quarter'")


def test_month_precision_spanning_two_months() -> None:
    text = EXAMPLE.replace('precision = "quarter"', 'precision = "month"')
    assert_error_at(text, line_of(text, 'precision = "month"'), "precision 'month'")


def test_unknown_precision() -> None:
    text = EXAMPLE.replace('precision = "quarter"', 'precision = "season"')
    assert_error_at(text, line_of(text, '"season"'), "'season'", "day, month, quarter")


def test_deadline_on_a_principle() -> None:
    text = EXAMPLE.replace('kind = "commitment"', 'kind = "principle"', 1)
    assert_error_at(text, line_of(text, "[clauses.due]", 1), "clause 2", "principle")


def test_unknown_sub_table_points_at_its_header() -> None:
    text = EXAMPLE.replace(
        'locator = "part I, paragraph 1"\n',
        'locator = "part I, paragraph 1"\n[clauses.provenance.extra]\n',
    )
    assert_error_at(text, line_of(text, "[clauses.provenance.extra]"), "unknown field 'extra'")


def test_deadline_on_a_principle_as_an_inline_table() -> None:
    text = EXAMPLE.replace(
        'quotes = ["equitable and reasonable use"]\n',
        'quotes = ["equitable and reasonable use"]\n'
        'due = { label = "Soon", earliest = 2021-06-30, latest = 2021-06-30, precision = "day" }\n',
    )
    assert_error_at(text, line_of(text, "due = {"), "clause 1", "principle")


def test_wrong_kind() -> None:
    text = EXAMPLE.replace('kind = "related"', 'kind = "promise"')
    assert_error_at(
        text, line_of(text, '"promise"'), "clause 4", "'promise'", "principle, commitment, related"
    )


def test_party_not_in_the_agreement() -> None:
    text = EXAMPLE.replace('parties = ["PK"]', 'parties = ["XX"]')
    assert_error_at(text, line_of(text, '["XX"]'), "'XX' is not a party")


def test_clause_binding_nobody() -> None:
    text = EXAMPLE.replace('parties = ["PK"]', "parties = []")
    assert_error_at(text, line_of(text, "parties = []"), "at least one party")


def test_party_code_in_lower_case() -> None:
    text = EXAMPLE.replace('parties = ["AF", "PK"]', 'parties = ["af", "PK"]', 1)
    assert_error_at(text, line_of(text, '["af", "PK"]'), "'af'")


def test_format_three() -> None:
    text = EXAMPLE.replace("format = 1", "format = 3")
    assert_error_at(text, 1, "format must be 1 or 2", "says 3")


def test_a_format_one_file_marked_format_two_is_read_as_format_two() -> None:
    # Format 2 names its parties in [[parties]]: the format-1 list is refused.
    text = EXAMPLE.replace("format = 1", "format = 2")
    assert_error_at(text, line_of(text, 'parties = ["AF", "PK"]'), "[[parties]]")


@pytest.mark.parametrize("value", ["1.0", "true", '"1"', "0x1_0000", "2.0", '"2"'])
def test_format_must_be_the_integer_one_or_two(value: str) -> None:
    text = EXAMPLE.replace("format = 1", f"format = {value}")
    assert_error_at(text, 1, "format must be 1 or 2")


def test_format_given_as_a_huge_hexadecimal_number() -> None:
    # Parsed by tomllib, but too long to print in decimal: no ValueError may escape.
    text = EXAMPLE.replace("format = 1", "format = 0x" + "f" * 5000)
    assert_error_at(text, 1, "format must be 1 or 2")


def test_a_number_with_too_many_digits() -> None:
    digits = sys.get_int_max_str_digits() or 4300
    text = EXAMPLE.replace('place = "Islamabad"', 'place = "Islamabad"\nx = ' + "9" * (digits + 1))
    assert_error_at(text, line_of(text, "x = 99"))


def test_wrong_type() -> None:
    text = EXAMPLE.replace('strand = "data"', "strand = 7", 1)
    assert_error_at(text, line_of(text, "strand = 7"), "clause 2", "text in quotes")
    text = EXAMPLE.replace("date = 2021-05-04", 'date = "2021-05-04"', 1)
    assert_error_at(text, line_of(text, 'date = "2021-05-04"'), "date")
    text = EXAMPLE.replace("latest = 2021-06-30", "latest = 2021-06-30T10:00:00")
    assert_error_at(text, line_of(text, "T10:00:00"), "must be a date")


# -- line numbers the scanner must not be fooled about ------------------------------------


def test_a_multiline_string_that_looks_like_a_clause_does_not_shift_lines() -> None:
    text = EXAMPLE.replace(
        'text = "Both parties use the basin\'s water equitably and reasonably."',
        'text = """Both parties\n[[clauses]]\nref = "II-4"\nkind = "promise"\n"""',
    )
    text = text.replace('kind = "related"', 'kind = "pledge"')
    assert_error_at(text, line_of(text, '"pledge"'), "clause 4", "'pledge'")


def test_a_literal_multiline_string_and_an_array_over_lines() -> None:
    text = EXAMPLE.replace(
        'quotes = ["equitable and reasonable use"]',
        "quotes = [\n  '''equitable\n[[clauses]]\n''',\n  \"x\", # [[clauses]]\n]",
    )
    text = text.replace('see_also = ["I-1"]', 'see_also = ["I-2"]')
    assert_error_at(text, line_of(text, 'see_also = ["I-2"]'), "'I-2'")


def test_unicode_line_separators_are_not_line_ends() -> None:
    # TOML counts only \n; U+2028, U+2029 and U+0085 in a comment are no line ends.
    # (In a value they are refused: tests/domain/test_agreement_file_controls.py.)
    text = EXAMPLE.replace(
        'place = "Islamabad"', 'place = "Islamabad"  # \u2028\u2029\x85 Again.\u2028'
    ).replace('kind = "related"', 'kind = "promise"')
    assert_error_at(text, line_of(text, '"promise"'), "'promise'")


def test_dotted_and_quoted_keys() -> None:
    text = replace_nth(
        EXAMPLE,
        '[clauses.provenance]\nsource = "minutes"\nlocator = "part II, paragraph 4"\n',
        'provenance.source = "nowhere"\n"provenance" . "locator" = "part II, paragraph 4"\n',
    )
    assert_error_at(text, line_of(text, '"nowhere"'), "'nowhere'")


def test_quoted_header_and_comments() -> None:
    text = EXAMPLE.replace("[[clauses]]", '[[ "clauses" ]]  # a clause').replace(
        "[clauses.due]", '[ clauses . "due" ]  # its deadline'
    )
    text = text.replace("latest = 2021-09-30", "latest = 2021-10-15")
    assert_error_at(text, line_of(text, 'precision = "quarter"'), "precision 'quarter'")


def test_a_long_line_in_a_string_is_scanned_quickly_and_correctly() -> None:
    # A header-like line with many spaces once made the scanner backtrack
    # quadratically; with 100,000 spaces that took minutes.
    text = EXAMPLE.replace(
        'text = "A fund for basin projects, announced at the press conference."',
        'text = """\n[a' + " " * 100_000 + '!\n"""',
    ).replace('strand = "finance"', 'strand = "Finance"')
    assert_error_at(text, line_of(text, '"Finance"'), "'Finance'")


def test_line_finder_paths() -> None:
    finder = LineFinder(EXAMPLE)
    assert finder.line_of(()) == 1
    assert finder.line_of(("format",)) == line_of(EXAMPLE, "format = 1")
    assert finder.line_of(("agreement",)) == line_of(EXAMPLE, "[agreement]")
    assert finder.line_of(("agreement", "date")) == line_of(EXAMPLE, "date = 2021-05-04")
    assert finder.line_of(("sources", 0, "date")) == line_of(EXAMPLE, "date = 2021-05-04", 2)
    assert finder.line_of(("clauses", 0)) == line_of(EXAMPLE, "[[clauses]]", 1)
    assert finder.line_of(("clauses", 3, "due", "latest")) == line_of(
        EXAMPLE, "latest = 2022-01-15"
    )
    assert finder.line_of(("clauses", 2, "provenance")) == line_of(
        EXAMPLE, "[clauses.provenance]", 3
    )
    # A field that is missing is reported at its table; an unknown path at line 1.
    assert finder.line_of(("clauses", 2, "due", "nothing")) == line_of(EXAMPLE, "[clauses.due]", 2)
    assert finder.line_of(("nothing", "here")) == 1


def leaf_paths(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every key path in a parsed document that ends in a key, not a list item."""
    found: list[tuple[str | int, ...]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((*path, key))
            found.extend(leaf_paths(item, (*path, key)))
    elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        for index, item in enumerate(value):
            found.extend(leaf_paths(item, (*path, index)))
    return found


@pytest.mark.parametrize(
    "path", [FORMAT_DOC, REPO / "resources" / "agreements" / "shared-vision.toml"]
)
def test_every_key_is_found_on_its_own_line(path: Path) -> None:
    import tomllib

    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = documented_example()
    lines = text.split("\n")
    finder = LineFinder(text)
    paths = leaf_paths(tomllib.loads(text))
    assert len(paths) > 20
    for where in paths:
        line = lines[finder.line_of(where) - 1].strip()
        key = str(where[-1])
        if line.startswith("["):
            # a table: its header names the whole path, without the indices
            header = line.split("#")[0].strip().strip("[]")
            assert header == ".".join(str(p) for p in where if isinstance(p, str)), where
        else:
            assert re.match(rf'"?{re.escape(key)}"?\s*=', line), (where, line)


# Values whose text hides headers, assignments, brackets and delimiters.
TRICKY_VALUES = [
    '"plain"',
    '"a [[clauses]] b = c # d"',
    "'literal \\ [x]'",
    '"""\n[[clauses]]\nref = "X"\n"""',
    '"""escaped \\""" still inside\n[agreement]"""',
    '""""quoted""""',
    "'''\n[[clauses]]\n'''''",
    '"""line \\\n  continued"""',
    '[\n  "a",\n  # [[clauses]]\n  "]",\n  [1, [2]],\n]',
    '{ a = "]", b = [1, 2], c = { d = "}" } }',
    "2021-06-30  # [[clauses]]",
    '"\u2028 \x85 separators"',
]


@st.composite
def documents_with_known_lines(draw: st.DrawFn) -> tuple[str, dict[tuple[str | int, ...], int]]:
    lines = ["format = 1  # [[clauses]]"]
    expected: dict[tuple[str | int, ...], int] = {("format",): 1}
    for index in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            lines.append("# [[clauses]] in a comment")
        lines.append(draw(st.sampled_from(["[[clauses]]", '[[ "clauses" ]]  # note'])))
        expected[("clauses", index)] = len(lines)
        for number in range(draw(st.integers(1, 5))):
            key = draw(st.sampled_from([f"k{number}", f'"k{number}"', f"'k{number}'"]))
            value = draw(st.sampled_from(TRICKY_VALUES))
            if draw(st.booleans()):
                lines.append("")
            lines.extend(f"{key} = {value}".split("\n"))
            expected[("clauses", index, f"k{number}")] = len(lines) - value.count("\n")
        if draw(st.booleans()):
            lines.append("[clauses.due]")
            expected[("clauses", index, "due")] = len(lines)
            lines.append("latest = 2021-06-30")
            expected[("clauses", index, "due", "latest")] = len(lines)
    return "\n".join(lines) + "\n", expected


@settings(max_examples=150, deadline=None)
@given(documents_with_known_lines())
def test_line_finder_on_generated_documents(
    document: tuple[str, dict[tuple[str | int, ...], int]],
) -> None:
    import tomllib

    text, expected = document
    parsed = tomllib.loads(text)  # the generator writes valid TOML
    assert len(parsed["clauses"]) == 1 + max(int(w[1]) for w in expected if len(w) > 1)
    finder = LineFinder(text)
    for where, line in expected.items():
        assert finder.line_of(where) == line, (where, text)


# -- hostile files ----------------------------------------------------------------------------


def test_a_file_over_five_megabytes() -> None:
    data = EXAMPLE.encode("utf-8") + b"#" * MAX_FILE_BYTES
    message = error_of(data)
    assert message.startswith(f"{NAME}: ")
    assert "5 MB" in message


def test_a_file_over_five_megabytes_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    with pytest.raises(AgreementFileError, match=r"^huge\.toml: .*5 MB"):
        load_agreement(path)


def test_a_file_of_exactly_five_megabytes_is_read() -> None:
    padding = MAX_FILE_BYTES - len(EXAMPLE.encode("utf-8")) - 1
    data = EXAMPLE.encode("utf-8") + b"#" + b"x" * padding
    assert len(data) == MAX_FILE_BYTES
    assert parse_agreement(data, NAME).id == "river-accord"


def test_a_binary_file() -> None:
    message = error_of(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert message.startswith(f"{NAME}: ")
    assert "binary" in message


def test_a_nul_byte_in_an_otherwise_valid_file() -> None:
    assert "binary" in error_of(EXAMPLE.encode("utf-8") + b"\x00")


def test_latin_1_text_names_the_line_of_the_first_bad_byte() -> None:
    text = EXAMPLE.replace('place = "Islamabad"', 'place = "Islamabad, Pakistán"')
    message = error_of(text.encode("latin-1"))
    assert message.startswith(f"{NAME}:{line_of(text, 'Pakistán')}: "), message
    assert "UTF-8" in message


def test_latin_1_after_a_byte_order_mark_keeps_the_right_line() -> None:
    data = b"\xef\xbb\xbfformat = 1\n\xe9 = 1\n"
    assert error_of(data).startswith(f"{NAME}:2: ")


@pytest.mark.parametrize("opener", ["[", "{a = "])
def test_deep_nesting(opener: str) -> None:
    message = error_of("x = " + opener * 100_000)
    assert message.startswith(f"{NAME}: ")
    assert "nests too deeply" in message


def test_deep_but_parseable_nesting_is_a_type_error() -> None:
    text = EXAMPLE.replace('parties = ["PK"]', "parties = " + "[" * 100 + "]" * 100)
    assert_error_at(text, line_of(text, "parties = [[["), "clause 2")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\n\n",
        b"format = 1\n",
        b"[[clauses]]\n",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        "format = 1\n[agreement]\nid = \u0000".encode(),
        b"format = 1\nagreement = 3\nsources = []\nclauses = []\n",
        b"format = 1\nagreement = {}\nsources = [{}]\nclauses = [{}]\n",
        b"format = 1\n[agreement]\n[[sources]]\n[[clauses]]\n",
        b"format = 1\nsources = 1\nclauses = 1\nagreement.id = 'x'\n",
    ],
)
def test_odd_files_raise_only_agreement_file_errors(data: bytes) -> None:
    message = error_of(data)
    assert message.startswith(f"{NAME}")


# -- fuzzing ------------------------------------------------------------------------------


def assert_only_agreement_file_error(data: bytes) -> None:
    """``parse_agreement`` either returns an agreement or raises an
    AgreementFileError whose message names the file and, if it gives a line,
    one that exists."""
    try:
        result = parse_agreement(data, "fuzz.toml")
    except AgreementFileError as error:
        message = error.message
        match = re.match(r"fuzz\.toml(?::(\d+))?: \S", message)
        assert match is not None, message
        if match.group(1) is not None:
            assert 1 <= int(match.group(1)) <= data.count(b"\n") + 1, message
    else:
        assert isinstance(result, Agreement)
        assert result.clauses


EXAMPLE_LINES = EXAMPLE.split("\n")
TOML_CHARACTERS = st.sampled_from(list("[]{}=\"'#.,\n\\ 0123456789-:TZabcxyz_\u2028\t\r"))


@st.composite
def mutated_examples(draw: st.DrawFn) -> bytes:
    lines = list(EXAMPLE_LINES)
    for _ in range(draw(st.integers(1, 6))):
        operation = draw(st.sampled_from(["delete", "duplicate", "replace", "insert", "swap"]))
        index = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if operation == "delete" and lines:
            del lines[index]
        elif operation == "duplicate" and lines:
            lines.insert(index, lines[index])
        elif operation == "replace" and lines:
            lines[index] = draw(st.one_of(st.text(max_size=40), st.sampled_from(EXAMPLE_LINES)))
        elif operation == "swap" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif lines:
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            noise = draw(st.text(TOML_CHARACTERS, min_size=1, max_size=8))
            lines[index] = line[:at] + noise + line[at:]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_random_bytes_raise_only_agreement_file_errors(data: bytes) -> None:
    assert_only_agreement_file_error(data)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_examples())
def test_mutated_examples_raise_only_agreement_file_errors(data: bytes) -> None:
    assert_only_agreement_file_error(data)


@settings(max_examples=100, deadline=None)
@given(st.text(TOML_CHARACTERS, max_size=200))
def test_random_toml_like_text_raises_only_agreement_file_errors(text: str) -> None:
    assert_only_agreement_file_error(text.encode("utf-8"))
