"""Obligations per party in the memo: a clause assessed party by party shows its
parts (each party's status and the latest note on its part) under its overall
status, and which parties decided that status; the reciprocity section lists the
commitments on which one party stands ahead of another; the summary gives the
index of each party beside the overall one.

Everything is derived by the domain (``party_status``): the overall status from
the parts (``split_status``), the gaps (``reciprocity``), the index per party
(``summaries_by_party``). Party names are the agreement file's (typed text, set
as such); a note is the officer's text, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from vision_desk.domain.agreement import Agreement, Clause
from vision_desk.domain.deadlines import NO_EVENT_DATES
from vision_desk.domain.memo import MemoClause
from vision_desk.domain.party_status import (
    ReciprocityGap,
    SplitStatus,
    reciprocity,
    split_status,
    summaries_by_party,
)
from vision_desk.domain.review import PartyAssessment
from vision_desk.domain.status import Status, score_of
from vision_desk.export.kit import Kit, compares_parties, parties_text, title_cell
from vision_desk.export.styles import FRAME_WIDTH, table_style
from vision_desk.export.text import Part, Words

PartsByRef = Mapping[str, tuple[PartyAssessment, ...]]


def parts_of(item: MemoClause) -> tuple[PartyAssessment, ...]:
    """The clause's parts: with the latest note of each when the snapshot gives
    them, else the statuses its row carries (empty: assessed as a whole)."""
    return item.parts or item.row.state.parts


def parts_by_ref(kit: Kit) -> dict[str, tuple[PartyAssessment, ...]]:
    return {
        item.row.clause.ref: parts for item in kit.snapshot.clauses if (parts := parts_of(item))
    }


def status_words(status: Status) -> str:
    """ "Advanced (2 of 3)", or the label alone where there is no score."""
    score = score_of(status)
    return status.label if score is None else f"{status.label} ({score} of 3)"


# -- the clause's entry ------------------------------------------------------------


def split_of(item: MemoClause) -> SplitStatus | None:
    """The clause's overall status with its parts, or None when it is assessed as
    a whole. A part the clause cannot have (a party it does not bind, a status off
    its scale) is the domain's ``UserError``: the memo is not made from it."""
    parts = parts_of(item)
    if not parts:
        return None
    return split_status(item.row.clause, parts)


def decided_line(kit: Kit, clause: Clause, split: SplitStatus) -> list[Part]:
    """Which parties decided the overall status, and why them."""
    agreement = kit.snapshot.agreement
    deciders = parties_text(agreement, split.decided_by)
    if split.overall is Status.OVERTAKEN:
        return [Words("Overtaken for every party it binds: no part of it applies any longer.")]
    if split.overall is Status.NOT_ASSESSED:
        verb = "is" if len(split.decided_by) == 1 else "are"
        line: list[Part] = [
            Words("Decided by "),
            deciders,
            Words(
                f", which {verb} not yet assessed: the clause is not assessed until every "
                "party it binds is."
            ),
        ]
    else:
        remaining = [part for part in split.parts if part.status is not Status.OVERTAKEN]
        single = len(split.decided_by) == 1
        if len(remaining) == 1:
            why = ", the one party whose part applies."
        elif len(split.decided_by) == len(remaining):
            why = ", level with each other."
        elif not clause.is_scored:  # a principle is upheld or not, never "advanced"
            why = ", whose part stands lowest." if single else ", whose parts stand lowest."
        elif single:
            why = ", the least advanced party."
        else:
            why = ", the least advanced parties, level with each other."
        line = [Words("Decided by "), deciders, Words(why)]
    dropped = [part.party for part in split.parts if part.status is Status.OVERTAKEN]
    if dropped:
        verb = "is" if len(dropped) == 1 else "are"
        line += [
            Words(" The part of "),
            parties_text(agreement, dropped),
            Words(f" {verb} overtaken and left out."),
        ]
    return line


def parts_table(kit: Kit, split: SplitStatus) -> Table:
    """Party, status and the latest note on its part, a row each, in the clause's
    order of parties; the status of the parties that decided the overall is bold."""
    styles = kit.styles
    typesetter = kit.typesetter
    agreement = kit.snapshot.agreement
    header = [
        typesetter.compose(styles.cell_header, Words(text))
        for text in ("Party", "Status", "Latest note on its part")
    ]
    rows: list[list[Flowable | list[Flowable]]] = [list(header)]
    for part in split.parts:
        decided = part.party in split.decided_by
        if part.note.strip():
            note: list[Flowable] = typesetter.paragraphs(part.note, styles.cell)
        else:
            note = [typesetter.compose(styles.cell_muted, Words("No note on its part."))]
        rows.append(
            [
                kit.text(agreement.party_name(part.party), styles.cell),
                typesetter.compose(
                    styles.cell_bold if decided else styles.cell,
                    Words(status_words(part.status)),
                ),
                note,
            ]
        )
    widths = [40 * mm, 34 * mm, FRAME_WIDTH - 74 * mm]
    # A note longer than a page breaks inside its row rather than stop the memo.
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1, spaceAfter=4)
    table.setStyle(table_style())
    return table


# -- reciprocity -------------------------------------------------------------------

RECIPROCITY_INTRO = (
    "The commitments assessed party by party on which one party has acted further than "
    "another, and by how many levels of the scale (initiated against not started is 1; "
    "completed against not started, 3). A commitment assessed as a whole speaks for its "
    "parties alike and is not listed; nor is one on which a party is not assessed or "
    "overtaken, rather than guess where it stands."
)


