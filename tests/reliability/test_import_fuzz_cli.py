"""Hostile agreement files through ``vision-desk import`` (reliability.md 11), made
by Hypothesis: random bytes, random text, the documented example cut short,
spliced with junk, or given a hostile line. Whatever the file, the program either
imports a valid agreement or says one sentence naming the file, and writes nothing
to the store: never a traceback, never a half-imported agreement.

The command line runs in this process, through the program's entry point
(``vision_desk.main.main``: the same parsing, error handling and output as the
installed script), so that 30 examples take seconds, not a minute of start-ups;
the suite's ``filterwarnings = error`` turns any warning on the way into a
failure too. The fixed hostile files (binary, 6 MB, 50,000 brackets, Latin-1,
typos) go through the real program in tests/cli/test_cli_errors.py."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_support import DATABASE_NAME, REPO, Run, dump, one_sentence


def documented_example() -> bytes:
    text = (REPO / "docs" / "agreement-format.md").read_text(encoding="utf-8")
    example = text.split("## A complete example", 1)[1].split("```toml\n", 1)[1].split("```")[0]
    return example.encode("utf-8")


EXAMPLE = documented_example()

HOSTILE_LINES = [
    b"x = " + b"[" * 5_000 + b"]" * 5_000,
    b"big = 1" + b"0" * 5_000,
    b"date = 2020-13-45",
    b'title = "' + b"\\u0000" * 10 + b'"',
    b"\x00\x00\x00",
    b"\xef\xbb\xbf# a byte order mark in the middle",
    b'text = "' + "ع".encode() * 30_000 + b'"',
    b"[agreement]",
    b"[[clauses]]",
    b'ref = "SV-C1"',
    b"format = 2",
    b'"\xff\xfe" = 1',
    b"a.b.c.d.e.f.g.h = { x = { y = { z = [1, 2, 3] } } }",
    b"\r\r\r\n\t",
    b'id = "../../etc/passwd"',
    b'kind = "<script>alert(1)</script>"',
]


def splice(data: bytes, edits: list[tuple[int, bytes]]) -> bytes:
    for position, junk in edits:
        at = position % (len(data) + 1)
        data = data[:at] + junk + data[at + len(junk) :]
    return data


def insert_line(data: bytes, where: int, line: bytes) -> bytes:
    lines = data.split(b"\n")
    at = where % (len(lines) + 1)
    return b"\n".join([*lines[:at], line, *lines[at:]])


# Junk to splice in: bytes, or text (mostly valid UTF-8, so that the TOML and the
# format checks are reached, not only the UTF-8 one), or TOML's own punctuation.
junk = st.one_of(
    st.binary(min_size=1, max_size=24),
    st.text(min_size=1, max_size=24).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.sampled_from([b'"', b"[", b"]", b"=", b"\n", b"#", b"{", b"0000-00-00", b"-", b"'"]),
)

hostile_files = st.one_of(
    st.binary(max_size=4_000),
    st.text(max_size=2_000).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.integers(0, len(EXAMPLE)).map(lambda end: EXAMPLE[:end]),
    st.lists(
        st.tuples(st.integers(0, len(EXAMPLE)), junk),
        min_size=1,
        max_size=4,
    ).map(lambda edits: splice(EXAMPLE, edits)),
    st.tuples(st.integers(0, 400), st.sampled_from(HOSTILE_LINES)).map(
        lambda chosen: insert_line(EXAMPLE, *chosen)
    ),
)


def fingerprint(database: Path) -> str:
    return hashlib.sha256("\n".join(dump(database)).encode("utf-8")).hexdigest()


@pytest.fixture
def main_cli(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Callable[..., Run]]:
    """``vision-desk --data-dir DATA ARGS`` through the entry point, in this process;
    the log handler it installs is taken away afterwards."""
    import logging

    from vision_desk.main import main

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = main(["--data-dir", str(data_dir), *args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    try:
        yield run
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)


def test_any_file_is_imported_whole_or_refused_with_one_sentence(
    tmp_path: Path, data_dir: Path, main_cli: Callable[..., Run]
) -> None:
    assert main_cli("note", "SV-C1", "There before the imports.").code == 0
    database = data_dir / DATABASE_NAME
    outcomes = {"imported": 0, "refused": 0}

    @settings(
        max_examples=30,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(data=hostile_files)
    def check(data: bytes) -> None:
        path = tmp_path / "incoming" / "hostile.toml"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        before = fingerprint(database)
        result = main_cli("import", str(path))
        if result.code == 0:  # the junk happened to leave a valid agreement
            assert result.out.startswith("Imported "), result.out
            assert result.err == ""
            outcomes["imported"] += 1
            return
        one_sentence(result, "hostile.toml")
        assert fingerprint(database) == before, "a refused import wrote to the store"
        outcomes["refused"] += 1

    check()
    assert outcomes["refused"] >= 20, outcomes
