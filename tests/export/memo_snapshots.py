"""Memo snapshots built by hand from the Shared Vision, and ways to read a PDF back.

Snapshots are made here, not through the store, so that the renderer is tested on
exactly the input it is given: chosen statuses, notes in English, Urdu, Pashto and
Dari, hostile notes, a closed round with its hash, and a provisional memo.

The fixtures are in ``conftest.py``; the helpers live in this module so that tests
can import them by a name that is unique in the test tree (``conftest`` is not: with
several folders collected, ``from conftest import`` finds whichever came last).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from documented_examples import highland_text

from vision_desk.domain.agreement import Agreement
from vision_desk.domain.agreement_file import load_agreement, parse_agreement
from vision_desk.domain.deadlines import EventRecord, event_dates
from vision_desk.domain.memo import MemoClause, MemoOptions, MemoSnapshot, RoundChanges, RoundInfo
from vision_desk.domain.party_status import split_status
from vision_desk.domain.review import BoardRow, ClauseState, Note, PartyAssessment
from vision_desk.domain.round_comparison import ComparedClause
from vision_desk.domain.rounds import Round
from vision_desk.domain.rules import Flag, summarise
from vision_desk.domain.signoff import Signature, SignOff, Step
from vision_desk.domain.status import Status
from vision_desk.export.memo import render_memo

REPO = Path(__file__).resolve().parents[2]
FONTS = REPO / "resources" / "fonts"
SHARED_VISION = REPO / "resources" / "agreements" / "shared-vision.toml"
AS_OF = dt.date(2021, 3, 15)
UTC = dt.UTC
CONTENT_HASH = "9f2c4e1a7b3d5f60" * 4

URDU = (
    "کابل میں پاکستان اور افغانستان کے نمائندوں کی ملاقات ہوئی اور مہاجرین کی واپسی "
    "کے مشترکہ منصوبے پر بات چیت آگے بڑھی، لیکن کوئی تحریری مسودہ ابھی تک تبادلہ نہیں ہوا۔"
)
PASHTO = "د کډوالو د راستنیدو ګډ وړاندیز لا نه دی ښکاره شوی، خو دواړه خواوې ژمنې دي."
DARI = "هیئت افغانستان می‌گوید پیش‌نویس پیشنهاد مشترک تا پایان ماه آماده می‌شود."
RTL_NAME = "محمد کریمی"
MIXED = f"Met {RTL_NAME} at the Kabul office; he confirmed the draft is with the committee."
HOSTILE = (
    "a<b and c>d <b>never closed <font size=5000>huge</font> "
    '<img src="/etc/passwd"/> <a href="javascript:alert(1)">click</a> '
    "&amp; &lt;tag&gt; &#169; &nbsp;\x07bell\x00nul\nsecond line"
)


def load_shared_vision() -> Agreement:
    return load_agreement(SHARED_VISION)


HIGHLAND_AS_OF = dt.date(2020, 8, 1)
HIGHLAND_STATUSES: Mapping[str, Status] = {
    "HA-1": Status.STRAINED,
    "HA-2": Status.ADVANCED,
    "HA-4": Status.COMPLETED,
    "HA-7": Status.INITIATED,
}


def load_highland() -> Agreement:
    """The version-2 example of docs/agreement-format.md, read as the desk reads it
    (the store cannot keep one yet, so the memo is tested on the file's own)."""
    example = highland_text()
    return parse_agreement(example.encode("utf-8"), "highland.toml")


def build_highland_snapshot(
    records: Sequence[EventRecord] = (), as_of: dt.date = HIGHLAND_AS_OF
) -> MemoSnapshot:
    """A provisional memo on the Highland Accord as of ``as_of`` (1 August 2020:
    HA-2, due 13 July, and HA-7, due 29 April, are overdue), the events in
    ``records`` dated (none: HA-5 and HA-6 wait on theirs)."""
    agreement = load_highland()
    dates = event_dates(agreement, records)
    clauses = []
    for clause in agreement.clauses:
        status = HIGHLAND_STATUSES.get(clause.ref, Status.NOT_ASSESSED)
        state = (
            ClauseState(status, dt.datetime(2020, 7, 30, 9, 0, tzinfo=UTC), "A. Officer")
            if status is not Status.NOT_ASSESSED
            else ClauseState()
        )
        row = BoardRow(clause, state, as_of, event_dates=dates)
        clauses.append(MemoClause(row))
    summary = summarise(((item.row.clause, item.row.status) for item in clauses), as_of, dates)
    options = MemoOptions(
        date=dt.date(2020, 8, 3),
        to="Director, Highlands Division",
        sender="Desk Officer, Highlands",
    )
    return MemoSnapshot(agreement, as_of, summary, tuple(clauses), options)


STATUSES: Mapping[str, Status] = {
    "SV-P1": Status.UPHELD,
    "SV-P2": Status.UPHELD,
    "SV-P3": Status.STRAINED,
    "SV-P4": Status.UPHELD,
    "SV-P5": Status.BREACHED,
    "SV-P6": Status.UPHELD,
    "SV-P7": Status.STRAINED,
    "SV-C1": Status.INITIATED,
    "SV-C2": Status.ADVANCED,
    "SV-C3": Status.NOT_STARTED,
    "SV-C4": Status.COMPLETED,
    "SV-C5": Status.INITIATED,
    "SV-C6": Status.NOT_STARTED,
    "SV-C7": Status.OVERTAKEN,
    "SV-R1": Status.INITIATED,
    "SV-R3": Status.ADVANCED,
}

DEFAULT_NOTES: Mapping[str, Sequence[str]] = {
    "SV-C1": (
        "Joint working group met twice in Islamabad; intelligence leads named on both sides.",
        MIXED,
    ),
    "SV-C2": (URDU, PASHTO),
    "SV-C3": (DARI,),
    "SV-P3": ("Cross-border incident reported on 2021-02-11 near Torkham.",),
}


@dataclass
class SnapshotSpec:
    """What a test varies; everything else is the Shared Vision as of 15 March 2021."""

    notes: Mapping[str, Sequence[str]] = field(default_factory=lambda: dict(DEFAULT_NOTES))
    rationales: Mapping[str, str] = field(
        default_factory=lambda: {
            "SV-C1": "Lead officials named (verifiable), no joint product yet.",
            "SV-C2": "A draft proposal was exchanged in February: substantial partial delivery.",
        }
    )
    provisional: bool = False
    changes: bool = True
    options: MemoOptions | None = None
    statuses: Mapping[str, Status] = field(default_factory=lambda: dict(STATUSES))
    carried_over: Sequence[str] = ("SV-C5",)
    # How far sign-off went ("submitted", "reviewed", "approved"), and whether the
    # store was one officer's own (one officer in every role).
    sign_off: str = "approved"
    one_officer: bool = False
    # Clauses assessed party by party: each party's part with the latest note on it
    # (the clause's status is then derived from them, as the desk derives it).
    parts: Mapping[str, Sequence[PartyAssessment]] = field(default_factory=dict)


def _sign_off(round_: Round, spec: SnapshotSpec) -> SignOff:
    one = spec.one_officer
    steps = {"submitted": (), "reviewed": (Step.REVIEWED,), "approved": tuple(Step)}
    sign_off = SignOff(round_)
    for day, step in enumerate(steps[spec.sign_off]):
        who = (
            "A. Officer"
            if one
            else {Step.REVIEWED: "B. Reviewer", Step.APPROVED: "C. Director"}[step]
        )
        at = dt.datetime(2021, 3, 17 + day, 11, 30, tzinfo=UTC)
        signature = Signature(step, who, at, CONTENT_HASH, checked_by_server=not one)
        sign_off = sign_off.with_signature(signature)
    return sign_off


def build_snapshot(spec: SnapshotSpec | None = None) -> MemoSnapshot:
    spec = spec or SnapshotSpec()
    agreement = load_shared_vision()
    clauses: list[MemoClause] = []
    note_id = 0
    for position, clause in enumerate(agreement.clauses):
        status = spec.statuses.get(clause.ref, Status.NOT_ASSESSED)
        parts = tuple(spec.parts.get(clause.ref, ()))
        if parts:
            status = split_status(clause, parts).overall
        changed = dt.datetime(2021, 3, 1, 9, 30, tzinfo=UTC) + dt.timedelta(hours=position)
        statuses_only = tuple(PartyAssessment(part.party, part.status) for part in parts)
        state = (
            ClauseState(status, changed, "A. Officer", parts=statuses_only)
            if status is not Status.NOT_ASSESSED or parts
            else ClauseState()
        )
        notes = []
        for number, text in enumerate(spec.notes.get(clause.ref, ())):
            note_id += 1
            created = dt.datetime(2021, 2, 1 + number, 10, 15, tzinfo=UTC)
            notes.append(Note(note_id, clause.ref, "A. Officer", created, text))
        for part in parts:
            if part.note:  # the latest note on a party's part is a note of the clause
                note_id += 1
                created = dt.datetime(2021, 3, 10, 14, 0, tzinfo=UTC)
                notes.append(
                    Note(note_id, clause.ref, "A. Officer", created, part.note, party=part.party)
                )
        rationale = None
        if clause.ref in spec.rationales:
            note_id += 1
            rationale = Note(
                note_id,
                clause.ref,
                "A. Officer",
                dt.datetime(2021, 3, 12, 16, 0, tzinfo=UTC),
                spec.rationales[clause.ref],
            )
        row = BoardRow(clause, state, AS_OF, note_count=len(notes))
        clauses.append(
            MemoClause(
                row,
                tuple(notes),
                rationale,
                carried_over=clause.ref in spec.carried_over,
                parts=parts,
            )
        )
    summary = summarise(((item.row.clause, item.row.status) for item in clauses), AS_OF)
    options = spec.options or MemoOptions(
        date=dt.date(2021, 3, 19),
        classification="OFFICIAL-SENSITIVE",
        to="Director, South Asia Division",
        sender="Desk Officer, Afghanistan–Pakistan",
        subject="The Shared Vision four months on: first-quarter review",
    )
    round_info = None
    changes = None
    if not spec.provisional:
        round_ = Round(
            id=2,
            agreement_id=agreement.id,
            title="Q1 2021 review",
            as_of=AS_OF,
            opened_at=dt.datetime(2021, 3, 1, 8, 0, tzinfo=UTC),
            opened_by="A. Officer",
            closed_at=dt.datetime(2021, 3, 16, 17, 45, tzinfo=UTC),
            closed_by="A. Officer",
            content_hash=CONTENT_HASH,
        )
        round_info = RoundInfo(
            id=round_.id,
            title=round_.title,
            as_of=round_.as_of,
            opened_at=round_.opened_at,
            closed_at=round_.closed_at,
            content_hash=CONTENT_HASH,
            sign_off=_sign_off(round_, spec),
            one_officer=spec.one_officer,
        )
        if spec.changes:
            changes = RoundChanges(
                previous_title="December 2020 stock-take",
                previous_as_of=dt.date(2020, 12, 31),
                rows=_compared(clauses),
            )
    return MemoSnapshot(
        agreement=agreement,
        as_of=AS_OF,
        summary=summary,
        clauses=tuple(clauses),
        options=options,
        round=round_info,
        changes=changes,
    )


@dataclass
class RenderedMemo:
    """A rendered memo on disk, and what poppler and pypdf read from it."""

    path: Path
    data: bytes

    def text(self, *args: str) -> str:
        return subprocess.run(
            ["pdftotext", *args, str(self.path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def pages(self) -> list[str]:
        return self.text("-layout").split("\f")[:-1]

    def words(self, page: int | None = None) -> list[Word]:
        """Every word with its box, from ``pdftotext -bbox`` (text as drawn, left to right)."""
        args = ["-bbox"] + (["-f", str(page), "-l", str(page)] if page else [])
        pattern = re.compile(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
        )
        return [
            Word(float(x0), float(y0), float(x1), float(y1), _unescape(text))
            for x0, y0, x1, y1, text in pattern.findall(self.text(*args))
        ]


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


def render_to(directory: Path, snapshot: MemoSnapshot, name: str = "memo.pdf") -> RenderedMemo:
    data = render_memo(snapshot, FONTS)
    path = directory / name
    path.write_bytes(data)
    return RenderedMemo(path, data)


def token_text(prefix: str, count: int, paragraphs: int = 1) -> str:
    """``count`` words ``{prefix}w0``, ``{prefix}w1``, … in ``paragraphs`` typed
    paragraphs: every line of it, wherever it wraps, says whose text it is."""
    words = [f"{prefix}w{number}" for number in range(count)]
    size = -(-count // paragraphs)
    return "\n".join(" ".join(words[start : start + size]) for start in range(0, count, size))


def long_spec(seed: int, twins: Sequence[str] = ()) -> SnapshotSpec:
    """Every clause with a rationale (when it has a status) and one to six notes of
    every length, in words that name their note (``n{id}w{i}``, ``r{ref}w{i}``): a
    memo of many pages whose page breaks fall everywhere. For the clauses in
    ``twins`` the rationale is also the first note, as the desk records it."""
    rng = random.Random(seed)
    notes: dict[str, list[str]] = {}
    rationales: dict[str, str] = {}
    note_id = 0
    for clause in load_shared_vision().clauses:
        ref = clause.ref
        if ref in STATUSES:
            rationales[ref] = token_text(f"r{ref.replace('-', '')}", rng.choice((3, 12, 25, 40)))
        written = []
        for _ in range(rng.randint(1, 6)):
            note_id += 1
            length = rng.choice((4, 10, 16, 24, 30, 45, 60, 90, 140))
            written.append(token_text(f"n{note_id}", length, rng.choice((1, 1, 2, 3))))
        if ref in twins and ref in rationales:
            written.insert(0, rationales[ref])
        notes[ref] = written
    return SnapshotSpec(notes=notes, rationales=rationales)


# How the snapshot's clauses stood in the round before (the others: as now).
_THEN = {
    "SV-C2": (Status.INITIATED, False),
    "SV-C4": (Status.ADVANCED, False),
    "SV-P5": (Status.STRAINED, False),
}
_CATEGORIES = {
    "SV-C2": ("improved", "newly overdue"),
    "SV-C4": ("improved",),
    "SV-P5": ("regressed",),
    "SV-C3": ("stalled",),
}


def _compared(clauses: list[MemoClause]) -> tuple[ComparedClause, ...]:
    """The comparison the snapshot's round makes with the one before."""
    rows = []
    for item in clauses:
        row = item.row
        overdue = Flag.OVERDUE in row.flags
        then, overdue_then = _THEN.get(row.clause.ref, (row.status, overdue))
        rows.append(
            ComparedClause(
                row.clause.ref,
                row.clause.title,
                then,
                row.status,
                overdue_then,
                overdue,
                _CATEGORIES.get(row.clause.ref, ("unchanged",)),
            )
        )
    return tuple(rows)
