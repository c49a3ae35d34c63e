"""Trimming the PyInstaller bundle to the Qt the desk uses (imported by vision-desk.spec).

``excludes`` alone does not trim Qt: the hooks collect whole plugin folders, and each
plugin drags in its libraries (the GTK theme plugin alone brings GTK, cairo and pango).
So the spec passes what was collected through ``trim``:

1. Qt plugins are kept only from an allow-list (the platforms the desk runs on, input
   methods, the desktop portal theme, the SVG icon engine, styles);
2. Qt's translations are dropped: the desk installs no translator, Qt never reads them;
3. a few libraries every Linux desktop has are left to the system (see SYSTEM_LIBRARIES);
4. on Linux, every remaining shared library that nothing kept still needs (by its
   ELF DT_NEEDED entries, transitively) is dropped, with the symbolic links to it.

Plain Python with no PyInstaller import, so that the rules can be tested on their own.
"""

from __future__ import annotations

import re
import struct
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

# (destination name, source path, typecode): PyInstaller's TOC entry.
Entry = tuple[str, str, str]

# Qt plugin folder -> name fragments of the plugins kept from it (None: all of them).
# Everything else under Qt/plugins is dropped: image formats (the desk shows no images),
# Wayland (the desk runs through XWayland there), EGLFS/KMS/VNC/linuxfb platforms,
# evdev and TUIO input, TLS and network information, OpenGL integrations.
KEEP_PLUGINS: dict[str, tuple[str, ...] | None] = {
    # xcb: the Linux desktop; offscreen: --smoke and tests; windows, cocoa: the others.
    "platforms": ("qxcb", "qoffscreen", "qwindows", "qcocoa"),
    # Dead keys (compose) and IBus, through which officers type Urdu, Pashto and Dari.
    "platforminputcontexts": None,
    # Native file dialogs through the desktop portal; not the GTK theme (GTK, cairo, pango).
    "platformthemes": ("xdgdesktopportal",),
    # Icon themes are mostly SVG: file dialogs and message boxes draw their icons with it.
    "iconengines": ("qsvgicon",),
    # Windows 11 and macOS styles; nothing on Linux (Fusion is built in).
    "styles": None,
}

# Present on every Linux desktop, and better taken from it: fontconfig must be the
# version that reads the system's font configuration (an older copy warns about
# unknown elements or finds no fonts), and freetype and expat go with it.
SYSTEM_LIBRARIES = frozenset({"libfontconfig.so.1", "libfreetype.so.6", "libexpat.so.1"})

_SHARED_LIBRARY = re.compile(r"^lib.+\.so(\.\d+)*$")


def _qt_part(dest: str) -> tuple[str, ...] | None:
    """The path inside the bundled Qt folder (``PySide6/Qt/...``), if ``dest`` is there."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    for index in range(len(parts) - 1):
        if parts[index] == "PySide6" and parts[index + 1] == "Qt":
            return parts[index + 2 :]
    return None


def keep_qt_file(dest: str) -> bool:
    """Whether a file under the bundled Qt folder stays (anything else: yes)."""
    inside = _qt_part(dest)
    if not inside:
        return True
    if inside[0] == "translations":
        return False
    if inside[0] == "plugins" and len(inside) >= 3:
        wanted = KEEP_PLUGINS.get(inside[1], ())
        return wanted is None or any(fragment in inside[-1] for fragment in wanted)
    return True


def needed_libraries(path: str | Path) -> list[str] | None:
    """The DT_NEEDED names of an ELF file, or None when it cannot be read as one."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    if data[:4] != b"\x7fELF" or data[4] not in (1, 2) or data[5] not in (1, 2):
        return None
    wide = data[4] == 2
    order = "<" if data[5] == 1 else ">"
    try:
        if wide:
            (shoff,) = struct.unpack_from(order + "Q", data, 0x28)
            shentsize, shnum = struct.unpack_from(order + "HH", data, 0x3A)
            section = order + "IIQQQQIIQQ"
            dynamic = order + "qQ"
        else:
            (shoff,) = struct.unpack_from(order + "I", data, 0x20)
            shentsize, shnum = struct.unpack_from(order + "HH", data, 0x2E)
            section = order + "IIIIIIIIII"
            dynamic = order + "iI"
        sections = [
            struct.unpack_from(section, data, shoff + index * shentsize) for index in range(shnum)
        ]
        names: list[str] = []
        for _name, kind, _flags, _addr, offset, size, link, _info, _align, _entsize in sections:
            if kind != 6:  # SHT_DYNAMIC
                continue
            strings_offset = sections[link][4]
            step = struct.calcsize(dynamic)
            for position in range(offset, offset + size, step):
                tag, value = struct.unpack_from(dynamic, data, position)
                if tag == 0:  # DT_NULL
                    break
                if tag == 1:  # DT_NEEDED
                    start = strings_offset + value
                    names.append(data[start : data.index(b"\0", start)].decode())
        return names
    except (struct.error, IndexError, ValueError, UnicodeDecodeError):
        return None


def _is_plain_library(entry: Entry) -> bool:
    """A shared library (or a link to one) that is there only because something needs it:
    not a Python extension, not a Qt plugin, not libpython."""
    dest, _source, kind = entry
    if kind not in ("BINARY", "SYMLINK"):
        return False
    inside = _qt_part(dest)
    if inside and inside[0] == "plugins":
        return False
    name = PurePosixPath(dest.replace("\\", "/")).name
    return bool(_SHARED_LIBRARY.match(name)) and not name.startswith("libpython")


def _needed_closure(binaries: list[Entry]) -> set[str] | None:
    """The names of the libraries the binaries that are not plain libraries need,
    directly or through one another; None when a file cannot be read."""
    by_name: dict[str, list[Entry]] = {}
    for entry in binaries:
        by_name.setdefault(PurePosixPath(entry[0]).name, []).append(entry)
    queue = [entry for entry in binaries if not _is_plain_library(entry)]
    needed: set[str] = set()
    while queue:
        _dest, source, _kind = queue.pop()
        names = needed_libraries(source)
        if names is None:
            return None
        for name in names:
            if name not in needed:
                needed.add(name)
                queue.extend(by_name.get(name, []))
    return needed


def trim(
    binaries: Iterable[Entry], datas: Iterable[Entry], platform: str = sys.platform
) -> tuple[list[Entry], list[Entry]]:
    """The binaries and data files (with PyInstaller's SYMLINK entries) to ship."""
    kept_binaries = [entry for entry in binaries if keep_qt_file(entry[0])]
    kept_datas = [entry for entry in datas if keep_qt_file(entry[0])]
    if platform.startswith("linux"):
        kept_binaries = [
            entry for entry in kept_binaries if PurePosixPath(entry[0]).name not in SYSTEM_LIBRARIES
        ]
        needed = _needed_closure(kept_binaries)
        if needed is not None:  # something unreadable: keep everything rather than guess
            kept_binaries = [
                entry
                for entry in kept_binaries
                if not _is_plain_library(entry) or PurePosixPath(entry[0]).name in needed
            ]
    # A SYMLINK entry's source is its target, relative to the bundle's root.
    present = {entry[0] for entry in kept_binaries} | {
        entry[0] for entry in kept_datas if entry[2] != "SYMLINK"
    }
    kept_datas = [entry for entry in kept_datas if entry[2] != "SYMLINK" or entry[1] in present]
    return kept_binaries, kept_datas
