"""Format 2 (docs/agreement-format.md, "Version 2") against its loader: the
documented example loads, and every field it adds reaches the model."""

from __future__ import annotations

import datetime as dt
import re
import tomllib

import pytest
from documented_agreements import FORMAT_DOC, HIGHLAND_ACCORD, NAME, load, replace_nth

from vision_desk.domain.agreement import (
    SIGNATURE,
    ClauseKind,
    ClauseText,
    Event,
    Precision,
    RelativeDeadline,
    TimeUnit,
)
from vision_desk.domain.agreement_lines import LineFinder
from vision_desk.domain.parties import Party, PartyKind

D = dt.date


def test_the_version_2_example_loads() -> None:
    agreement = load(HIGHLAND_ACCORD)
    assert agreement.id == "highland-accord"
    assert agreement.display_title == "Highland Accord"
    assert agreement.date == D(2020, 2, 29)
    assert agreement.parties == ("VT", "HLF", "OBS")
    assert [clause.ref for clause in agreement.clauses] == [
        "HA-1",
        "HA-2",
        "HA-3",
        "HA-4",
        "HA-5",
        "HA-6",
        "HA-7",
        "HA-R1",
    ]


def test_the_party_registry_keeps_every_field() -> None:
    agreement = load(HIGHLAND_ACCORD)
    assert agreement.party_registry[0] == Party(
        code="VT",
        name="Republic of Veltria",
        kind=PartyKind.STATE,
        short_name="Veltria",
        names=(("fa", "جمهوری ولتریا"), ("ps", "د ولتریا جمهوریت")),
    )
    front = agreement.party("HLF")
    assert front.kind is PartyKind.NON_STATE_ARMED_GROUP
    assert front.name == "Highland Liberation Front"
    assert front.display_name == "Highland Front"
    # The zero-width non-joiner of Dari words is text, kept as written.
    assert front.name_in("fa") == "جبهه آزادی\u200cبخش کوهستان"
    assert front.name_in("ps") is None
    mission = agreement.party("OBS")
    assert mission.kind is PartyKind.INTERNATIONAL_ORGANISATION
    assert mission.names == ()
    assert agreement.party_name("OBS") == "International Observer Mission for the Highlands"


def test_the_file_s_names_win_over_the_built_in_ones() -> None:
    # "US" has a built-in name; a version-2 file's own name is the one printed.
    text = HIGHLAND_ACCORD.replace('code = "VT"', 'code = "US"').replace('["VT"', '["US"')
    text = text.replace('name = "Republic of Veltria"', 'name = "United States of America"')
    agreement = load(text)
    assert agreement.party_name("US") == "United States of America"
    assert agreement.parties[0] == "US"


def test_party_codes_are_not_limited_to_iso_codes() -> None:
    text = HIGHLAND_ACCORD.replace('"HLF"', '"HLF_2-B"')
    agreement = load(text)
    assert agreement.parties == ("VT", "HLF_2-B", "OBS")
    prisoners = agreement.clause("HA-4")
    assert prisoners is not None
    assert prisoners.parties == ("VT", "HLF_2-B")


def test_every_party_kind_is_read() -> None:
    for kind in PartyKind:
        text = HIGHLAND_ACCORD.replace('kind = "international_organisation"', f'kind = "{kind}"')
        assert load(text).party("OBS").kind is kind
    assert PartyKind.NON_STATE_ARMED_GROUP.label == "Non-state armed group"


def test_names_may_be_a_table_of_their_own() -> None:
    text = HIGHLAND_ACCORD.replace(
        'kind = "international_organisation"\n',
        'kind = "international_organisation"\n[parties.names]\nfa = "هیئت ناظر"\nur = "مبصر مشن"\n',
    )
    assert load(text).party("OBS").names == (("fa", "هیئت ناظر"), ("ur", "مبصر مشن"))


def test_events_are_declared_and_signature_is_built_in() -> None:
    agreement = load(HIGHLAND_ACCORD)
    assert agreement.events == (
        Event("prisoner-release", "the release of prisoners"),
        Event("talks-start", "the start of the highland talks"),
    )
    assert agreement.event(SIGNATURE) == Event("signature", "signature")
    assert agreement.event("talks-start") == agreement.events[1]
    assert agreement.event("ceasefire") is None


def test_a_file_may_declare_no_events() -> None:
    text = re.sub(r"\[\[events\]\]\nid = \"[a-z-]+\"\nlabel = \"[^\"]+\"\n\n", "", HIGHLAND_ACCORD)
    text = text.replace('after = "prisoner-release"', 'after = "signature"').replace(
        'after = "talks-start"', 'after = "signature"'
    )
    assert "[[events]]" not in text
    assert load(text).events == ()


def test_the_document_s_own_numbering() -> None:
    agreement = load(HIGHLAND_ACCORD)
    numbering = {clause.ref: clause.numbering for clause in agreement.clauses}
    assert numbering["HA-2"] == "Part One, A, 1"
    assert numbering["HA-4"] == "Part One, B"
    assert numbering["HA-R1"] == ""  # left out: none


