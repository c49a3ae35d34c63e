"""Parse an agreement file's text as TOML, every failure an ``AgreementFileError``.

``tomllib`` words its errors for programmers and places them its own way; here
each becomes one sentence that names the file and the line, and the failures
``tomllib`` does not report as TOML errors (too deep a nesting, too long a
number) are caught too, so that nothing else escapes, whatever the text.
"""

from __future__ import annotations

import re
import sys
import tomllib
from typing import Any

from vision_desk.errors import AgreementFileError


def parse_toml(text: str, name: str) -> dict[str, Any]:
    """The TOML document in ``text`` (the text of a file called ``name``)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise AgreementFileError(
            f"{name}:{_toml_error_line(error, text)}: {_toml_problem(error)}."
        ) from None
    except RecursionError:
        raise AgreementFileError(f"{name}: the file nests too deeply to be an agreement.") from None
    except ValueError:
        # tomllib reads integers with int(), which refuses more than
        # sys.get_int_max_str_digits() digits.
        raise AgreementFileError(
            f"{name}:{_long_number_line(text)}: a number has more digits than Python reads "
            f"({sys.get_int_max_str_digits()}); no agreement needs such a number."
        ) from None


def _toml_error_line(error: tomllib.TOMLDecodeError, text: str) -> int:
    if "end of document" in str(error):
        # The last line of the file: an unclosed string, array or value.
        return max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
    lineno = getattr(error, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    match = re.search(r"line (\d+)", str(error))
    return int(match.group(1)) if match else 1


def _long_number_line(text: str) -> int:
    limit = sys.get_int_max_str_digits()
    for match in re.finditer(r"[0-9][0-9_]*", text):
        if limit and len(match.group()) - match.group().count("_") > limit:
            return text.count("\n", 0, match.start()) + 1
    return 1


def _toml_problem(error: tomllib.TOMLDecodeError) -> str:
    message = getattr(error, "msg", None) or str(error)
    message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(message))
    return f"not valid TOML: {message[:1].lower()}{message[1:]}"
