"""The comparison of two closed rounds as a CSV file, for a spreadsheet."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from vision_desk.domain.round_comparison import comparison_csv_rows
from vision_desk.domain.rounds import RoundDiff
from vision_desk.paths import DataPaths
from vision_desk.services.output_paths import write_output

# A cell a spreadsheet would read as a formula ("=HYPERLINK(…)" in a forged
# agreement's title) is written with a leading apostrophe, as OWASP advises.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def comparison_csv(difference: RoundDiff) -> bytes:
    """Every clause of the comparison, one row each, UTF-8 with the byte-order mark
    spreadsheets need to read Dari, Pashto and Urdu."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in comparison_csv_rows(difference.rows):
        writer.writerow(["'" + cell if cell.startswith(_FORMULA_STARTS) else cell for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def export_comparison(difference: RoundDiff, path: Path, data_paths: DataPaths) -> Path:
    """Write the comparison to ``path`` (checked as every export is: never over the
    store, a backup or a log; written whole or not at all)."""
    write_output(path, comparison_csv(difference), data_paths)
    return path
