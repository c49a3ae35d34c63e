"""A large agreement and a well-used store, for benchmarks.

Two things:

* ``agreement_toml(clauses)`` writes a valid agreement file (format 1,
  docs/agreement-format.md) with ``clauses`` clauses: principles, commitments and
  related undertakings; deadlines of every precision; quotes (with curly quotes,
  double quotes, backslashes and Urdu); ``see_also`` links; one-sided clauses.
* ``fill_store(data_dir, ...)`` opens a desk on ``data_dir`` the way the program
  does (``app.open_desk``), imports that agreement through ``transfer.import_agreement``,
  and then, as a fixture in one write transaction, adds a status to most clauses
  and ``notes`` notes spread unevenly over the clauses (realistic lengths, some in
  Urdu, a few edited or deleted), with the history rows and undo-journal entries
  the desk itself would have left (journal trimmed to its depth, as in real use).

Everything is derived from a seed, so two runs give the same store.

    .venv/bin/python benchmarks/generate.py --toml big.toml            # the file only
    .venv/bin/python benchmarks/generate.py --data-dir /tmp/vd-bench   # a filled store
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

AGREEMENT_ID = "bench-accord"
DEFAULT_CLAUSES = 5_000
DEFAULT_NOTES = 50_000
DEFAULT_SEED = 20201119
STATUS_SHARE = 0.85  # share of clauses that carry a status
AUTHOR = "Bench Officer"
# The review date the benchmark reads the board on; deadlines fall on both sides.
AS_OF = dt.date(2024, 6, 30)
AGREEMENT_DATE = dt.date(2020, 11, 19)
MAX_FILE_BYTES = 5 * 1024 * 1024  # the loader's limit (docs/agreement-format.md)

PARTIES = ("AF", "PK")
SOURCES = (
    ("joint-text", "Joint text of the accord", "Joint secretariat", "2020-11-19"),
    ("press-release", "Press release on the signing", "Ministry of Foreign Affairs", "2020-11-19"),
    ("briefing", "Weekly press briefing transcript", "Foreign Office spokesperson", "2020-11-26"),
)
STRANDS = (
    "security", "refugees", "connectivity", "trade", "water", "energy", "health",
    "education", "border-management", "culture", "finance", "political",
)  # fmt: skip
KIND_WEIGHTS = (("principle", 15), ("commitment", 70), ("related", 15))
ORDINALS = ("first", "second", "third", "fourth")
MONTHS = calendar.month_name

SUBJECTS = (
    "joint working group", "border crossing", "customs post", "rail link",
    "transmission line", "refugee registration drive", "visa regime", "trade corridor",
    "water-sharing commission", "scholarship scheme", "health screening point",
    "liaison office", "hotline between the ministries", "cargo terminal",
    "intelligence-sharing mechanism", "trade fair", "transit trade agreement",
    "joint survey", "cultural exchange programme", "payment channel",
)  # fmt: skip
VERBS = (
    "Establish", "Open", "Review", "Complete", "Extend", "Upgrade", "Fund", "Staff",
    "Report on", "Hold talks on", "Agree the terms of", "Inaugurate",
)  # fmt: skip
PRINCIPLE_TITLES = (
    "Mutual respect for sovereignty", "No use of territory against the other",
    "Non-interference in internal affairs", "Peaceful settlement of disputes",
    "Dignified and voluntary return", "Predictable and open channels",
    "Shared prosperity through connectivity", "Protection of civilians",
)  # fmt: skip
TEXT_SENTENCES = (
    "The parties undertake to {verb} the {subject} within the agreed timeline.",
    "Lead officials on each side report progress to the joint review meeting.",
    "The {subject} is to be operational and staffed by both sides.",
    "Costs are shared as agreed in the minutes of the technical talks.",
    "Progress is reviewed at each alternating leaders' visit.",
    "The arrangement covers movement of people, goods and services at the agreed points.",
    "Either party may propose adjustments, which take effect once both confirm them in writing.",
    "The commitment builds on the fundamentals agreed at the previous round of talks.",
)
QUOTES_EN = (
    "special relationship", "identify and tackle enemies of peace",
    "at the earliest", "in a time-bound manner", "dignified and sustainable return",
    "the so-called \"joint mechanism\"", "both sides’ shared vision",
    "a path\\route to be agreed", "multi-alignment", "people-to-people contacts",
)  # fmt: skip
QUOTES_UR = ("باہمی احترام", "دیرپا امن", "مشترکہ وژن")

NOTE_SENTENCES_EN = (
    "Discussed with the desk in the capital; no change since the last review.",
    "The press briefing mentioned progress, but no date was given.",
    "Source: weekly briefing transcript, answer to the second question.",
    "Officials on the other side confirmed the working group met twice this month.",
    "Not yet verified independently; keep as initiated until the minutes are out.",
    "The customs post opened for pedestrians only; cargo is still routed through the old crossing.",
    "Funding was announced in the budget speech but the allocation is not visible in the annex.",
    "Raised at the joint review meeting; both lead officials agreed to report back within a month.",
    "Local media report delays caused by the security situation along the route.",
    "A follow-up letter was sent; awaiting a reply from the ministry.",
    "The figures in the annual report differ from those given at the press conference.",
    "Overtaken by the new transit arrangement signed in the spring.",
    "Compare with the commitment on refugee registration; the two timelines depend on each other.",
    "Meeting minutes (para. 4) record the decision, but implementation has not started.",
    "Progress is real but partial: two of the five points are staffed.",
)
NOTE_SENTENCES_UR = (
    "اجلاس میں اس شق پر پیش رفت کا جائزہ لیا گیا۔",
    "دونوں فریقوں نے مشترکہ ورکنگ گروپ کے قیام پر اتفاق کیا۔",
    "سرحدی گزرگاہوں پر تجارت کی بحالی ابھی باقی ہے۔",
    "وزارت خارجہ کی بریفنگ کے مطابق کام جاری ہے۔",
    "مہاجرین کی واپسی کے بارے میں کوئی نئی اطلاع نہیں ملی۔",
    "اس وعدے پر عمل درآمد کی تصدیق آزاد ذرائع سے نہیں ہو سکی۔",
    "اگلے جائزہ اجلاس میں اس معاملے کو دوبارہ اٹھایا جائے گا۔",
)
# Sentences per note and how often: most notes are a line or two, a few are long.
NOTE_LENGTHS = ((1, 30), (2, 25), (3, 18), (5, 12), (8, 8), (15, 5), (40, 2))


# -- the agreement file -----------------------------------------------------------------


def toml_string(value: str) -> str:
    """A TOML basic string. JSON's escapes (\\" \\\\ \\n \\uXXXX) are all valid TOML."""
    return json.dumps(value, ensure_ascii=False)


