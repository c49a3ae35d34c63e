"""The navigator's model against Qt's own model checks: filled, filtered, and
with a row replaced in place (the keystroke path)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from vision_desk.domain.board_list import BoardList, Header, build_entries
from vision_desk.domain.review import BoardRow, ClauseState
from vision_desk.domain.status import Status
from vision_desk.ui.navigator import HEADER_ROLE, ROW_ROLE, NavigatorModel

TODAY = dt.date(2021, 1, 10)


def board_rows(desk):
    return list(desk.board(TODAY).rows)


@pytest.mark.qt_log_level_fail("WARNING")
def test_grouped_model_passes_qts_own_model_tester(qtmodeltester, desk):
    # Qt's C++ tester reports by warning; the mark makes a warning a failure.
    model = NavigatorModel()
    model.show(BoardList(board_rows(desk), grouped=True))
    qtmodeltester.check(model)
    shown = BoardList(board_rows(desk)[:3], grouped=False)
    model.show(shown)
    changed = replace(shown.rows()[1], state=ClauseState(Status.UPHELD))
    shown.replace(changed)
    model.row_changed(changed.clause.ref)


def test_grouped_model_passes_the_model_checks(qtmodeltester, desk):
    model = NavigatorModel()
    model.show(BoardList(board_rows(desk), grouped=True))
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 24 + 12  # clauses and one header per kind and strand
    assert len(model.rows()) == 24


def test_filtered_and_ungrouped_model_passes_the_model_checks(qtmodeltester, desk):
    model = NavigatorModel()
    qtmodeltester.check(model, force_py=True)
    rows = board_rows(desk)
    model.show(BoardList(rows, grouped=True))
    overdue = [row for row in rows if row.clause.ref in {"SV-C1", "SV-C2"}]
    model.show(BoardList(overdue, grouped=False))
    assert model.rowCount() == 2
    assert [model.index(r).data(ROW_ROLE).clause.ref for r in range(2)] == ["SV-C1", "SV-C2"]
    model.show(BoardList([], grouped=True))
    assert model.rowCount() == 0
    assert model.clause_positions() == []


def test_a_changed_row_is_repainted_without_a_reset(qtmodeltester, qtbot, desk):
    model = NavigatorModel()
    shown = BoardList(board_rows(desk), grouped=True)
    model.show(shown)
    qtmodeltester.check(model, force_py=True)
    position = model.position_of("SV-C1")
    row = model.row_at(position)
    changed = replace(row, state=ClauseState(Status.ADVANCED))
    resets = []
    model.modelReset.connect(lambda: resets.append(True))
    with qtbot.waitSignal(model.dataChanged) as blocker:
        shown.replace(changed)
        model.row_changed("SV-C1")
    assert blocker.args[0].row() == blocker.args[1].row() == position
    assert resets == []
    assert model.index(position).data(ROW_ROLE).status is Status.ADVANCED
    assert "status Advanced" in model.index(position).data(Qt.ItemDataRole.ToolTipRole)
    # a clause that is not shown is left out, not appended
    shown = BoardList([row], grouped=False)
    model.show(shown)
    other = BoardRow(board_rows(desk)[0].clause, ClauseState(), TODAY, 0)
    assert shown.replace(other) is None
    model.row_changed(other.clause.ref)
    assert model.rowCount() == 1
    assert model.row_at(0).clause.ref == "SV-C1"


def test_headers_cannot_be_selected_and_say_their_group(desk):
    model = NavigatorModel()
    model.show(BoardList(board_rows(desk), grouped=True))
    header = model.index(0)
    assert model.flags(header) == Qt.ItemFlag.NoItemFlags
    assert header.data(HEADER_ROLE) == "Principles · political"
    assert header.data(ROW_ROLE) is None
    assert model.row_at(0) is None
    clause = model.index(1)
    assert model.flags(clause) & Qt.ItemFlag.ItemIsSelectable
    assert clause.data() == "SV-P1  A special relationship"


def test_each_group_appears_once(desk):
    entries = build_entries(board_rows(desk), grouped=True)
    headers = [entry.title for entry in entries if isinstance(entry, Header)]
    assert len(headers) == len(set(headers))


def test_the_window_model_stays_sound_while_the_officer_works(qtmodeltester, officer, window):
    qtmodeltester.check(window.model, force_py=True)
    officer.press(Qt.Key.Key_O, Qt.KeyboardModifier.ShiftModifier)
    assert officer.shown_refs() == ["SV-C1", "SV-C2", "SV-C3", "SV-C4"]
    officer.press("o")
    officer.press("2")  # a row changed in place on a filtered model
    officer.press(Qt.Key.Key_O, Qt.KeyboardModifier.ShiftModifier)
    officer.press("/")
    officer.type("proposal")  # ungrouped
    officer.press(Qt.Key.Key_Escape)
    assert len(officer.shown_refs()) == 24


def test_the_window_draws_statuses_in_the_memos_hues():
    """One palette: the badges and the desk's chart take the hues the memo prints in."""
    from vision_desk.domain.status_colours import STATUS_HUES
    from vision_desk.ui.style import status_hue

    for status, hue in STATUS_HUES.items():
        assert status_hue(status).name() == hue, status
    assert set(STATUS_HUES) == set(Status)


def test_the_grouped_list_reads_as_the_document_does(desk):
    """Kinds in their order; within a kind each strand where the document first
    speaks of it; within a strand the document's order: the list starts on SV-P1."""
    from vision_desk.domain.board_list import BoardList, Header

    rows = board_rows(desk)
    document = {row.clause.ref: position for position, row in enumerate(rows)}
    groups: list[list[str]] = []
    for entry in BoardList(rows, grouped=True).entries:
        if isinstance(entry, Header):
            groups.append([])
        else:
            groups[-1].append(entry.clause.ref)
    assert sum(len(group) for group in groups) == len(rows)
    assert groups[0][:2] == ["SV-P1", "SV-P2"]
    for group in groups:
        assert group == sorted(group, key=document.__getitem__), group
    principles = [group for group in groups if group[0].startswith("SV-P")]
    firsts = [document[group[0]] for group in principles]
    assert firsts == sorted(firsts)  # strands where the document first speaks of them
