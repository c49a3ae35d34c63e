"""Moving through the list, and finding: the commands that need no store."""

from __future__ import annotations

from vision_desk.ui.command_registry import Command, DeskView, Handler, Place

MOVE, FIND = "Move", "Find"


def _focus(place: Place) -> Handler:
    return lambda view: view.focus(place)


def _toggle(name: str) -> Handler:
    return lambda view: view.refresh(view.session.toggle(name))


def _open_filter(name: str) -> Handler:
    return lambda view: view.open_filter(name)


def _step(step: int) -> Handler:
    return lambda view: view.refresh(view.session.step(step))


def _toggle_languages(view: DeskView) -> None:
    """The clause pane between the working text and the texts side by side; it stays
    so from clause to clause until toggled back."""
    side_by_side = view.toggle_languages()
    keys = view.keymap.display("view.languages")
    back = f" {keys}: the working text only." if keys else ""
    if not side_by_side:
        again = f" {keys}: every language side by side." if keys else ""
        view.show_message(f"The working text only.{again}")
        return
    row = view.session.current_row()
    if row is not None and not row.clause.texts:
        view.show_message(
            f"Texts side by side, clause by clause; {row.clause.ref} is given in no other "
            f"language.{back}"
        )
    else:
        view.show_message(f"Texts side by side, in every language the file gives.{back}")


COMMANDS: tuple[Command, ...] = (
    Command("clause.next", "Next clause", ("j",), MOVE, _step(1)),
    Command("clause.previous", "Previous clause", ("k",), MOVE, _step(-1)),
    Command("clause.first", "First clause", ("g",), MOVE, lambda v: v.refresh(v.session.first())),
    Command(
        "clause.last", "Last clause", ("Shift+G",), MOVE, lambda v: v.refresh(v.session.last())
    ),
    Command(
        "clause.next_overdue",
        "Next overdue clause",
        ("o",),
        MOVE,
        lambda v: v.refresh(v.session.next_overdue()),
    ),
    Command("focus.list", "Go to the clause list", ("Ctrl+1",), MOVE, _focus(Place.LIST)),
    Command("focus.clause", "Go to the clause text", ("Ctrl+2",), MOVE, _focus(Place.CLAUSE)),
    Command("focus.notes", "Go to the notes", ("Ctrl+3",), MOVE, _focus(Place.NOTES)),
    Command(
        "view.languages",
        "Texts in every language, side by side (toggle)",
        ("Shift+L",),
        MOVE,
        _toggle_languages,
    ),
    Command("search.focus", "Search clauses", ("/", "Ctrl+F"), FIND, _focus(Place.SEARCH)),
    Command("filter.overdue", "Show only overdue (toggle)", ("Shift+O",), FIND, _toggle("overdue")),
    Command(
        "filter.due_soon", "Show only due soon (toggle)", ("Shift+D",), FIND, _toggle("due_soon")
    ),
    Command(
        "filter.reciprocity",
        "Show only commitments where one party is ahead of another (toggle)",
        ("Shift+P",),
        FIND,
        _toggle("apart"),
    ),
    Command("filter.status", "Filter by status", ("Alt+S",), FIND, _open_filter("status")),
    Command("filter.kind", "Filter by kind", ("Alt+K",), FIND, _open_filter("kind")),
    Command("filter.strand", "Filter by strand", ("Alt+T",), FIND, _open_filter("strand")),
    Command("filter.party", "Filter by party", ("Alt+P",), FIND, _open_filter("party")),
    Command(
        "filter.clear",
        "Clear search and filters",
        ("Shift+C",),
        FIND,
        lambda v: v.refresh(v.session.clear_filters()),
    ),
    Command("view.as_of", "Change the review date", ("Ctrl+D",), FIND, _focus(Place.REVIEW_DATE)),
)
