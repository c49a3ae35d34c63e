"""Clause references as links, in the clause text and the summary: a click opens
that clause. A reference never breaks at its hyphen."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl

SCHEME = "clause"


def ref_link(ref: str) -> str:
    """``ref`` as a link the desk opens, kept on one line."""
    return (
        f"<a href='{SCHEME}:{escape(ref, quote=True)}' style='text-decoration:none'>"
        f"<span style='white-space:nowrap'>{escape(ref)}</span></a>"
    )


def ref_links(refs: tuple[str, ...] | list[str]) -> str:
    return ", ".join(ref_link(ref) for ref in refs)


def ref_of(link: QUrl | str) -> str | None:
    """The reference a link names; None for any other link (never followed)."""
    text = link.toString() if isinstance(link, QUrl) else link
    scheme, _, ref = text.partition(":")
    return ref if scheme == SCHEME and ref else None
