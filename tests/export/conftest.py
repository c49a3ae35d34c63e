"""Fixtures for the memo tests: rendered memos shared by a session (each render is
a fraction of a second, and most tests only read). Builders are in memo_snapshots."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from memo_snapshots import RenderedMemo, SnapshotSpec, build_snapshot, render_to

from vision_desk.domain.memo import MemoSnapshot


@pytest.fixture(scope="session")
def render(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., RenderedMemo]:
    directory = tmp_path_factory.mktemp("memos")
    counter = iter(range(1_000_000))

    def run(snapshot: MemoSnapshot) -> RenderedMemo:
        return render_to(directory, snapshot, f"memo-{next(counter)}.pdf")

    return run


@pytest.fixture(scope="session")
def memo(render: Callable[..., RenderedMemo]) -> RenderedMemo:
    """The Shared Vision memo for a closed round, with every kind of note."""
    return render(build_snapshot())


@pytest.fixture(scope="session")
def provisional_memo(render: Callable[..., RenderedMemo]) -> RenderedMemo:
    return render(build_snapshot(SnapshotSpec(provisional=True)))