def reciprocity_section(kit: Kit) -> list[Flowable]:
    """The section, for an agreement of two parties or more (none otherwise)."""
    agreement = kit.snapshot.agreement
    if not compares_parties(agreement):
        return []
    styles = kit.styles
    compose = kit.typesetter.compose
    story: list[Flowable] = [
        kit.heading(f"{kit.number('reciprocity')}  Reciprocity between the parties", "reciprocity")
    ]
    by_ref = parts_by_ref(kit)
    gaps = _gaps(agreement, by_ref)
    if not gaps:
        story.append(compose(styles.body, Words(_none_sentence(kit, by_ref))))
        return story + _uncompared(kit, by_ref)
    story.append(compose(styles.body, Words(RECIPROCITY_INTRO)))
    header = [
        compose(styles.cell_header, Words("Ref")),
        compose(styles.cell_header, Words("Clause")),
        compose(styles.cell_header, Words("Party ahead")),
        compose(styles.cell_header, Words("Party behind")),
        compose(styles.cell_header_right, Words("Levels")),
    ]
    rows: list[list[Flowable | list[Flowable]]] = [list(header)]
    for gap in gaps:
        clause = agreement.clause(gap.ref)
        assert clause is not None  # the gaps come from the agreement's own clauses
        rows.append(
            [
                kit.text(clause.ref, styles.cell_bold),
                title_cell(kit, clause),
                _standing(kit, gap.ahead, gap.ahead_status),
                _standing(kit, gap.behind, gap.behind_status),
                compose(styles.cell_right, Words(str(gap.levels), bold=True)),
            ]
        )
    ref_width = max(17 * mm, max(len(gap.ref) for gap in gaps) * 2.2 * mm)
    widths = [ref_width, 0.0, 38 * mm, 38 * mm, 16 * mm]
    widths[1] = FRAME_WIDTH - sum(widths)
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style(right_columns=(4,)))
    story.append(table)
    return story + _uncompared(kit, by_ref)


def _gaps(agreement: Agreement, by_ref: PartsByRef) -> list[ReciprocityGap]:
    """Every pair of the agreement's parties, in document order of the clauses
    (then of the pairs): two parties give one gap a clause at most."""
    order = {clause.ref: position for position, clause in enumerate(agreement.clauses)}
    found: list[tuple[int, int, ReciprocityGap]] = []
    for pair, (first, second) in enumerate(combinations(agreement.parties, 2)):
        for gap in reciprocity(agreement.clauses, by_ref, first, second):
            found.append((order[gap.ref], pair, gap))
    return [gap for _, _, gap in sorted(found, key=lambda entry: entry[:2])]


def _standing(kit: Kit, party: str, status: Status) -> list[Flowable]:
    name = kit.snapshot.agreement.party_name(party)
    words = Words(status_words(status))
    return [kit.text(name, kit.styles.cell), kit.typesetter.compose(kit.styles.cell_muted, words)]


def _none_sentence(kit: Kit, by_ref: PartsByRef) -> str:
    agreement = kit.snapshot.agreement
    if not by_ref:
        return (
            "No clause is assessed party by party yet: each status speaks for every party "
            "its clause binds, so no party stands ahead of another."
        )
    scored = [
        clause
        for ref in by_ref
        if (clause := agreement.clause(ref)) is not None and _comparable(clause)
    ]
    if not scored:
        return "No commitment is assessed party by party yet, so no party stands ahead of another."
    which = "the one commitment" if len(scored) == 1 else f"the {len(scored)} commitments"
    return f"On {which} assessed party by party, no party stands ahead of another."


def _uncompared(kit: Kit, by_ref: PartsByRef) -> list[Flowable]:
    """The commitments assessed party by party that cannot be compared yet, named."""
    agreement = kit.snapshot.agreement
    refs = [
        clause.ref
        for clause in agreement.clauses
        if _comparable(clause) and clause.ref in by_ref and _waiting(clause, by_ref[clause.ref])
    ]
    if not refs:
        return []
    words = Words(
        "Not compared, as a party there is not assessed or overtaken: " + ", ".join(refs) + "."
    )
    return [kit.typesetter.compose(kit.styles.muted, words)]


def _comparable(clause: Clause) -> bool:
    """A scored clause that binds two parties or more: one may be ahead of another."""
    return clause.is_scored and len(clause.parties) >= 2


def _waiting(clause: Clause, parts: tuple[PartyAssessment, ...]) -> bool:
    """Whether fewer than two of the parties it binds have a place on the scale
    there (the others not assessed or overtaken): no two can be compared yet."""
    statuses = {part.party: part.status for part in parts}
    placed = [
        party
        for party in clause.parties
        if statuses.get(party, Status.NOT_ASSESSED) not in (Status.NOT_ASSESSED, Status.OVERTAKEN)
    ]
    return len(placed) < 2


# -- the index per party -------------------------------------------------------------


def index_by_party(kit: Kit) -> list[Part]:
    """The index of each party, as the overall index is printed, for the line under
    it ("By party, …: Afghanistan 41.7% · Pakistan 33.3%."), each commitment at the
    party's own status (its part, or the clause's status when assessed as a whole).
    Empty for an agreement of one party, whose index is the overall one."""
    snapshot = kit.snapshot
    agreement = snapshot.agreement
    if not compares_parties(agreement):
        return []
    clauses = snapshot.clauses
    # Every row of a snapshot carries the same dates of the agreement's events.
    events = clauses[0].row.event_dates if clauses else NO_EVENT_DATES
    summaries = summaries_by_party(
        ((item.row.clause, item.row.status) for item in clauses),
        parts_by_ref(kit),
        agreement.parties,
        snapshot.as_of,
        events,
    )
    line: list[Part] = [Words("By party, each commitment at that party's own status: ")]
    for number, party in enumerate(agreement.parties):
        if number:
            line.append(Words(" · "))
        line += [agreement.party_name(party), Words(f" {summaries[party].index_text}")]
    line.append(Words("."))
    return line
