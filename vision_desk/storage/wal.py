"""Reading a write-ahead log ourselves, to see what SQLite will not replay.

SQLite replays a ``-wal`` frame by frame and stops at the first frame whose salts
or cumulative checksum are wrong, keeping everything up to the last commit
before it; whatever follows is dropped without a word, and the next checkpoint
overwrites it. A crash leaves only an unfinished transaction past that point,
but damage in the middle of the file (a bad sector, a botched copy) cuts off
transactions that were committed and acknowledged. This module finds them,
following the file format (sqlite.org/fileformat.html, "The Write-Ahead Log").
It only reads, and needs neither SQLite nor SQLAlchemy.
"""

from __future__ import annotations

import struct
import sys
from array import array
from dataclasses import dataclass
from pathlib import Path

_MAGIC_LITTLE_ENDIAN = 0x377F0682
_MAGIC_BIG_ENDIAN = 0x377F0683
_VERSION = 3007000
HEADER_SIZE = 32
FRAME_HEADER_SIZE = 24
_MASK = 0xFFFFFFFF


@dataclass(frozen=True, slots=True)
class WalReading:
    """What a ``-wal`` holds, frame by frame."""

    frames: int  # whole frames in the file, valid or not
    replayed: int  # frames SQLite replays: up to the last commit before the first bad frame
    # Commits of the log's current generation (its header's salts) that stand past
    # the first bad frame, each intact in itself: acknowledged work SQLite drops.
    lost_commits: int

    @property
    def damaged(self) -> bool:
        return self.lost_commits > 0


def read_wal(path: Path) -> WalReading | None:
    """Read the ``-wal`` at ``path``; None when it is missing, empty or has no valid
    header (SQLite ignores such a file as a whole; see ``backup.unreadable_journal``)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return parse_wal(data)


def parse_wal(data: bytes) -> WalReading | None:
    header = data[:HEADER_SIZE]
    if len(header) < HEADER_SIZE:
        return None
    magic, version, page_size = struct.unpack(">III", header[:12])
    if magic not in (_MAGIC_LITTLE_ENDIAN, _MAGIC_BIG_ENDIAN) or version != _VERSION:
        return None
    if page_size == 1:  # the format's way of writing 65536
        page_size = 65536
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        return None
    big_endian = magic == _MAGIC_BIG_ENDIAN
    salts = header[16:24]
    seed = _checksum(_words(header[:24], big_endian), 0, 0)
    if seed != struct.unpack(">II", header[24:32]):
        return None
    frame_size = FRAME_HEADER_SIZE + page_size
    frames = (len(data) - HEADER_SIZE) // frame_size
    replayed = 0
    first_bad: int | None = None
    lost = 0
    previous = seed
    for index in range(frames):
        start = HEADER_SIZE + index * frame_size
        frame_header = data[start : start + FRAME_HEADER_SIZE]
        page_number, commit_size = struct.unpack(">II", frame_header[:8])
        stored = struct.unpack(">II", frame_header[16:24])
        # Each frame's checksum continues from the one stored in the frame before,
        # so a frame can be judged on its own: past a bad frame, the intact ones
        # still check out against their predecessor.
        body = data[start : start + 8] + data[start + FRAME_HEADER_SIZE : start + frame_size]
        intact = (
            page_number > 0
            and frame_header[8:16] == salts
            and _checksum(_words(body, big_endian), *previous) == stored
        )
        previous = stored
        if first_bad is None:
            if not intact:
                first_bad = index
            elif commit_size:
                replayed = index + 1
        elif intact and commit_size:
            lost += 1
    return WalReading(frames, replayed, lost)


def _words(data: bytes, big_endian: bool) -> array[int]:
    words = array("I")
    if words.itemsize != 4:  # pragma: no cover - "I" is 4 bytes on every platform we ship
        words = array("L")
    words.frombytes(data)
    if big_endian != (sys.byteorder == "big"):
        words.byteswap()
    return words


def _checksum(words: array[int], first: int, second: int) -> tuple[int, int]:
    """SQLite's WAL checksum over pairs of 32-bit words, continuing from
    ``(first, second)``."""
    pairs = iter(words)
    for one, two in zip(pairs, pairs, strict=True):
        first = (first + one + second) & _MASK
        second = (second + two + first) & _MASK
    return first, second
