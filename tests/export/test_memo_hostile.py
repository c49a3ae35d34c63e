"""What the officer typed is printed as typed: markup is never interpreted, entities
stay as written, control characters never break the build, newlines and spaces are
kept; nothing typed becomes a link, an image or metadata. Includes a property test
over arbitrary text (Hypothesis)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pypdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from memo_snapshots import (
    FONTS,
    HOSTILE,
    URDU,
    RenderedMemo,
    SnapshotSpec,
    Word,
    build_snapshot,
    render_to,
)

from vision_desk.domain.memo import MemoOptions, MemoSnapshot
from vision_desk.domain.review import Note
from vision_desk.export.memo import render_memo

TYPED_AS = HOSTILE.replace("\x07", "").replace("\x00", "")  # controls are left out


def flat(text: str) -> str:
    return " ".join(text.split())


def links_and_images(data: bytes, path: Path) -> tuple[int, int]:
    """Link annotations and image XObjects (on the pages, and anywhere in the file:
    reportlab writes object dictionaries uncompressed)."""
    reader = pypdf.PdfReader(path)
    links = 0
    images = 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            if annotation.get_object().get("/Subtype") == "/Link":
                links += 1
        resources = page.get("/Resources") or {}
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get_object().get("/Subtype") == "/Image":
                images += 1
    assert b"/Subtype /Image" not in data and b"/Annot" not in data
    assert b"/URI" not in data and b"/JavaScript" not in data
    return links, images


def hostile_memo(render: Callable[[MemoSnapshot], RenderedMemo]) -> RenderedMemo:
    notes = {
        "SV-C1": (HOSTILE,),
        "SV-C4": ("  indented by two\n\tand a tab\nruns   of   spaces stay",),
        "SV-P1": ("x" * 2500,),
    }
    return render(build_snapshot(SnapshotSpec(notes=notes)))


def test_markup_in_a_note_comes_back_literally(
    render: Callable[[MemoSnapshot], RenderedMemo],
) -> None:
    rendered = hostile_memo(render)
    first, second = TYPED_AS.split("\n")
    for text in (rendered.text(), _pypdf_text(rendered)):
        assert flat(first) in flat(text)
    layout = rendered.text("-layout")
    # The newline the officer typed is a line break, not a space.
    lines = [line.strip() for line in layout.splitlines()]
    assert (
        lines[lines.index(next(line for line in lines if line.endswith("bellnul"))) + 1] == second
    )


def test_font_markup_changes_no_size_and_adds_no_link_or_image(
    render: Callable[[MemoSnapshot], RenderedMemo],
) -> None:
    rendered = hostile_memo(render)
    words = next(
        words
        for words in (rendered.words(page) for page in range(1, len(rendered.pages()) + 1))
        if any("huge</font>" in word.text for word in words)
    )
    huge = next(word for word in words if "huge</font>" in word.text)
    closed = next(word for word in words if word.text == "closed" and word.y0 == huge.y0)
    assert huge.y1 - huge.y0 == closed.y1 - closed.y0
    assert links_and_images(rendered.data, rendered.path) == (0, 0)


def test_spaces_and_indentation_are_kept(
    render: Callable[[MemoSnapshot], RenderedMemo],
) -> None:
    rendered = hostile_memo(render)
    words: list[Word] = next(
        words
        for words in (rendered.words(page) for page in range(1, len(rendered.pages()) + 1))
        if any(word.text == "runs" for word in words)
    )
    runs = next(word for word in words if word.text == "runs")
    of = next(word for word in words if word.text == "of" and abs(word.y0 - runs.y0) < 1)
    single = next(word for word in words if word.text == "stay")
    spaces = next(word for word in words if word.text == "spaces" and abs(word.y0 - runs.y0) < 1)
    # Three spaces are three spaces wide (about 2.5 pt each at 9.5 pt).
    assert of.x0 - runs.x1 > 6.5
    assert single.x0 - spaces.x1 < 3.5
    indented = next(word for word in words if word.text == "indented")
    tabbed = next(word for word in words if word.text == "and" and word.y0 > indented.y0)
    assert indented.x0 - runs.x0 > 4  # two spaces in
    assert tabbed.x0 - runs.x0 > 9  # a tab is four spaces


def test_a_long_unbroken_note_wraps_inside_the_page(
    render: Callable[[MemoSnapshot], RenderedMemo],
) -> None:
    rendered = hostile_memo(render)
    for page in range(1, len(rendered.pages()) + 1):
        for word in rendered.words(page):
            assert word.x1 < 595.3 - 55, word


def test_every_typed_field_is_text(render: Callable[[MemoSnapshot], RenderedMemo]) -> None:
    hostile_line = '<b>bold?</b> <a href="https://example.org">link</a> &amp;'
    base = build_snapshot()
    options = MemoOptions(
        date=base.options.date,
        classification="<font color=red>SECRET</font>",
        to=hostile_line,
        sender=f"{URDU[:20]} <i>officer</i>",
        subject="Subject with <img src='x'/> and \x1b[31m escape",
    )
    assert base.round is not None
    round_info = dataclasses.replace(base.round, title="Round <u>one</u> & two")
    first = base.clauses[0]
    assert first.rationale is None
    author_note = Note(99, first.row.clause.ref, "<script>Author</script>", _moment(), "plain")
    clauses = (dataclasses.replace(first, notes=(author_note,)), *base.clauses[1:])
    snapshot = dataclasses.replace(base, options=options, round=round_info, clauses=clauses)
    rendered = render(snapshot)
    text = flat(rendered.text())
    for expected in (
        hostile_line,
        "<font color=red>SECRET</font>",
        "Round <u>one</u> & two",
        "<script>Author</script>",
        "Subject with <img src='x'/> and [31m escape",
    ):
        assert expected in text
    assert (
        subprocess.run(["qpdf", "--check", str(rendered.path)], capture_output=True).returncode == 0
    )
    assert links_and_images(rendered.data, rendered.path) == (0, 0)


_MARKUP = st.sampled_from(
    [
        "<b>",
        "</i>",
        "<font size=5000>",
        '<img src="/etc/hosts"/>',
        '<a href="javascript:x()">',
        "&amp;",
        "&#x41;",
        "&nbsp;",
        "<br/>",
        "<para>",
        "]]>",
        "\x00",
        "\r\n",
        "\u202e",
        "\u2066",
        "\ufeff",
        "\ud7ff",
        "محمد",
        "ټګښځ",
        "می\u200cخواهم",
        "2021-02-11",
        "😀",
        "中文",
        "\u0651\u064e",
    ]
)
_NOTE = st.lists(st.one_of(st.text(max_size=40), _MARKUP), max_size=12).map("".join)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(note=_NOTE, author=st.one_of(st.text(max_size=20), _MARKUP))
def test_no_note_breaks_the_build_or_adds_links_or_images(note: str, author: str) -> None:
    base = build_snapshot(SnapshotSpec(notes={}))
    first = base.clauses[0]
    typed = Note(1, first.row.clause.ref, author, _moment(), note)
    clauses = (dataclasses.replace(first, notes=(typed,), rationale=typed), *base.clauses[1:])
    snapshot = dataclasses.replace(base, clauses=clauses)
    data = render_memo(snapshot, FONTS)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "memo.pdf"
        path.write_bytes(data)
        assert links_and_images(data, path) == (0, 0)
        # The metadata does not depend on the note at all.
        assert dict(pypdf.PdfReader(path).metadata or {}) == _metadata_without_notes()
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    for token in note.split():
        # Plain words of the note are printed as typed.
        if 3 <= len(token) <= 12 and token.isascii() and token.isalnum():
            assert token in text


def test_render_to_keeps_a_copy(tmp_path: Path) -> None:
    rendered = render_to(tmp_path, build_snapshot(SnapshotSpec(notes={})), "plain.pdf")
    assert rendered.path.read_bytes() == rendered.data
    assert rendered.data.startswith(b"%PDF-")


def _pypdf_text(rendered: RenderedMemo) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(rendered.path).pages)


@functools.cache
def _metadata_without_notes() -> dict[str, object]:
    data = render_memo(build_snapshot(SnapshotSpec(notes={})), FONTS)
    return dict(pypdf.PdfReader(io.BytesIO(data)).metadata or {})


def _moment() -> dt.datetime:
    return dt.datetime(2021, 3, 2, 11, 0, tzinfo=dt.UTC)
