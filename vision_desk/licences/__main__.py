"""``python -m vision_desk.licences --out FILE [--strict]``: write the notices."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from vision_desk.errors import UserError
from vision_desk.licences.notices import NOTICES_NAME, generate_notices


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m vision_desk.licences",
        description="Write the licences of Vision Desk's installed dependencies, with their texts.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help=f"where to write (e.g. {NOTICES_NAME}; default: standard output)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail when a licence text cannot be found (as a release build must)",
    )
    parser.add_argument(
        "--also",
        action="append",
        default=[],
        metavar="DIST",
        help="a further distribution that ships",
    )
    parser.add_argument(
        "--project-licence", type=Path, metavar="FILE", help="the project's LICENSE"
    )
    arguments = parser.parse_args(argv)
    try:
        text = generate_notices(
            also=arguments.also, project_licence=arguments.project_licence, strict=arguments.strict
        )
    except UserError as error:
        sys.stderr.write(f"licences: {error.message}\n")
        return 1
    if arguments.out is None:
        sys.stdout.write(text)
    else:
        arguments.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
