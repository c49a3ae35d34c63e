"""No GPL-only code in the bundle: the check the spec runs on what it collected and the
bundle test runs on what was built.

A shared library is GPL-only when its name (soname, or the name PyInstaller gave a
copy) is one of the known GPL-only libraries below, or when it needs one (an ELF
file's DT_NEEDED entries): GNU Readline came in that way, through Python's
``readline`` module. A Python distribution is GPL-only when every alternative of its
declared licence is the GPL or AGPL with no exception (the LGPL, "LGPL OR GPL" and
"GPL with a linking exception" are fine).

Plain Python with no PyInstaller import, so that the rules can be tested on their own.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from trim import needed_libraries

# Library name (before ".so", without a version or auditwheel's hash) -> what it is.
# Known GPL-only libraries a Python program's dependencies may pull in on Linux;
# ncurses (libtinfo, libncursesw: MIT-style), libedit (BSD), GMP and MPFR (LGPL) are not.
GPL_ONLY_LIBRARIES: dict[str, str] = {
    "libreadline": "GNU Readline (GPL-3.0-or-later)",
    "libhistory": "GNU Readline's history library (GPL-3.0-or-later)",
    "libgdbm": "GNU dbm (GPL-3.0-or-later)",
    "libgdbm_compat": "GNU dbm's ndbm interface (GPL-3.0-or-later)",
    "libgsl": "GNU Scientific Library (GPL-3.0-or-later)",
    "libgslcblas": "GNU Scientific Library's BLAS (GPL-3.0-or-later)",
    "libfftw3": "FFTW (GPL-2.0-or-later)",
    "libfftw3f": "FFTW (GPL-2.0-or-later)",
    "libfftw3l": "FFTW (GPL-2.0-or-later)",
    "libfftw3_threads": "FFTW (GPL-2.0-or-later)",
    "libfftw3f_threads": "FFTW (GPL-2.0-or-later)",
    "libbfd": "GNU Binutils' BFD (GPL-3.0-or-later)",
    "libopcodes": "GNU Binutils' opcodes (GPL-3.0-or-later)",
    "libctf": "GNU Binutils' CTF (GPL-3.0-or-later)",
    "libpoppler": "Poppler (GPL-2.0-only OR GPL-3.0-only)",
    "libgs": "Ghostscript (AGPL-3.0-or-later)",
    "libmysqlclient": "MySQL client (GPL-2.0-only with the FOSS exception)",
    "libsmbclient": "Samba client (GPL-3.0-or-later)",
    "libcdio": "GNU libcdio (GPL-3.0-or-later)",
    "libparted": "GNU Parted (GPL-3.0-or-later)",
    "libcryptsetup": "cryptsetup (GPL-2.0-or-later)",
    "libpci": "pciutils (GPL-2.0-or-later)",
    "libgpm": "gpm (GPL-2.0-or-later)",
    "libx264": "x264 (GPL-2.0-or-later)",
    "libx265": "x265 (GPL-2.0-or-later)",
    "libxvidcore": "Xvid (GPL-2.0-or-later)",
    "libpostproc": "FFmpeg's postproc (GPL-2.0-or-later)",
    "liba52": "liba52 (GPL-2.0-or-later)",
    "libfaad": "FAAD2 (GPL-2.0-or-later)",
    "libdvdcss": "libdvdcss (GPL-2.0-or-later)",
}
# Python's extension modules that are GNU Readline or GNU dbm bindings, in case one
# was linked statically (then no DT_NEEDED entry names the library).
GPL_ONLY_MODULES: dict[str, str] = {
    "readline": "Python's binding to GNU Readline",
    "_gdbm": "Python's binding to GNU dbm",
}

_GPL = re.compile(r"\bA?GPL|General Public Licen[cs]e", re.IGNORECASE)
_LESSER = re.compile(r"LGPL|Lesser|Library General", re.IGNORECASE)
_EXCEPTION = re.compile(r"exception", re.IGNORECASE)
_ELF_MAGIC = b"\x7fELF"


def library_stem(name: str) -> str | None:
    """``libreadline.so.8`` -> ``libreadline``; ``libXau-154567c4.so.6.0.0`` ->
    ``libXau``; ``libglib-2.0.so.0`` -> ``libglib``; None if not a shared library."""
    match = re.match(r"^(lib.+?)\.so(?:\.\d+)*$", name)
    if match is None:
        return None
    stem = re.sub(r"-[0-9a-f]{8}$", "", match.group(1))  # auditwheel's hash of a copy
    return re.sub(r"-\d+(\.\d+)*$", "", stem)  # a version in the name


def module_name(name: str) -> str | None:
    """``readline.cpython-311-x86_64-linux-gnu.so`` -> ``readline``."""
    match = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)\.(?:cpython-[^.]+\.so|abi3\.so|so|pyd)$", name)
    return match.group(1) if match else None


def is_gpl_only(licence: str) -> bool:
    """Whether a declared licence leaves no choice but the GPL (or AGPL): every
    ``OR`` alternative has a GPL term, with no exception and not the Lesser GPL."""
    alternatives = [part for part in re.split(r"\s+OR\s+", licence) if part.strip()]
    return bool(alternatives) and all(_gpl_only_term(part) for part in alternatives)


def _gpl_only_term(alternative: str) -> bool:
    for term in re.split(r"\s+AND\s+", alternative.strip("() ")):
        term = term.strip("() ")
        if _GPL.search(term) and not _LESSER.search(term) and not _EXCEPTION.search(term):
            return True
    return False


def gpl_only_findings(files: Iterable[Path], licences: Mapping[str, str]) -> list[str]:
    """What is GPL-only among ``files`` (by name, and by the libraries an ELF file
    needs) and the Python distributions' ``licences`` (name -> declared licence).
    Empty when there is nothing."""
    findings: list[str] = []
    for path in files:
        stem = library_stem(path.name)
        if stem in GPL_ONLY_LIBRARIES:
            findings.append(f"{path}: {GPL_ONLY_LIBRARIES[stem]}")
        module = module_name(path.name)
        if module in GPL_ONLY_MODULES:
            findings.append(f"{path}: {GPL_ONLY_MODULES[module]}")
        if path.is_symlink() or not path.is_file() or not _is_elf(path):
            continue
        for needed in needed_libraries(path) or []:
            needed_stem = library_stem(needed)
            if needed_stem in GPL_ONLY_LIBRARIES:
                findings.append(f"{path} needs {needed}: {GPL_ONLY_LIBRARIES[needed_stem]}")
    for name, licence in sorted(licences.items()):
        if is_gpl_only(licence):
            findings.append(f"the Python distribution {name}: '{licence}' is GPL-only")
    return findings


def _is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(4) == _ELF_MAGIC
    except OSError:
        return False
