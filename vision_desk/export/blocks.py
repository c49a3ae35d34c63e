"""A clause's block (its assessment, or its entry in the annex) that breaks across
pages only where a reader can follow it.

Platypus would break a run of flowables between any two of them and a paragraph
after any line: a page could open with "Notes (1)" whose clause is named on the
page before, a short note could be cut after its first line, and a page could hold
the last line of a clause and nothing else. A ``Block`` holds the clause's
flowables in parts (the clause's heads with the first thing under them, then each
note; in the annex the summary, the quotes, the provenance) and breaks only where

* at least ``MIN_LINES`` lines of the block's text stay on the page and at least
  ``MIN_LINES`` go over: never a heading with one line under it, never one line
  alone at the top of the next page;
* inside a part (a rationale, a note), at least ``MIN_LINES`` of that part's lines
  stay on each side, and inside a paragraph at least ``MIN_LINES`` of its lines;
* never straight after a head (a heading, a label, a byline: anything kept with
  what follows).

What goes over starts with a continuation head ("SV-C2  Title (continued)"), so a
page that goes on with a clause says which clause it is. A block with
``keep_whole`` (the last before a page break) moves whole to the next page rather
than leave its tail alone there, when it fits on one page. Only a block at the top
of an empty page that no break can satisfy (one paragraph taller than the page)
is broken wherever it must be, as platypus would have.

Lines are counted on the memo's own text flowables (plain and shaped paragraphs,
a paragraph under its heads), a table's rows as lines; any other flowable counts
as one line. A table is not broken by the block (only by platypus's own split,
when it is taller than a page). Every child keeps its layout from one wrap to the
next (the frame's width never changes), so a block costs one layout of its
children, as the flowables would have on their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from vision_desk.export.headed import Headed
from vision_desk.export.pages import OUTLINE_ATTRIBUTE
from vision_desk.export.plain import PlainParagraph
from vision_desk.export.rtl import ShapedParagraph
from vision_desk.export.styles import FRAME_HEIGHT

MIN_LINES = 2
_FUZZ = 1e-6

Continuation = Callable[[], Flowable]


@dataclass(slots=True)
class _Child:
    flowable: Flowable
    part: int  # which part of the block; -1 for the continuation head
    head: bool = False  # kept with what follows: never the last thing on a page
    continuation: bool = False  # the head a page going on with the block opens with
    lines: int = 0  # lines of text (a head has none)
    top: float = 0.0  # from the top of the block, once laid out
    height: float = 0.0


@dataclass(frozen=True, slots=True)
class _Break:
    """Before child ``index``, after ``lines`` of its lines (0: before all of it)."""

    index: int
    lines: int
    cut: float  # the height of what stays on the page


class Block(Flowable):  # type: ignore[misc]
    """Parts of one clause that break across pages only as the module says."""

    def __init__(
        self,
        parts: Sequence[Sequence[Flowable]],
        continued: Continuation | None = None,
        *,
        lead: Sequence[Flowable] = (),
        keep_whole: bool = False,
    ) -> None:
        super().__init__()
        children = [_Child(flowable, -1) for flowable in lead]
        # The block opens whatever its lead heads open (a subsection's bookmark).
        entries = [entry for flowable in lead for entry in getattr(flowable, OUTLINE_ATTRIBUTE, ())]
        if entries:
            setattr(self, OUTLINE_ATTRIBUTE, tuple(entries))
        for number, part in enumerate(parts):
            children += [_Child(flowable, number) for flowable in part]
        self._init(children, continued, keep_whole)

    def _init(
        self, children: list[_Child], continued: Continuation | None, keep_whole: bool
    ) -> None:
        self._children = children
        self._continued = continued
        self.keep_whole = keep_whole
        self._laid_out_for: float | None = None
        self.spaceBefore: float = children[0].flowable.getSpaceBefore() if children else 0.0
        self.spaceAfter: float = children[-1].flowable.getSpaceAfter() if children else 0.0
        self.width = 0.0
        self.height = 0.0

    @classmethod
    def _of(cls, children: list[_Child], continued: Continuation | None, keep_whole: bool) -> Block:
        block = cls.__new__(cls)
        Flowable.__init__(block)
        block._init(children, continued, keep_whole)
        return block

    @property
    def flowables(self) -> list[Flowable]:
        return [child.flowable for child in self._children]

    # -- layout ------------------------------------------------------------------------

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._laid_out_for != available_width:
            top = 0.0
            after: float | None = None
            for child in self._children:
                flowable = child.flowable
                _, height = flowable.wrap(available_width, FRAME_HEIGHT)
                if after is not None:
                    top += max(after, flowable.getSpaceBefore())
                child.top, child.height = top, height
                child.head = bool(flowable.getKeepWithNext())
                child.lines = 0 if child.head else _line_count(flowable)
                top += height
                after = flowable.getSpaceAfter()
            self.height = top
            self._laid_out_for = available_width
        self.width = available_width
        return self.width, self.height

    def draw(self) -> None:
        for child in self._children:
            child.flowable.drawOn(self.canv, 0, self.height - child.top - child.height)

    # -- breaking ----------------------------------------------------------------------

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        if self.keep_whole and not at_top and self.height <= FRAME_HEIGHT:
            return []
        # Leaving only the continuation head on the page gains nothing: the rest
        # would open the next page with it again (a table taller than a page).
        fitting = [
            b
            for b in self._breaks()
            if b.cut <= available_height + _FUZZ and not self._continuation_alone(b)
        ]
        rules = _Rules(self._children)
        allowed = [b for b in fitting if rules.allow(b)]
        if not allowed and at_top:
            # Nothing a reader would want fits even on an empty page: break as late
            # as the page allows, still never straight after a head.
            allowed = [b for b in fitting if not rules.after_head(b)] or fitting
        if not allowed:
            if at_top:
                return self._forced(available_width, available_height)
            return []
        return self._parts(max(allowed, key=lambda b: b.cut))

    def _continuation_alone(self, place: _Break) -> bool:
        before = self._children[: place.index]
        return not place.lines and bool(before) and all(child.continuation for child in before)

    def _breaks(self) -> list[_Break]:
        """Every place the block could break, before the rules."""
        breaks = []
        for index, child in enumerate(self._children):
            if index:
                above = self._children[index - 1]
                breaks.append(_Break(index, 0, above.top + above.height))
            for lines in range(1, child.lines):
                offset = _height_of_lines(child.flowable, lines)
                if offset is not None:
                    breaks.append(_Break(index, lines, child.top + offset))
        return breaks

    def _parts(self, place: _Break) -> list[Flowable]:
        children = self._children
        first = children[: place.index]
        rest = children[place.index :]
        if place.lines:
            child = rest[0]
            top, bottom = _split_lines(child.flowable, place.lines)
            first = [*first, _Child(top, child.part)]
            rest = [_Child(bottom, child.part), *rest[1:]]
        return self._two(first, rest)

    def _forced(self, width: float, height: float) -> list[Flowable]:
        """Platypus's own split of the child that crosses the foot of the page."""
        for index, child in enumerate(self._children):
            if child.top + child.height > height + _FUZZ:
                pieces = child.flowable.split(width, height - child.top)
                if len(pieces) < 2:
                    return []
                first = [*self._children[:index], _Child(pieces[0], child.part)]
                rest = [_Child(piece, child.part) for piece in pieces[1:]]
                return self._two(first, [*rest, *self._children[index + 1 :]])
        return [self]

    def _two(self, first: list[_Child], rest: list[_Child]) -> list[Flowable]:
        head = Block._of(first, None, False)
        head.spaceAfter = 0.0
        outline = getattr(self, OUTLINE_ATTRIBUTE, None)
        if outline is not None:
            setattr(head, OUTLINE_ATTRIBUTE, outline)
        lead = []
        if self._continued is not None:
            lead = [_Child(self._continued(), -1, continuation=True)]
        tail = Block._of([*lead, *rest], self._continued, self.keep_whole)
        tail.spaceBefore = 0.0
        return [head, tail]


