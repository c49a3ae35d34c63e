"""The desk's memo, made in a separate process that only reads the store.

The desk starts ``python -m vision_desk.services.memo_worker``, writes one JSON
request to its standard input and reads one JSON result from its standard output:
``{"ok": true, "path": ...}`` or ``{"ok": false, "message": ...}``. A separate
process, so that the window never waits and Cancel can end the work for certain;
not the public command line, whose start is made for a store no one else has open:
it would take the open desk's WAL for an unclean shutdown, check, back up and
write settings. Here the store is opened read-only (``storage.read_only``), the
settings are never read or written, and an expected error comes back as its
sentence, never as text scraped from standard error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sys
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from vision_desk import paths
from vision_desk.domain.memo import MemoOptions
from vision_desk.errors import UserError
from vision_desk.services import memo
from vision_desk.services.desk import Desk
from vision_desk.services.output_paths import check_output_path
from vision_desk.storage import store_lock
from vision_desk.storage.read_only import open_read_only
from vision_desk.storage.server_store import AnyStore, ServerStore

WORKER_MODULE = "vision_desk.services.memo_worker"
# What the bundle's one program (which has no ``-m``) must pass on to ``main`` here.
BUNDLE_ARGUMENT = "--memo-worker"
# What the desk says when the worker failed in a way it could not put into words.
NO_MEMO = "The memo could not be made; nothing was written."
BUG = "The memo could not be made: Vision Desk met an internal error; nothing was written."


@dataclass(frozen=True, slots=True)
class MemoRequest:
    """Everything the worker needs; the desk's choices and where its store is."""

    data_dir: str | None  # None: the platform's folders, as the desk resolved them
    author: str
    out: str
    options: MemoOptions
    agreement_id: str | None = None
    round_id: int | None = None
    as_of: dt.date | None = None
    # A team desk's server address; None: the officer's file under ``data_dir``.
    server: str | None = None

    def to_json(self) -> str:
        fields = asdict(self)
        fields["options"]["date"] = self.options.date.isoformat()
        fields["as_of"] = None if self.as_of is None else self.as_of.isoformat()
        return json.dumps(fields, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> MemoRequest:
        fields: dict[str, Any] = json.loads(text)
        options = dict(fields.pop("options"))
        options["date"] = dt.date.fromisoformat(options["date"])
        as_of = fields.pop("as_of", None)
        return cls(
            **fields,
            options=MemoOptions(**options),
            as_of=None if as_of is None else dt.date.fromisoformat(as_of),
        )


@dataclass(frozen=True, slots=True)
class MemoResult:
    """The memo written to ``path``, or the one sentence ``message`` saying why not."""

    ok: bool
    path: str | None = None
    message: str | None = None
    provisional: bool = False

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> MemoResult:
        """The worker's answer: its last line on standard output. Anything else (a
        worker killed or crashed before it answered) is ``NO_MEMO``."""
        lines = text.strip().splitlines()
        try:
            fields = json.loads(lines[-1]) if lines else None
            return cls(**fields) if isinstance(fields, dict) else cls(False, message=NO_MEMO)
        except (ValueError, TypeError):
            return cls(False, message=NO_MEMO)


def make_memo(request: MemoRequest) -> MemoResult:
    """Write the memo the request asks for, reading the store and nothing else of
    Vision Desk's; an expected error is the result's message."""
    try:
        return _make(request)
    except UserError as error:
        return MemoResult(False, message=error.message)


def _make(request: MemoRequest) -> MemoResult:
    data_paths = paths.resolve(request.data_dir)
    # Before the store is read: a refused place costs nothing.
    out = check_output_path(Path(request.out), data_paths)
    if request.server is not None:
        return _make_from_server(request, request.server, out, data_paths)
    # The shared hold every user of the store takes: a restore then waits for the
    # memo rather than replacing the file under it.
    hold = store_lock.share(data_paths.database)
    try:
        return _draw(request, open_read_only(data_paths.database), out, data_paths)
    finally:
        hold.release()


def _make_from_server(
    request: MemoRequest, server: str, out: Path, data_paths: paths.DataPaths
) -> MemoResult:
    """The memo from a team desk: read in transactions the server itself keeps
    read-only, so that the memo can write nothing there whatever its code does."""
    return _draw(request, ServerStore.open(server, read_only=True), out, data_paths)


def _draw(
    request: MemoRequest, store: AnyStore, out: Path, data_paths: paths.DataPaths
) -> MemoResult:
    """Read the memo's snapshot from ``store`` (then closed) and draw it to ``out``."""
    try:
        # No backups folder: a reader has nothing to back up before.
        desk = Desk(store, request.author)
        snapshot = memo.build_snapshot(
            desk, request.options, request.round_id, request.as_of, request.agreement_id
        )
        written = memo.write_memo(snapshot, out, data_paths)
    finally:
        store.close()
    return MemoResult(True, path=str(written), provisional=snapshot.provisional)


def main() -> int:
    """Read the request from standard input, answer on standard output."""
    answer = sys.stdout
    try:
        # Whatever a library might print must not be mistaken for the answer.
        with contextlib.redirect_stdout(sys.stderr):
            result = make_memo(MemoRequest.from_json(sys.stdin.read()))
    except Exception:
        # A bug: the traceback goes to standard error, which the desk logs; the
        # officer is told in one sentence.
        traceback.print_exc()
        result = MemoResult(False, message=BUG)
    answer.write(result.to_json() + "\n")
    answer.flush()
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
