"""The desk's memo and pre-meeting brief, made in a separate process that only
reads the store.

The desk starts ``python -m vision_desk.services.memo_worker``, writes one JSON
request to its standard input (a ``MemoRequest``, or a ``BriefRequest``, which
says ``"document": "brief"``) and reads one JSON result from its standard output:
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
from vision_desk.domain.memo import DEFAULT_CLASSIFICATION, MemoOptions
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
NO_BRIEF = "The brief could not be made; nothing was written."
BRIEF_BUG = "The brief could not be made: Vision Desk met an internal error; nothing was written."


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
class BriefRequest:
    """The one-page pre-meeting brief of an agreement's live board as of a date."""

    data_dir: str | None
    author: str
    out: str
    as_of: dt.date
    agreement_id: str | None = None
    server: str | None = None
    classification: str = DEFAULT_CLASSIFICATION
    document: str = "brief"  # what tells the worker a brief from a memo

    def to_json(self) -> str:
        fields = asdict(self)
        fields["as_of"] = self.as_of.isoformat()
        return json.dumps(fields, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> BriefRequest:
        fields: dict[str, Any] = json.loads(text)
        return cls(**{**fields, "as_of": dt.date.fromisoformat(fields["as_of"])})


@dataclass(frozen=True, slots=True)
class MemoResult:
    """The memo (or brief) written to ``path``, or the one sentence ``message``
    saying why not."""

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


def make_brief(request: BriefRequest) -> MemoResult:
    """Write the brief the request asks for, as ``make_memo`` writes a memo."""
    try:
        return _make(request)
    except UserError as error:
        return MemoResult(False, message=error.message)


def _make(request: MemoRequest | BriefRequest) -> MemoResult:
    data_paths = paths.resolve(request.data_dir)
    # Before the store is read: a refused place costs nothing.
    out = check_output_path(Path(request.out), data_paths)
    if request.server is not None:
        # A team desk: read in transactions the server itself keeps read-only, so
        # that nothing can be written there whatever the drawing's code does.
        return _draw(request, ServerStore.open(request.server, read_only=True), out, data_paths)
    # The shared hold every user of the store takes: a restore then waits for the
    # memo rather than replacing the file under it.
    hold = store_lock.share(data_paths.database)
    try:
        return _draw(request, open_read_only(data_paths.database), out, data_paths)
    finally:
        hold.release()


def _draw(
    request: MemoRequest | BriefRequest, store: AnyStore, out: Path, data_paths: paths.DataPaths
) -> MemoResult:
    """Read the snapshot from ``store`` (then closed) and draw it to ``out``."""
    try:
        # No backups folder: a reader has nothing to back up before.
        desk = Desk(store, request.author)
        if isinstance(request, BriefRequest):
            from vision_desk.services import brief

            found = brief.build_brief(
                desk, request.as_of, request.agreement_id, request.classification
            )
            return MemoResult(True, path=str(brief.write_brief(found, out, data_paths)))
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
    is_brief = False
    try:
        # Whatever a library might print must not be mistaken for the answer.
        with contextlib.redirect_stdout(sys.stderr):
            text = sys.stdin.read()
            asked = json.loads(text)
            is_brief = isinstance(asked, dict) and asked.get("document") == "brief"
            result = (
                make_brief(BriefRequest.from_json(text))
                if is_brief
                else make_memo(MemoRequest.from_json(text))
            )
    except Exception:
        # A bug: the traceback goes to standard error, which the desk logs; the
        # officer is told in one sentence.
        traceback.print_exc()
        result = MemoResult(False, message=BRIEF_BUG if is_brief else BUG)
    answer.write(result.to_json() + "\n")
    answer.flush()
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