class _Rules:
    """Where the block may break: the module's rules, with the line counts summed once."""

    def __init__(self, children: list[_Child]) -> None:
        self.children = children
        self.before = [0]  # lines of the block above each child
        self.part_start: dict[int, int] = {}  # index of each part's first child
        self.part_lines: dict[int, int] = {}
        for index, child in enumerate(children):
            self.before.append(self.before[-1] + child.lines)
            self.part_start.setdefault(child.part, index)
            self.part_lines[child.part] = self.part_lines.get(child.part, 0) + child.lines

    def after_head(self, place: _Break) -> bool:
        return place.lines == 0 and self.children[place.index - 1].head

    def allow(self, place: _Break) -> bool:
        if self.after_head(place):
            return False
        child = self.children[place.index]
        if place.lines and not MIN_LINES <= place.lines <= child.lines - MIN_LINES:
            return False
        before = self.before[place.index] + place.lines
        if before < MIN_LINES or self.before[-1] - before < MIN_LINES:
            return False
        part = child.part
        if place.lines == 0 and self.children[place.index - 1].part != part:
            return True  # between two parts
        # Inside a part, at least MIN_LINES of it on each side.
        part_before = before - self.before[self.part_start[part]]
        return part_before >= MIN_LINES and self.part_lines[part] - part_before >= MIN_LINES


