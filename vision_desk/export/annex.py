"""The back of the memo: every clause's text, its verbatim quotes and where it
comes from (Annex A), and the sources (Annex B)."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak

from vision_desk.domain.agreement import Clause, ClauseText
from vision_desk.domain.languages import language_name
from vision_desk.export.blocks import Block
from vision_desk.export.kit import KIND_NAMES, Heads, Kit, clause_head, continued_head, parties_text
from vision_desk.export.pages import mark_outline
from vision_desk.export.text import Part, Words, format_date, plain_text


def annex_texts(kit: Kit) -> list[Flowable]:
    styles = kit.styles
    typesetter = kit.typesetter
    intro = (
        "Each clause as the agreement file records it. The summary is in the project's "
        "own words; only the passages marked “verbatim” are the document's words, "
        "copied character for character from the source."
    )
    if any(item.row.clause.texts for item in kit.snapshot.clauses):
        intro += (
            " Under the summary, the clause as the document words it in each language the "
            "file gives; where the document says which text prevails, that one is marked "
            "authoritative."
        )
    story: list[Flowable] = [
        PageBreak(),
        kit.heading("Annex A  Text of the clauses", "annex-texts"),
        typesetter.compose(styles.body, Words(intro)),
    ]
    for position, item in enumerate(kit.snapshot.clauses):
        clause = item.row.clause
        block = _annex_block(kit, clause)
        outline = f"{plain_text(clause.ref)}  {plain_text(clause.title)}"
        story.append(mark_outline(block, outline, 1, f"annex-{position}"))
    return story


def _annex_block(kit: Kit, clause: Clause) -> Block:
    """The clause's summary under its heads, its quotes, its provenance: one block."""
    styles = kit.styles
    typesetter = kit.typesetter
    agreement = kit.snapshot.agreement
    # The program's words as such; the file's (parties, a deadline's wording) as
    # typed text, isolated: a right-to-left name cannot reorder the line.
    facts: list[Part] = [
        Words(f"{KIND_NAMES[clause.kind]}  ·  {clause.strand.capitalize()}  ·  "),
        parties_text(agreement, clause.parties),
    ]
    wording = clause.due or clause.relative_due
    if wording is not None:
        facts += [Words("  ·  "), wording.label]
    heads: Heads = [
        (clause_head(clause), styles.heading3),
        (facts, styles.facts),
        ([Words("Summary (the project's words)")], styles.label),
    ]
    first, *rest = typesetter.paragraphs(clause.text, styles.note)
    parts: list[list[Flowable]] = [[*typesetter.headed(heads, first), *rest]]
    # The texts in the languages the document was signed in, under the English
    # summary, each in its own direction (the memo's layout shapes Dari and Pashto
    # and sets them right to left, as it does the officer's notes).
    for text in clause.texts:
        label = typesetter.compose(styles.label, Words(_text_label(text)))
        parts.append([label, *typesetter.paragraphs(text.text, styles.note)])
    if clause.quotes:
        label = typesetter.compose(
            styles.label, Words(f"Verbatim from the source ({len(clause.quotes)})")
        )
        quotes = [
            typesetter.compose(styles.quote, Words("“"), quote, Words("”"))
            for quote in clause.quotes
        ]
        parts.append([label, *quotes])
    parts.append([typesetter.compose(styles.muted, *_provenance(kit, clause))])
    return Block(parts, continued_head(kit, clause))


def _text_label(text: ClauseText) -> str:
    """ "In Dari (the document's words; authoritative)"."""
    marks = "the document's words; authoritative" if text.authoritative else "the document's words"
    return f"In {language_name(text.language)} ({marks})"


def _provenance(kit: Kit, clause: Clause) -> list[Part]:
    sources = {source.id: source for source in kit.snapshot.agreement.sources}
    source = sources.get(clause.provenance.source)
    provenance: list[Part] = [Words("Provenance: ")]
    if source is None:
        provenance.append(clause.provenance.source)
    else:
        provenance += [source.publisher or source.id, Words(", “"), source.title, Words("”")]
        if source.date is not None:
            provenance.append(Words(f", {format_date(source.date)}"))
    provenance += [Words("; "), clause.provenance.locator, Words(".")]
    if clause.see_also:
        provenance += [Words(" See also "), ", ".join(clause.see_also), Words(".")]
    return provenance


def annex_sources(kit: Kit) -> list[Flowable]:
    styles = kit.styles
    typesetter = kit.typesetter
    sources = kit.snapshot.agreement.sources
    story: list[Flowable] = [kit.heading("Annex B  Sources", "annex-sources")]
    if not sources:
        story.append(
            typesetter.compose(styles.muted, Words("The agreement file names no sources."))
        )
    for source in sources:
        line: list[Words | str] = [source.title]
        if source.publisher:
            line += [Words(". "), source.publisher]
        if source.date is not None:
            line.append(Words(f", {format_date(source.date)}"))
        line.append(Words("."))
        story.append(typesetter.compose(styles.heading3, *line))
        if source.note:
            story += typesetter.paragraphs(source.note, styles.body)
    closing = (
        f"Prepared with {kit.snapshot.generator}. Levels, the index, overdue and changes are "
        "derived from the recorded statuses, never typed in."
    )
    story.append(typesetter.compose(styles.muted, Words(closing)))
    return story
