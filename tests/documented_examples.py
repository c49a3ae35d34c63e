"""The complete example agreements of docs/agreement-format.md, read from the
document itself, for every test folder (imported as ``server_fixtures`` is)."""

from __future__ import annotations

from pathlib import Path

FORMAT_DOC = Path(__file__).resolve().parents[1] / "docs" / "agreement-format.md"
HIGHLAND_HEADING = "### The Highland Accord, a version-2 example\n"


def example_after(heading: str) -> str:
    """The first ```toml block after ``heading`` (a whole line of the document)."""
    text = FORMAT_DOC.read_text(encoding="utf-8")
    assert text.count(heading) == 1, f"docs/agreement-format.md has no single {heading!r}"
    return text.split(heading, 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]


def highland_text() -> str:
    """The Highland Accord, the version-2 example (a non-state party, deadlines
    counted from events, texts in Dari and Pashto)."""
    return example_after(HIGHLAND_HEADING)