def _line_count(flowable: Flowable) -> int:
    if isinstance(flowable, Headed):
        return _line_count(flowable.body)
    if isinstance(flowable, PlainParagraph | ShapedParagraph):
        return len(flowable._lines or [])
    if isinstance(flowable, Paragraph):
        return len(getattr(getattr(flowable, "blPara", None), "lines", None) or [None])
    if isinstance(flowable, Spacer):
        return 0
    if isinstance(flowable, Table):
        return int(flowable._nrows)  # a clause's parts: a row a party, under the header
    return 1


def _height_of_lines(flowable: Flowable, lines: int) -> float | None:
    """The height of the first ``lines`` lines (with any heads above them), or None
    when the memo cannot break this flowable between lines itself."""
    if isinstance(flowable, Headed):
        below = _height_of_lines(flowable.body, lines)
        return None if below is None else flowable.head_height + below
    if isinstance(flowable, PlainParagraph):
        return float(lines * flowable.style.leading)
    if isinstance(flowable, ShapedParagraph):
        return float(sum(line.height for line in (flowable._lines or [])[:lines]))
    return None


def _split_lines(flowable: Flowable, lines: int) -> tuple[Flowable, Flowable]:
    """``flowable`` broken after ``lines`` lines; its heads go with the first."""
    top: Flowable
    bottom: Flowable
    if isinstance(flowable, Headed):
        body, bottom = _split_lines(flowable.body, lines)
        top = Headed(flowable.heads, body)
        top.spaceAfter = 0.0
        return top, bottom
    if isinstance(flowable, PlainParagraph):
        plain = flowable._lines or []
        top = PlainParagraph(flowable.text, flowable.style, plain[:lines])
        bottom = PlainParagraph(flowable.text, flowable.style, plain[lines:])
    else:
        assert isinstance(flowable, ShapedParagraph)
        shaped = flowable._lines or []
        top = ShapedParagraph(flowable.text, flowable.style, flowable.fonts, shaped[:lines])
        bottom = ShapedParagraph(flowable.text, flowable.style, flowable.fonts, shaped[lines:])
    top.spaceAfter = 0.0
    bottom.spaceBefore = 0.0
    return top, bottom
