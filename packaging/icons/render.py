"""Make Vision Desk's icon files from the two SVG drawings in this folder.

    .venv/bin/python packaging/icons/render.py

writes hicolor/NxN/apps/org.visiondesk.VisionDesk.png (16 to 512 pixels; 16, 22 and 24
from the small drawing), vision-desk.ico (Windows) and vision-desk.icns (macOS). The
results are committed, so that building the bundle needs neither tool: rsvg-convert
(Debian: librsvg2-bin) and Pillow (the "bundle" extra).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
APP_ID = "org.visiondesk.VisionDesk"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
SMALL = (16, 22, 24)  # drawn on their own 16-pixel grid
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def png_path(size: int) -> Path:
    return HERE / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(svg: Path, size: int, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "rsvg-convert",
            "--width",
            str(size),
            "--height",
            str(size),
            "--output",
            str(out),
            str(svg),
        ],
        check=True,
    )


def main() -> int:
    if shutil.which("rsvg-convert") is None:
        sys.stderr.write("render: rsvg-convert is missing (apt-get install librsvg2-bin)\n")
        return 1
    for size in SIZES:
        drawing = HERE / (f"{APP_ID}-small.svg" if size in SMALL else f"{APP_ID}.svg")
        render(drawing, size, png_path(size))
    images = {size: Image.open(png_path(size)).convert("RGBA") for size in SIZES}
    big = images[256]
    big.save(
        HERE / "vision-desk.ico",
        format="ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=[images[size] for size in ICO_SIZES if size != 256],
    )
    # 1024 for the 512@2x slot: the large drawing scales cleanly.
    render(HERE / f"{APP_ID}.svg", 1024, HERE / "build-1024.png")
    try:
        huge = Image.open(HERE / "build-1024.png").convert("RGBA")
        images[512].save(
            HERE / "vision-desk.icns",
            format="ICNS",
            append_images=[images[size] for size in (16, 32, 64, 128, 256)] + [huge],
        )
    finally:
        (HERE / "build-1024.png").unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
