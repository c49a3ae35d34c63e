"""``vision-desk calendar`` and ``vision-desk brief`` (issue 17), run as the officer
runs them: the calendar read back as RFC 5545 by a calendar library, the brief read
back as one page; a wrong --out refused in one sentence with nothing written."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from typing import Any

from icalendar import Calendar


def test_the_calendar_holds_every_deadline_and_review(cli: Any, tmp_path: Path) -> None:
    assert cli("set", "SV-C1", "initiated").code == 0
    out = tmp_path / "desk.ics"
    written = cli("calendar", "--out", str(out), "--as-of", "2020-12-01")
    assert written.code == 0, written.err
    calendar = Calendar.from_ical(out.read_bytes())
    assert str(calendar["version"]) == "2.0" and "Vision Desk" in str(calendar["prodid"])
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert written.out.strip() == f"Wrote {len(events)} calendar events to {out}."
    deadline = events["shared-vision.SV-C1.deadline@vision-desk.invalid"]
    assert deadline.decoded("dtstart") == dt.date(2020, 12, 15)
    assert deadline.decoded("dtend") == dt.date(2020, 12, 16)
    assert str(deadline["summary"]).startswith("Deadline SV-C1: ")
    assert "Status on 1 December 2020: Initiated. Not yet done." in str(deadline["description"])
    # A clause never assessed is due for review at once; SV-C1, assessed today,
    # after its kind's cadence.
    review = events["shared-vision.SV-C2.review@vision-desk.invalid"]
    assert review.decoded("dtstart") == dt.date(2020, 12, 1)
    assert events["shared-vision.SV-C1.review@vision-desk.invalid"].decoded("dtstart") > dt.date(
        2020, 12, 1
    )
    # Every clause has a review; every clause with a known deadline, a deadline.
    assert sum(uid.endswith(".review@vision-desk.invalid") for uid in events) == 24
    # The same file again: the same UIDs, so a calendar moves events, never doubles them.
    again = tmp_path / "again.ics"
    assert cli("calendar", "--out", str(again), "--as-of", "2020-12-01").code == 0
    assert {str(e["uid"]) for e in Calendar.from_ical(again.read_bytes()).walk("VEVENT")} == set(
        events
    )


def test_a_wrong_out_is_refused_and_nothing_written(cli: Any, tmp_path: Path) -> None:
    for command in ("calendar", "brief"):
        refused = cli(command, "--out", str(tmp_path / "no" / "such" / "x.ics"))
        assert refused.code == 1
        assert refused.err.count("\n") == 1
        assert not (tmp_path / "no").exists()


def test_the_brief_is_one_page(cli: Any, tmp_path: Path) -> None:
    assert cli("set", "SV-C1", "initiated").code == 0
    out = tmp_path / "brief.pdf"
    written = cli("brief", "--out", str(out), "--as-of", "2021-01-10")
    assert written.code == 0, written.err
    assert written.out.strip() == f"Wrote the brief (as of 10 January 2021) to {out}."
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, flags=re.MULTILINE), info.stdout
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "SV-C1" in text
