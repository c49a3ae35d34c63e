"""The repository's files as a fresh clone would have them, for the packaging tests.

The checkout is the repository's HEAD (``git archive``). Set
``VISION_DESK_BUNDLE_SOURCE=worktree`` to take what ``git add -A`` would commit
instead (nothing is committed: a temporary index is used).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def export_source(target: Path) -> None:
    """The files of HEAD (or of the working tree as it would be committed) into target."""
    target.mkdir(parents=True)
    treeish = "HEAD"
    if os.environ.get("VISION_DESK_BUNDLE_SOURCE") == "worktree":
        index = target.parent / f"{target.name}-index"
        env = {**os.environ, "GIT_INDEX_FILE": str(index)}
        subprocess.run(["git", "-C", str(REPO), "read-tree", "HEAD"], env=env, check=True)
        subprocess.run(["git", "-C", str(REPO), "add", "-A"], env=env, check=True)
        treeish = subprocess.run(
            ["git", "-C", str(REPO), "write-tree"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", treeish],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
