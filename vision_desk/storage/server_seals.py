"""The seals on a PostgreSQL desk: the same refusals the SQLite triggers make.

SQLite's triggers say ``RAISE(ABORT, '…')`` with a ``WHEN`` that may look into
another table; PostgreSQL's ``WHEN`` may not hold a subquery, so the check that
a row's round is closed lives in a function. The messages are the SQLite ones,
word for word, so the program reports a refusal the same way on both.

A row trigger does not fire on ``TRUNCATE``: the sealed tables also refuse it.
"""

from __future__ import annotations

REFUSE = """
CREATE FUNCTION vision_desk_refuse() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
END
$$
"""

REFUSE_IF_ROUND_CLOSED = """
CREATE FUNCTION vision_desk_refuse_if_round_closed() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    row_round integer;
BEGIN
    IF TG_OP = 'INSERT' THEN
        row_round := NEW.round_id;
    ELSE
        row_round := OLD.round_id;
    END IF;
    -- public.rounds: a temporary table named rounds must not stand in for it.
    IF (SELECT closed_at FROM public.rounds WHERE id = row_round) IS NOT NULL THEN
        RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$
"""

FUNCTIONS = ("vision_desk_refuse", "vision_desk_refuse_if_round_closed")


def _trigger(
    name: str, when: str, table: str, function: str, message: str, condition: str = ""
) -> str:
    test = f"WHEN ({condition}) " if condition else ""
    return (
        f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW {test}"
        f"EXECUTE FUNCTION {function}('{message}')"
    )


def _no_truncate(table: str, message: str) -> str:
    return (
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION vision_desk_refuse('{message}')"
    )


APPEND_ONLY = "the history of changes is append-only"

# Revision 0001: the history of changes.
HISTORY = (
    REFUSE,
    _trigger("changes_no_update", "BEFORE UPDATE", "changes", "vision_desk_refuse", APPEND_ONLY),
    _trigger("changes_no_delete", "BEFORE DELETE", "changes", "vision_desk_refuse", APPEND_ONLY),
    _no_truncate("changes", APPEND_ONLY),
)
HISTORY_DROP = (
    "DROP TRIGGER changes_no_truncate ON changes",
    "DROP TRIGGER changes_no_delete ON changes",
    "DROP TRIGGER changes_no_update ON changes",
    "DROP FUNCTION vision_desk_refuse()",
)

_RECORD = "the record of a closed round cannot change"
_CLOSED_ROUND = "the round is closed"
_CHECK = "vision_desk_refuse_if_round_closed"

# Revision 0003: closed rounds.
ROUNDS = (
    REFUSE_IF_ROUND_CLOSED,
    _trigger(
        "rounds_closed_no_update",
        "BEFORE UPDATE",
        "rounds",
        "vision_desk_refuse",
        "a closed round cannot change",
        condition="OLD.closed_at IS NOT NULL",
    ),
    _trigger(
        "rounds_no_delete",
        "BEFORE DELETE",
        "rounds",
        "vision_desk_refuse",
        "rounds are never deleted",
    ),
    _trigger(
        "round_records_no_update", "BEFORE UPDATE", "round_records", "vision_desk_refuse", _RECORD
    ),
    _trigger(
        "round_records_no_delete", "BEFORE DELETE", "round_records", "vision_desk_refuse", _RECORD
    ),
    _trigger("round_records_only_at_closing", "BEFORE INSERT", "round_records", _CHECK, _RECORD),
    _trigger(
        "round_assessments_closed_no_insert",
        "BEFORE INSERT",
        "round_assessments",
        _CHECK,
        _CLOSED_ROUND,
    ),
    _trigger(
        "round_assessments_closed_no_update",
        "BEFORE UPDATE",
        "round_assessments",
        _CHECK,
        _CLOSED_ROUND,
    ),
    _trigger(
        "round_assessments_closed_no_delete",
        "BEFORE DELETE",
        "round_assessments",
        _CHECK,
        _CLOSED_ROUND,
    ),
    _no_truncate("rounds", "rounds are never deleted"),
    _no_truncate("round_records", _RECORD),
    _no_truncate("round_assessments", _CLOSED_ROUND),
)
ROUNDS_TRIGGERS = {
    "rounds": (
        "rounds_closed_no_update",
        "rounds_no_delete",
        "rounds_no_truncate",
    ),
    "round_records": (
        "round_records_no_update",
        "round_records_no_delete",
        "round_records_only_at_closing",
        "round_records_no_truncate",
    ),
    "round_assessments": (
        "round_assessments_closed_no_insert",
        "round_assessments_closed_no_update",
        "round_assessments_closed_no_delete",
        "round_assessments_no_truncate",
    ),
}
ROUNDS_DROP = (
    *(
        f"DROP TRIGGER {trigger} ON {table}"
        for table, triggers in ROUNDS_TRIGGERS.items()
        for trigger in triggers
    ),
    "DROP FUNCTION vision_desk_refuse_if_round_closed()",
)
