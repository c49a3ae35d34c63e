"""Take the README's picture of the desk: a review in progress, in a real X server.

    .venv/bin/python scripts/screenshot.py docs/desk.png [--scale 2]

Fills a throwaway store through the command line (statuses, notes in English and
Urdu), starts the desk under Xvfb, walks to a clause with the keyboard as the
officer would, and photographs the screen with ImageMagick's ``import``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REVIEW = [
    (
        "SV-C1",
        "initiated",
        "Heads of the two services met in Islamabad on 9 December; no joint cell yet.",
    ),
    (
        "SV-C2",
        "advanced",
        "Draft exchanged on 3 Dec; second reading set for the next joint meeting.",
    ),
    ("SV-C3", "initiated", "Working group named; terms of reference still under discussion."),
    ("SV-C4", "completed", "Lead officials named by both sides on 2 December."),
    ("SV-C6", "not_started", "No date proposed for the visit to Islamabad."),
    ("SV-P1", "upheld", "Both ministries describe contacts as regular and respectful."),
    ("SV-P3", "strained", "Cross-border incidents reported on 14 and 21 December."),
]
URDU = "کابل میں ملاقات ہوئی؛ مسودے پر اتفاق رائے اگلے اجلاس تک ملتوی۔"


def cli(data_dir: Path, *args: str) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "vision_desk",
            "--data-dir",
            str(data_dir),
            "--as",
            "A. Rahimi",
            *args,
        ],
        check=True,
        capture_output=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    parser.add_argument("--scale", default="1", help="QT_SCALE_FACTOR, e.g. 2 for 200%%")
    parser.add_argument("--size", default="1280x800")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        for ref, status, note in REVIEW:
            cli(data_dir, "set", ref, status, "--note", note)
        cli(data_dir, "note", "SV-C2", URDU)
        width, height = (
            int(part) * int(float(arguments.scale)) for part in arguments.size.split("x")
        )
        read_end, write_end = os.pipe()
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24"],
            pass_fds=(write_end,),
            stderr=subprocess.DEVNULL,
        )
        os.close(write_end)
        with os.fdopen(read_end) as pipe:
            display = ":" + pipe.readline().strip()
        environment = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "QT_SCALE_FACTOR": arguments.scale,
        }
        # Signed as the notes were: a desk nobody named would first ask who is working.
        desk = subprocess.Popen(
            [sys.executable, "-m", "vision_desk", "--data-dir", str(data_dir), "--as", "A. Rahimi"],
            env=environment,
        )
        try:

            def xdotool(*args: str) -> str:
                done = subprocess.run(
                    ["xdotool", *args], env=environment, check=True, capture_output=True, text=True
                )
                return done.stdout.strip()

            window = xdotool("search", "--sync", "--onlyvisible", "--class", "vision-desk").split()[
                0
            ]
            xdotool("windowsize", window, str(width), str(height))
            xdotool("windowfocus", "--sync", window)
            time.sleep(0.8)
            for key in ("o", "o", "o"):  # through the overdue clauses, from the keyboard
                xdotool("key", key)
            time.sleep(0.5)
            arguments.output.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                ["import", "-window", "root", str(arguments.output)], env=environment, check=True
            )
            xdotool("key", "ctrl+q")
            desk.wait(timeout=20)
        finally:
            if desk.poll() is None:
                desk.kill()
            xvfb.terminate()
            xvfb.wait()
    print(f"wrote {arguments.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
