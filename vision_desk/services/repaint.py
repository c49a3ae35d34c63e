"""What a desk session's action changed on screen: the window repaints just that.

Every session method that changes what the officer is looking at returns a
``Repaint``; two are joined with ``|``. The window only renders: it never works
out what an action changed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Repaint:
    # The board itself: its agreement (title, filter choices), its date, read-only
    # or live. Implies everything below that depends on it.
    board: bool = False
    # The filter widgets must show the session's filters (a key changed them).
    filters: bool = False
    # The list's entries: which clauses are shown, their order and headings.
    list: bool = False
    # Rows changed in place (a status, a note count): repainted, not re-laid out.
    rows: frozenset[str] = frozenset()
    # The current clause is another one: select it and show its panes.
    current: bool = False
    # The list was narrowed by typing: the clause panes may follow once typing
    # pauses rather than at every letter.
    typing: bool = False
    # The current clause's panes (status, set-by) must be shown again.
    pane: bool = False
    # ... and its notes, which otherwise are kept as they are.
    notes: bool = False
    # ... and its evidence (an item recorded or cited, a confidence set), which is
    # otherwise read only when another clause is shown.
    evidence: bool = False
    # The summary, the round's progress, the counts under the list.
    summary: bool = False
    # A round is open and a status was just set: ask why.
    ask_reason: bool = False
    # What to say in the status bar.
    message: str = ""

    def __or__(self, other: Repaint) -> Repaint:
        joined: dict[str, object] = {}
        for field in fields(self):
            mine, theirs = getattr(self, field.name), getattr(other, field.name)
            if field.name == "rows":
                joined[field.name] = mine | theirs
            elif field.name == "message":
                joined[field.name] = theirs or mine  # the later action speaks last
            else:
                joined[field.name] = mine or theirs
        return Repaint(**joined)  # type: ignore[arg-type]


NOTHING = Repaint()
