"""The Shared Vision corpus (resources/agreements/shared-vision.toml) against its source.

The corpus is data, written to docs/agreement-format.md. These checks keep it honest:
every quote is the source's own quoted words, character for character; every deadline
has the window the document gives it; references and links hold together.

The source article lives outside the repository (shared/seed beside the clone, or
VISION_DESK_SEED_DIR). Without it the source checks are skipped locally and fail in CI.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS_PATH = REPO_ROOT / "resources" / "agreements" / "shared-vision.toml"
SEED_NAME = "000_1b980f73b6b27157.txt"
SOURCE_ID = "pakistan-today-2020-11-19"

PARTIES = ["AF", "PK"]
KINDS = ("principle", "commitment", "related")
STRANDS = {"security", "refugees", "connectivity", "political", "economic", "review"}

# A quoted span in the article: “…”, "…", or ‘…’ (where a ’ followed by a letter is an
# apostrophe inside the span, not its end). Spans never cross a line.
QUOTED_SPAN = re.compile(r"“[^“”\n]*”|\"[^\"\n]*\"|‘(?:[^‘’\n]|’(?=\w))*’")
OPENING_MARKS = '“‘"'
CLOSING_MARKS = '”’"'


def seed_dir() -> Path:
    configured = os.environ.get("VISION_DESK_SEED_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "shared" / "seed"


@pytest.fixture(scope="module")
def corpus() -> dict[str, Any]:
    with CORPUS_PATH.open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture(scope="module")
def clauses(corpus: dict[str, Any]) -> list[dict[str, Any]]:
    return corpus["clauses"]


@pytest.fixture(scope="module")
def by_ref(clauses: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {clause["ref"]: clause for clause in clauses}


@pytest.fixture(scope="module")
def seed_text() -> str:
    path = seed_dir() / SEED_NAME
    if not path.is_file():
        message = f"source article not found: {path} (set VISION_DESK_SEED_DIR)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path.read_text(encoding="utf-8")


def all_quotes(clauses: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(clause["ref"], quote) for clause in clauses for quote in clause.get("quotes", [])]


def with_label(clauses: list[dict[str, Any]], fragment: str) -> list[dict[str, Any]]:
    return [c for c in clauses if "due" in c and fragment in c["due"]["label"]]


# --- the file itself --------------------------------------------------------------


def test_agreement_header(corpus: dict[str, Any]) -> None:
    assert corpus["format"] == 1
    agreement = corpus["agreement"]
    assert agreement["id"] == "shared-vision"
    assert agreement["short_title"] == "A Shared Vision"
    assert agreement["title"] == (
        "A Shared Vision between Afghanistan and Pakistan to support peace and "
        "stability in both countries and the wider region"
    )
    assert agreement["parties"] == PARTIES
    assert agreement["place"] == "Kabul"
    assert agreement["date"] == dt.date(2020, 11, 19)
    assert agreement["source"] == SOURCE_ID


def test_single_source_is_the_article(corpus: dict[str, Any]) -> None:
    sources = corpus["sources"]
    assert [s["id"] for s in sources] == [SOURCE_ID]
    source = sources[0]
    assert source["publisher"] == "Pakistan Today"
    assert source["date"] == dt.date(2020, 11, 19)
    note = source["note"].lower()
    assert "quot" in note
    assert "paraphras" in note
    assert "foreign office" in note


def test_refs_unique_and_links_resolve(corpus: dict[str, Any], clauses: list[dict]) -> None:
    refs = [c["ref"] for c in clauses]
    duplicates = [ref for ref, n in Counter(refs).items() if n > 1]
    assert not duplicates
    source_ids = {s["id"] for s in corpus["sources"]}
    for clause in clauses:
        assert re.fullmatch(r"[A-Za-z0-9._-]{1,32}", clause["ref"]), clause["ref"]
        for other in clause.get("see_also", []):
            assert other in refs, f"{clause['ref']}: see_also {other} names nothing"
            assert other != clause["ref"], f"{clause['ref']} links to itself"
        assert clause["provenance"]["source"] in source_ids
        assert clause["provenance"]["locator"].strip()


def test_clause_fields(clauses: list[dict[str, Any]]) -> None:
    allowed = {
        "ref",
        "kind",
        "strand",
        "parties",
        "title",
        "text",
        "quotes",
        "see_also",
        "provenance",
        "due",
    }
    for clause in clauses:
        ref = clause["ref"]
        assert set(clause) <= allowed, f"{ref}: unknown fields {set(clause) - allowed}"
        assert clause["kind"] in KINDS, ref
        assert clause["strand"] in STRANDS, ref
        assert clause["parties"], ref
        assert set(clause["parties"]) <= set(PARTIES), ref
        assert len(set(clause["parties"])) == len(clause["parties"]), ref
        assert clause["title"].strip(), ref
        assert clause["text"].strip(), ref
        assert set(clause["provenance"]) == {"source", "locator"}, ref
        if "due" in clause:
            assert set(clause["due"]) == {"label", "earliest", "latest", "precision"}, ref


def test_kinds_counts_and_order(clauses: list[dict[str, Any]]) -> None:
    kinds = [c["kind"] for c in clauses]
    counts = Counter(kinds)
    assert counts["principle"] >= 9
    assert counts["commitment"] == 8
    assert counts["related"] >= 4
    # Principles first, then commitments, then related undertakings.
    assert kinds == sorted(kinds, key=KINDS.index)
    prefixes = {"principle": "SV-P", "commitment": "SV-C", "related": "SV-R"}
    for clause in clauses:
        assert clause["ref"].startswith(prefixes[clause["kind"]]), clause["ref"]


def test_deadlines_are_well_formed(clauses: list[dict[str, Any]]) -> None:
    for clause in clauses:
        due = clause.get("due")
        if due is None:
            continue
        ref = clause["ref"]
        assert clause["kind"] != "principle", f"{ref}: a principle has no deadline"
        assert isinstance(due["earliest"], dt.date), ref
        assert isinstance(due["latest"], dt.date), ref
        assert due["earliest"] <= due["latest"], ref
        assert due["label"].strip(), ref
        earliest, latest = due["earliest"], due["latest"]
        if due["precision"] == "day":
            assert earliest == latest, ref
        elif due["precision"] == "month":
            assert (earliest.year, earliest.month) == (latest.year, latest.month), ref
        elif due["precision"] == "quarter":
            quarter = (earliest.year, (earliest.month - 1) // 3)
            assert quarter == (latest.year, (latest.month - 1) // 3), ref
        else:
            assert due["precision"] == "approximate", ref


def test_intelligence_work_by_15_december_2020(clauses: list[dict[str, Any]]) -> None:
    [clause] = with_label(clauses, "15 December 2020")
    assert clause["kind"] == "commitment"
    assert clause["strand"] == "security"
    assert "intelligence" in clause["title"].lower()
    assert clause["due"]["earliest"] == dt.date(2020, 12, 15)
    assert clause["due"]["latest"] == dt.date(2020, 12, 15)
    assert clause["due"]["precision"] == "day"


def test_two_proposals_by_1_january_2021(clauses: list[dict[str, Any]]) -> None:
    found = with_label(clauses, "1 January 2021")
    assert sorted(c["strand"] for c in found) == ["connectivity", "refugees"]
    for clause in found:
        assert clause["kind"] == "commitment"
        assert "proposal" in clause["title"].lower()
        assert clause["due"]["earliest"] == dt.date(2021, 1, 1)
        assert clause["due"]["latest"] == dt.date(2021, 1, 1)
        assert clause["due"]["precision"] == "day"


def test_lead_officials_progress_by_beginning_of_december(
    clauses: list[dict[str, Any]],
) -> None:
    [clause] = with_label(clauses, "beginning of December 2020")
    assert "lead official" in clause["title"].lower()
    assert clause["due"]["earliest"] == dt.date(2020, 12, 1)
    assert clause["due"]["latest"] == dt.date(2020, 12, 10)
    assert clause["due"]["precision"] == "approximate"


def test_reciprocal_visit_in_first_quarter_2021(clauses: list[dict[str, Any]]) -> None:
    [clause] = with_label(clauses, "first quarter of 2021")
    assert "islamabad" in clause["title"].lower()
    assert clause["due"]["earliest"] == dt.date(2021, 1, 1)
    assert clause["due"]["latest"] == dt.date(2021, 3, 31)
    assert clause["due"]["precision"] == "quarter"


def test_commitments_without_deadline(clauses: list[dict[str, Any]]) -> None:
    commitments = [c for c in clauses if c["kind"] == "commitment"]
    assert sum("due" in c for c in commitments) == 5
    open_ended = [c for c in commitments if "due" not in c]
    titles = " | ".join(c["title"].lower() for c in open_ended)
    assert "capitals" in titles
    assert "summary" in titles
    assert "review" in titles
    [review] = [c for c in open_ended if c["strand"] == "review"]
    assert "review" in review["title"].lower()


def test_peace_process_summary_binds_afghanistan_only(clauses: list[dict[str, Any]]) -> None:
    [clause] = [c for c in clauses if "summary" in c["title"].lower()]
    assert clause["kind"] == "commitment"
    assert clause["parties"] == ["AF"]
    assert "due" not in clause


def test_related_undertakings_cover_the_visit_announcements(
    clauses: list[dict[str, Any]],
) -> None:
    related = [c for c in clauses if c["kind"] == "related"]
    titles = " | ".join(c["title"].lower() for c in related)
    for needle in (
        "committee",
        "rail",
        "trade agreement",
        "aptta",
        "customs",
        "central bank",
        "ceasefire",
    ):
        assert needle in titles, needle
    for clause in related:
        # Outside the document: nothing of it can be quoted as the document's words.
        assert not clause.get("quotes"), clause["ref"]
        assert "foreign office" in clause["provenance"]["locator"].lower(), clause["ref"]


def test_quotes_are_bare(clauses: list[dict[str, Any]]) -> None:
    for ref, quote in all_quotes(clauses):
        assert quote, ref
        assert quote == quote.strip(), ref
        assert quote[0] not in OPENING_MARKS + CLOSING_MARKS, ref
        assert quote[-1] not in OPENING_MARKS + CLOSING_MARKS + ",.", ref


# --- against the source article ---------------------------------------------------


def test_source_title_is_the_headline(corpus: dict[str, Any], seed_text: str) -> None:
    headline = seed_text.splitlines()[0].removesuffix(" | Pakistan Today")
    assert corpus["sources"][0]["title"] == headline


def test_every_quote_is_in_the_source_verbatim(
    clauses: list[dict[str, Any]], seed_text: str
) -> None:
    missing = [(ref, q) for ref, q in all_quotes(clauses) if q not in seed_text]
    assert not missing


def test_every_quote_is_inside_quotation_marks(
    clauses: list[dict[str, Any]], seed_text: str
) -> None:
    spans = [m.group()[1:-1] for m in QUOTED_SPAN.finditer(seed_text)]
    unquoted = [(ref, q) for ref, q in all_quotes(clauses) if not any(q in s for s in spans)]
    assert not unquoted


def test_quoted_span_detection() -> None:
    text = 'He said “a, b” and ‘Kabul’s view’ then ‘x’ y’s and "z".'
    spans = [m.group()[1:-1] for m in QUOTED_SPAN.finditer(text)]
    assert spans == ["a, b", "Kabul’s view", "x", "z"]


def test_summaries_are_own_words(clauses: list[dict[str, Any]], seed_text: str) -> None:
    """`text` is a summary, not a copy: no run of ten words lifted from the article."""

    def words(s: str) -> list[str]:
        return re.findall(r"[\w’'-]+", s.lower().replace("'", "’"))

    seed = " " + " ".join(words(seed_text)) + " "
    run = 10
    for clause in clauses:
        w = words(clause["text"])
        for i in range(len(w) - run + 1):
            chunk = " " + " ".join(w[i : i + run]) + " "
            assert chunk not in seed, f"{clause['ref']}: copied from the source: {chunk!r}"


# --- the loader, when there is one -------------------------------------------------


def test_loader_reads_the_same_clauses(clauses: list[dict[str, Any]]) -> None:
    agreement_file = pytest.importorskip("vision_desk.domain.agreement_file")
    load_agreement = getattr(agreement_file, "load_agreement", None)
    if load_agreement is None:
        pytest.skip("vision_desk.domain.agreement_file has no load_agreement yet")
    agreement = load_agreement(CORPUS_PATH)
    assert len(agreement.clauses) == len(clauses)
