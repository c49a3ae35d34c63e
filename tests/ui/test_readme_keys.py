"""The README's key table is the officer's reference: it must name every command
the desk has, with its title, so the two cannot drift apart."""

from pathlib import Path

from vision_desk.ui.command_table import COMMANDS
from vision_desk.ui.command_table import keymap_for as build_keymap

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_lists_every_command_with_its_default_keys(qapp):
    text = README.read_text(encoding="utf-8")
    keymap = build_keymap()
    rows = {
        line.split("|")[3].strip(" `"): line for line in text.splitlines() if line.count("|") == 4
    }
    for command_id, spec in COMMANDS.items():
        assert command_id in rows, f"README lacks {command_id}"
        row = rows[command_id]
        assert spec.title in row
        for key in keymap.keys_for(command_id):
            assert f"`{key}`" in row, f"README shows other keys for {command_id}: {row}"