def toml_strings(values: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(toml_string(value) for value in values) + "]"


@dataclass(frozen=True)
class Due:
    label: str
    earliest: dt.date
    latest: dt.date
    precision: str


def random_deadline(rng: random.Random, precision: str) -> Due:
    """A deadline of ``precision`` whose dates fit the loader's rules; the dates
    fall between 2021 and 2026, so that on ``AS_OF`` some are overdue, some due
    soon and some far off."""
    year = rng.randint(2021, 2026)
    month = rng.randint(1, 12)
    last = calendar.monthrange(year, month)[1]
    if precision == "day":
        day = dt.date(year, month, rng.randint(1, last))
        return Due(f"By {day.day} {MONTHS[month]} {year}", day, day, "day")
    if precision == "month":
        label = rng.choice((f"By {MONTHS[month]} {year}", f"In {MONTHS[month]} {year}"))
        return Due(label, dt.date(year, month, 1), dt.date(year, month, last), "month")
    if precision == "quarter":
        quarter = rng.randint(0, 3)
        first = dt.date(year, 3 * quarter + 1, 1)
        end_month = 3 * quarter + 3
        end = dt.date(year, end_month, calendar.monthrange(year, end_month)[1])
        return Due(f"In the {ORDINALS[quarter]} quarter of {year}", first, end, "quarter")
    choice = rng.randint(0, 4)
    if choice == 0:
        return Due(
            f"By the beginning of {MONTHS[month]} {year}",
            dt.date(year, month, 1),
            dt.date(year, month, 10),
            "approximate",
        )
    if choice == 1:
        return Due(
            f"By mid-{MONTHS[month]} {year}",
            dt.date(year, month, 10),
            dt.date(year, month, 20),
            "approximate",
        )
    if choice == 2:
        return Due(
            f"Around the end of {year}",
            dt.date(year, 12, 1),
            dt.date(year + 1, 1, 15),
            "approximate",
        )
    if choice == 3:
        return Due(
            f"Within {month} months of signing",
            AGREEMENT_DATE + dt.timedelta(days=30 * month - 15),
            AGREEMENT_DATE + dt.timedelta(days=30 * month + 15),
            "approximate",
        )
    return Due(
        f"Before the winter of {year}",
        dt.date(year, 9, 1),
        dt.date(year, 11, 30),
        "approximate",
    )


def agreement_toml(
    clauses: int = DEFAULT_CLAUSES,
    seed: int = DEFAULT_SEED,
    agreement_id: str = AGREEMENT_ID,
) -> str:
    """The text of a valid agreement file with ``clauses`` clauses."""
    if not 1 <= clauses <= 20_000:
        raise ValueError("an agreement file holds 1 to 20,000 clauses")
    rng = random.Random(seed)
    # Keep big files under the loader's 5 MB limit: fewer sentences per clause.
    max_sentences = 3 if clauses <= 6_000 else 1
    out: list[str] = [
        "# Generated by benchmarks/generate.py: a large synthetic agreement for benchmarks.",
        "format = 1",
        "",
        "[agreement]",
        f"id = {toml_string(agreement_id)}",
        f"title = {toml_string(f'Synthetic Accord of {clauses:,} clauses for benchmarking')}",
        'short_title = "Bench Accord"',
        f"parties = {toml_strings(PARTIES)}",
        'place = "Islamabad"',
        f"date = {AGREEMENT_DATE.isoformat()}",
        f"source = {toml_string(SOURCES[0][0])}",
        'summary = "A generated agreement: principles, commitments and related undertakings '
        'with deadlines of every precision."',
    ]
    for source_id, title, publisher, date in SOURCES:
        out += [
            "",
            "[[sources]]",
            f"id = {toml_string(source_id)}",
            f"title = {toml_string(title)}",
            f"publisher = {toml_string(publisher)}",
            f"date = {date}",
        ]
    kinds = [kind for kind, _ in KIND_WEIGHTS]
    weights = [weight for _, weight in KIND_WEIGHTS]
    precisions = ("day", "month", "quarter", "approximate")
    refs: list[str] = []
    counters = {"principle": 0, "commitment": 0, "related": 0}
    for index in range(clauses):
        kind = rng.choices(kinds, weights)[0]
        counters[kind] += 1
        number = counters[kind]
        if kind == "principle":
            ref = f"P-{number}"
        elif kind == "related":
            ref = f"R-{number}"
        else:
            # Articles of 25 paragraphs; numbering restarts per article.
            ref = f"Art.{(number - 1) // 25 + 1}({(number - 1) % 25 + 1})"
        subject = rng.choice(SUBJECTS)
        verb = rng.choice(VERBS)
        if kind == "principle":
            title = f"{rng.choice(PRINCIPLE_TITLES)} ({number})"
        else:
            title = f"{verb} the {subject}"
        sentences = [
            sentence.format(verb=verb.lower(), subject=subject)
            for sentence in rng.sample(TEXT_SENTENCES, rng.randint(1, max_sentences))
        ]
        roll = rng.random()
        bound = list(PARTIES) if roll < 0.8 else [PARTIES[0] if roll < 0.9 else PARTIES[1]]
        out += [
            "",
            "[[clauses]]",
            f"ref = {toml_string(ref)}",
            f"kind = {toml_string(kind)}",
            f"strand = {toml_string(rng.choice(STRANDS))}",
            f"parties = {toml_strings(bound)}",
            f"title = {toml_string(title)}",
            f"text = {toml_string(' '.join(sentences))}",
        ]
        if rng.random() < 0.5:
            pool = QUOTES_EN if rng.random() < 0.9 else QUOTES_UR
            out.append(f"quotes = {toml_strings(rng.sample(pool, rng.randint(1, 2)))}")
        if refs and rng.random() < 0.2:
            out.append(f"see_also = {toml_strings(sorted(set(rng.sample(refs[-200:], 1))))}")
        out += [
            "[clauses.provenance]",
            f"source = {toml_string(rng.choice(SOURCES)[0])}",
            f"locator = {toml_string(f'part {index // 100 + 1}, paragraph {index % 100 + 1}')}",
        ]
        if kind != "principle" and rng.random() < 0.85:
            due = random_deadline(rng, precisions[index % 4])
            out += [
                "[clauses.due]",
                f"label = {toml_string(due.label)}",
                f"earliest = {due.earliest.isoformat()}",
                f"latest = {due.latest.isoformat()}",
                f"precision = {toml_string(due.precision)}",
            ]
        refs.append(ref)
    text = "\n".join(out) + "\n"
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:  # pragma: no cover - guarded by max_sentences
        raise ValueError(
            f"{clauses:,} clauses make a file of {size:,} bytes, over the loader's 5 MB "
            "limit (about 12,000 clauses fit)"
        )
    return text


def write_agreement(path: Path, clauses: int = DEFAULT_CLAUSES, seed: int = DEFAULT_SEED) -> Path:
    path.write_text(agreement_toml(clauses, seed), encoding="utf-8")
    return path


# -- the filled store -------------------------------------------------------------------


@dataclass(frozen=True)
class Filled:
    data_dir: Path
    agreement_id: str
    clauses: int
    notes: int
    statuses: int
    toml_bytes: int
    import_seconds: float
    fill_seconds: float
    database_bytes: int


def note_text(rng: random.Random) -> str:
    count = rng.choices([n for n, _ in NOTE_LENGTHS], [w for _, w in NOTE_LENGTHS])[0]
    roll = rng.random()
    if roll < 0.10:  # in Urdu
        pool: tuple[str, ...] = NOTE_SENTENCES_UR
    elif roll < 0.15:  # mixed, as officers write
        pool = NOTE_SENTENCES_EN + NOTE_SENTENCES_UR
    else:
        pool = NOTE_SENTENCES_EN
    return " ".join(rng.choice(pool) for _ in range(count))


def _random_status(rng: random.Random, kind: str) -> str:
    if kind == "principle":
        return rng.choices(("upheld", "strained", "breached"), (60, 30, 10))[0]
    return rng.choices(
        ("not_started", "initiated", "advanced", "completed", "overtaken"), (20, 30, 25, 20, 5)
    )[0]


def fill_store(
    data_dir: Path,
    clauses: int = DEFAULT_CLAUSES,
    notes: int = DEFAULT_NOTES,
    seed: int = DEFAULT_SEED,
) -> Filled:
    """Create a store under ``data_dir`` with the large agreement, statuses on most
    clauses and ``notes`` notes. ``data_dir`` must not hold a store yet.

    The agreement goes in through the program's own path (``app.open_desk``, then
    ``transfer.import_agreement``). The officer's work is a fixture: it is written
    in one transaction of ``desk.store.write()`` as bulk inserts of the rows the
    desk's own actions leave (``vision_desk/storage/review.py``): a status row, a
    history row and a journal entry per status; a note, a history row and a journal
    entry per note; revisions for edited notes, scrubbed text for deleted ones; all
    in time order; the journal trimmed to its depth with ``review.trim_journal``.
    (Going through ``review.add_note`` one note at a time costs an ORM flush per
    note: about 25 s for 50,000 notes instead of about 2 s.)
    """
    from sqlalchemy import func, insert, select

    from vision_desk import app
    from vision_desk.domain.review import ChangeKind
    from vision_desk.services import journal, transfer
    from vision_desk.storage import review as review_store
    from vision_desk.storage.models import (
        ChangeRow,
        ClauseStateRow,
        NoteRevisionRow,
        NoteRow,
        OperationRow,
    )

    data_dir.mkdir(parents=True, exist_ok=True)
    toml_path = data_dir / f"{AGREEMENT_ID}.toml"
    write_agreement(toml_path, clauses, seed)

    rng = random.Random(seed + 1)
    opened = app.open_desk(str(data_dir), author=AUTHOR)
    try:
        desk = opened.desk
        if AGREEMENT_ID in desk.agreement_ids():
            raise RuntimeError(f"{data_dir} already holds '{AGREEMENT_ID}'")
        started = time.perf_counter()
        transfer.import_agreement(desk, toml_path)
        desk.use_agreement(AGREEMENT_ID)
        import_seconds = time.perf_counter() - started

        started = time.perf_counter()
        stored = desk.stored(AGREEMENT_ID)
        all_clauses = stored.agreement.clauses
        origin = dt.datetime.combine(AGREEMENT_DATE, dt.time(9), dt.UTC)
        span = (AS_OF - AGREEMENT_DATE).days * 86_400

        # Events (time, kind, clause position) in time order, as the officer made them.
        # Notes bunch on a few clauses: a fifth of clauses have none, a few have
        # a thousand or more (Pareto weights).
        weights = [0.0 if rng.random() < 0.2 else rng.paretovariate(1.2) for _ in all_clauses]
        note_positions = rng.choices(range(len(all_clauses)), weights, k=notes)
        status_positions = [i for i in range(len(all_clauses)) if rng.random() < STATUS_SHARE]
        events = [(rng.random() * span, "status", i) for i in status_positions]
        events += [(rng.random() * span, "note", i) for i in note_positions]
        events.sort()

        state_rows: dict[int, dict[str, object]] = {}
        note_rows: list[dict[str, object]] = []
        revision_rows: list[dict[str, object]] = []
        change_rows: list[dict[str, object]] = []
        operation_rows: list[dict[str, object]] = []
        with desk.store.write() as session:
            note_id = session.scalar(select(func.max(NoteRow.id))) or 0
            for seconds, kind, position in events:
                at = origin + dt.timedelta(seconds=seconds)
                clause = all_clauses[position]
                clause_id = stored.clause_ids[clause.ref]
                if kind == "status":
                    new = _random_status(rng, clause.kind.value)
                    before = str(state_rows.get(clause_id, {}).get("status", "not_assessed"))
                    state_rows[clause_id] = {
                        "clause_id": clause_id,
                        "status": new,
                        "changed_at": at,
                        "changed_by": AUTHOR,
                    }
                    change_rows.append(_change(clause_id, at, ChangeKind.STATUS, before, new))
                    payload = {"before": before, "after": new, "note_id": None}
                    operation_rows.append(_operation(clause_id, at, journal.SET_STATUS, payload))
                    continue
                note_id += 1
                text = note_text(rng)
                row: dict[str, object] = {
                    "id": note_id,
                    "clause_id": clause_id,
                    "author": AUTHOR,
                    "created_at": at,
                    "text": text,
                    "edited_at": None,
                    "removed": None,
                    "removed_at": None,
                }
                note_rows.append(row)
                change_rows.append(
                    _change(clause_id, at, ChangeKind.NOTE_ADDED, None, str(note_id))
                )
                operation_rows.append(
                    _operation(clause_id, at, journal.ADD_NOTE, {"note_id": note_id})
                )
                roll = rng.random()
                later = at + dt.timedelta(hours=rng.randint(1, 500))
                if roll < 0.03:  # edited once: the old wording is kept as a revision
                    revision_rows.append(
                        {
                            "note_id": note_id,
                            "text": text,
                            "replaced_at": later,
                            "replaced_by": AUTHOR,
                        }
                    )
                    row["text"], row["edited_at"] = note_text(rng), later
                    change_rows.append(
                        _change(
                            clause_id, later, ChangeKind.NOTE_EDITED, str(note_id), str(note_id)
                        )
                    )
                elif roll < 0.04:  # deleted for good: text scrubbed, row kept
                    row["text"], row["removed"], row["removed_at"] = "", review_store.DELETED, later
                    change_rows.append(
                        _change(clause_id, later, ChangeKind.NOTE_DELETED, str(note_id), None)
                    )
            for model, rows in (
                (ClauseStateRow, list(state_rows.values())),
                (NoteRow, note_rows),
                (NoteRevisionRow, revision_rows),
                (ChangeRow, change_rows),
                (OperationRow, operation_rows),
            ):
                if rows:
                    session.execute(insert(model), rows)
            # As the desk does after each action: only the last UNDO_DEPTH stay undoable.
            review_store.trim_journal(session, journal.UNDO_DEPTH)
        fill_seconds = time.perf_counter() - started
    finally:
        opened.close()
    database = opened.paths.database
    return Filled(
        data_dir=data_dir,
        agreement_id=AGREEMENT_ID,
        clauses=clauses,
        notes=notes,
        statuses=len(state_rows),
        toml_bytes=toml_path.stat().st_size,
        import_seconds=import_seconds,
        fill_seconds=fill_seconds,
        database_bytes=database_size(database),
    )


def database_size(database: Path) -> int:
    """The store's bytes on disk, with its -wal and -shm files."""
    return sum(
        path.stat().st_size
        for path in (database, *database.parent.glob(database.name + "-*"))
        if path.exists()
    )


def _change(
    clause_id: int, at: dt.datetime, kind: object, before: str | None, after: str | None
) -> dict[str, object]:
    return {
        "clause_id": clause_id,
        "at": at,
        "author": AUTHOR,
        "kind": str(kind),
        "before": before,
        "after": after,
        "via": None,
    }


def _operation(
    clause_id: int, at: dt.datetime, kind: str, payload: Mapping[str, object]
) -> dict[str, object]:
    from vision_desk.storage.review import DONE

    return {
        "at": at,
        "author": AUTHOR,
        "kind": kind,
        "clause_id": clause_id,
        "payload": json.dumps(payload),
        "state": DONE,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clauses", type=int, default=DEFAULT_CLAUSES)
    parser.add_argument("--notes", type=int, default=DEFAULT_NOTES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--toml", type=Path, help="write only the agreement file here")
    target.add_argument("--data-dir", type=Path, help="create and fill a store in this folder")
    args = parser.parse_args(argv)
    if not 1 <= args.clauses <= 20_000 or args.notes < 0:
        parser.error("--clauses must be 1 to 20,000 and --notes at least 0")
    try:
        agreement_toml(args.clauses, args.seed)
    except ValueError as error:
        parser.error(str(error))
    if args.toml:
        write_agreement(args.toml, args.clauses, args.seed)
        print(f"wrote {args.toml} ({args.toml.stat().st_size:,} bytes, {args.clauses:,} clauses)")
        return 0
    filled = fill_store(args.data_dir, args.clauses, args.notes, args.seed)
    print(
        f"filled {filled.data_dir}: {filled.clauses:,} clauses, {filled.statuses:,} statuses, "
        f"{filled.notes:,} notes; import {filled.import_seconds:.2f} s, "
        f"fill {filled.fill_seconds:.2f} s; database {filled.database_bytes / 1e6:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
