"""Read an agreement file (docs/agreement-format.md) into an ``Agreement``.

Strict on purpose: an officer's store should never hold half an agreement or a
typo taken for data. Every problem becomes an ``AgreementFileError`` that names the
file, the line and the problem; nothing else escapes, whatever the bytes.

Two formats load: 1 (``agreement_reader``) and 2 (``agreement_v2``), told apart by
the file's ``format``. A format-1 file loads exactly as it always has.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vision_desk.domain.agreement import Agreement
from vision_desk.domain.agreement_fields import MAX_TEXT
from vision_desk.domain.agreement_lines import LineFinder
from vision_desk.domain.agreement_reader import FORMAT_VERSIONS, MAX_CLAUSES, AgreementReader
from vision_desk.domain.agreement_toml import parse_toml
from vision_desk.domain.agreement_v2 import VersionTwoReader
from vision_desk.errors import AgreementFileError

__all__ = [
    "FORMAT_VERSIONS",
    "MAX_CLAUSES",
    "MAX_FILE_BYTES",
    "MAX_TEXT",
    "load_agreement",
    "parse_agreement",
]

MAX_FILE_BYTES = 5 * 1024 * 1024


def load_agreement(path: Path) -> Agreement:
    """Read and validate the agreement file at ``path``."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise AgreementFileError(f"{path}: cannot be read ({error.strerror or error}).") from None
    return parse_agreement(data, path.name)


def parse_agreement(data: bytes, name: str) -> Agreement:
    """Validate ``data`` (the bytes of a file called ``name``) as an agreement."""
    if len(data) > MAX_FILE_BYTES:
        raise AgreementFileError(
            f"{name}: the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; "
            "an agreement file is never that large."
        )
    if b"\x00" in data:
        raise AgreementFileError(f"{name}: this is a binary file, not an agreement file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # error.start counts from error.object, which lacks a byte order mark.
        line = error.object[: error.start].count(b"\n") + 1
        raise AgreementFileError(
            f"{name}:{line}: the file is not UTF-8 text; save it as UTF-8 and import again."
        ) from None
    document = parse_toml(text, name)
    return _reader_for(document)(name, LineFinder(text)).agreement(document)


def _reader_for(document: dict[str, Any]) -> type[AgreementReader]:
    """Format 2 by its own reader; anything else by format 1's, which also words
    the error for a missing or unknown format."""
    version = document.get("format")
    return VersionTwoReader if type(version) is int and version == 2 else AgreementReader