def test_relative_deadlines_keep_anchor_offset_and_wording() -> None:
    agreement = load(HIGHLAND_ACCORD)
    relative = {clause.ref: clause.relative_due for clause in agreement.clauses}
    assert relative["HA-2"] == RelativeDeadline(
        "Within the first 135 days", SIGNATURE, 135, TimeUnit.DAYS
    )
    assert relative["HA-3"] == RelativeDeadline(
        "Within fourteen months of the agreement", SIGNATURE, 14, TimeUnit.MONTHS
    )
    assert relative["HA-5"] == RelativeDeadline(
        "30 days after the release of prisoners", "prisoner-release", 30, TimeUnit.DAYS
    )
    assert relative["HA-6"] == RelativeDeadline(
        "Within three weeks of the start of the talks", "talks-start", 3, TimeUnit.WEEKS
    )
    assert relative["HA-1"] is None  # a principle
    # A dated deadline is read as in version 1, and is no relative one.
    prisoners = agreement.clause("HA-4")
    assert prisoners is not None and prisoners.due is not None
    assert prisoners.relative_due is None
    assert prisoners.due.precision is Precision.DAY
    assert all(clause.has_deadline for clause in agreement.clauses[1:])
    assert not agreement.clauses[0].has_deadline


def test_texts_in_several_languages() -> None:
    agreement = load(HIGHLAND_ACCORD)
    reduction = agreement.clause("HA-2")
    assert reduction is not None
    assert [(text.language, text.authoritative) for text in reduction.texts] == [
        ("fa", True),
        ("ps", False),
    ]
    dari = reduction.text_in("fa")
    assert dari is not None and dari is reduction.authoritative_text
    assert dari.text.startswith("ولتریا ظرف ۱۳۵ روز نخست")
    assert dari.is_right_to_left
    assert reduction.text_in("ur") is None
    # The English working text stays where it always was.
    assert reduction.text.startswith("Veltria reduces its forces")
    talks = agreement.clause("HA-5")
    assert talks is not None and talks.texts == () and talks.authoritative_text is None


def test_a_text_without_authoritative_is_not_authoritative_and_english_is_left_to_right() -> None:
    text = replace_nth(
        HIGHLAND_ACCORD,
        'locator = "Part Two, paragraph 2"\n',
        'locator = "Part Two, paragraph 2"\n[[clauses.texts]]\nlang = "en"\n'
        'text = "Intra-highland negotiations will start."\n',
    )
    talks = load(text).clause("HA-5")
    assert talks is not None
    assert talks.texts == (ClauseText("en", "Intra-highland negotiations will start."),)
    assert not talks.texts[0].is_right_to_left
    assert talks.authoritative_text is None


def test_texts_may_be_written_as_an_inline_array() -> None:
    text = replace_nth(
        HIGHLAND_ACCORD,
        'locator = "Part Two, paragraph 2"\n',
        'locator = "Part Two, paragraph 2"\n',
    ).replace(
        'title = "Highland talks begin"\n',
        'title = "Highland talks begin"\n'
        'texts = [{ lang = "ur", text = "مذاکرات شروع ہوں گے۔", authoritative = true }]\n',
    )
    talks = load(text).clause("HA-5")
    assert talks is not None
    assert talks.texts == (ClauseText("ur", "مذاکرات شروع ہوں گے۔", authoritative=True),)


def test_a_principle_and_a_related_undertaking_in_version_2() -> None:
    agreement = load(HIGHLAND_ACCORD)
    assert agreement.clauses[0].kind is ClauseKind.PRINCIPLE
    assert agreement.clauses[0].parties == ("HLF",)
    related = agreement.clause("HA-R1")
    assert related is not None and related.kind is ClauseKind.RELATED
    assert related.parties == ("OBS",)


def test_the_version_2_layout_block_uses_the_example_s_fields() -> None:
    doc = FORMAT_DOC.read_text(encoding="utf-8")
    section = doc.split("### What version 2 changes\n", 1)[1]
    layout = tomllib.loads(section.split("```toml\n", 1)[1].split("```", 1)[0])
    example = tomllib.loads(HIGHLAND_ACCORD)
    assert layout["format"] == example["format"] == 2
    assert "parties" not in layout["agreement"]
    assert set(layout["parties"][0]) == set(example["parties"][0])
    assert set(layout["events"][0]) == set(example["events"][0])
    assert set(layout["clauses"][0]["due"]) <= {"label", "after", "days", "weeks", "months"}
    assert set(layout["clauses"][0]["texts"][0]) == set(example["clauses"][1]["texts"][0])


def leaf_paths(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every key path of a parsed document, through arrays of tables."""
    found: list[tuple[str | int, ...]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((*path, key))
            found.extend(leaf_paths(item, (*path, key)))
    elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        for index, item in enumerate(value):
            found.extend(leaf_paths(item, (*path, index)))
    return found


def test_every_key_of_the_version_2_example_is_found_on_its_own_line() -> None:
    lines = HIGHLAND_ACCORD.split("\n")
    finder = LineFinder(HIGHLAND_ACCORD)
    paths = leaf_paths(tomllib.loads(HIGHLAND_ACCORD))
    assert ("clauses", 1, "texts", 1, "lang") in paths
    for where in paths:
        line = lines[finder.line_of(where) - 1].strip()
        if line.startswith("["):
            header = line.strip("[]")
            assert header == ".".join(str(p) for p in where if isinstance(p, str)), where
        elif where[-2:-1] == ("names",):
            assert line.startswith("names = {"), (where, line)  # an inline table's key
        else:
            assert re.match(rf"{re.escape(str(where[-1]))}\s*=", line), (where, line)


@pytest.mark.parametrize("name", [NAME, "highland-accord.toml"])
def test_the_version_2_example_loads_under_any_name(name: str) -> None:
    assert load(HIGHLAND_ACCORD, name).id == "highland-accord"
