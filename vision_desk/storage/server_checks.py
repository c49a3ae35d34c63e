"""What a team desk's server checks in every row an officer may write (revision
0006), so that plain SQL cannot leave a value the program cannot read.

An officer may write rows with plain SQL as well as through the program. A time
that is not the store's own form ("not a time"), or a status no scale has, would
be kept, could never be removed (the history is sealed), and would stop every
desk on the server reading its board. Each such column therefore carries a
``CHECK`` with exactly the forms the program writes.

The desk's functions also stop resolving names through ``public``: a function
or an operator an officer made there, with argument types that match exactly,
would otherwise be chosen over the built-in one inside the seals (the mechanism
of CVE-2018-1058). The tables they read are named ``public.…`` already.
"""

from __future__ import annotations

# The store's form of a time: UTC, microseconds, "+00:00" (``models.UtcDateTime``).
UTC_FORM = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$"
UTC_COLUMNS = (
    ("agreements", "imported_at"),
    ("rounds", "opened_at"),
    ("rounds", "closed_at"),
    ("changes", "at"),
    ("clause_states", "changed_at"),
    ("notes", "created_at"),
    ("notes", "edited_at"),
    ("notes", "removed_at"),
    ("operations", "at"),
    ("round_records", "assessed_at"),
    ("round_signoffs", "signed_at"),
    ("note_revisions", "replaced_at"),
    ("round_assessments", "assessed_at"),
)
# Every status of both scales (``domain.status.Status``), as stored.
STATUSES = (
    "not_assessed",
    "not_started",
    "initiated",
    "advanced",
    "completed",
    "overtaken",
    "upheld",
    "strained",
    "breached",
)
STATUS_COLUMNS = (
    ("clause_states", "status"),
    ("round_records", "status"),
    ("round_assessments", "status"),
)
# The kinds of change the history knows (``domain.review.ChangeKind``).
CHANGE_KINDS = (
    "status",
    "note_added",
    "note_edited",
    "note_deleted",
    "note_withdrawn",
    "note_restored",
)


def _one_of(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


def utc_check(column: str) -> str:
    """A time in the store's form that is a real moment: the pattern alone would
    take a thirteenth month, which Python cannot read back."""
    return f"{column} IS NULL OR ({column} ~ '{UTC_FORM}' AND {column}::timestamptz IS NOT NULL)"


# The dates Python can read back (``infinity`` and dates BC are PostgreSQL's own).
DATE_RANGE = "BETWEEN '0001-01-01' AND '9999-12-31'"
DATE_COLUMNS = (("rounds", "as_of"),)

CHECKS = (
    *(
        f"ALTER TABLE {table} ADD CONSTRAINT ck_{table}_{column}_utc CHECK ({utc_check(column)})"
        for table, column in UTC_COLUMNS
    ),
    *(
        f"ALTER TABLE {table} ADD CONSTRAINT ck_{table}_{column}_readable "
        f"CHECK ({column} {DATE_RANGE})"
        for table, column in DATE_COLUMNS
    ),
    *(
        f"ALTER TABLE {table} ADD CONSTRAINT ck_{table}_{column}_known "
        f"CHECK ({column} IN {_one_of(STATUSES)})"
        for table, column in STATUS_COLUMNS
    ),
    f"ALTER TABLE changes ADD CONSTRAINT ck_changes_kind_known CHECK (kind IN {_one_of(CHANGE_KINDS)})",
)
CHECKS_DROP = (
    *(
        f"ALTER TABLE {table} DROP CONSTRAINT ck_{table}_{column}_utc"
        for table, column in UTC_COLUMNS
    ),
    *(
        f"ALTER TABLE {table} DROP CONSTRAINT ck_{table}_{column}_known"
        for table, column in STATUS_COLUMNS
    ),
    "ALTER TABLE changes DROP CONSTRAINT ck_changes_kind_known",
)

# The functions revisions 0003 and 0004 made, resolved from pg_catalog alone.
_EARLIER_FUNCTIONS = (
    "vision_desk_refuse()",
    "vision_desk_refuse_if_round_closed()",
    "vision_desk_sign()",
)
SEARCH_PATH = "pg_catalog, pg_temp"
HARDEN = (
    *(
        f"ALTER FUNCTION {function} SET search_path = {SEARCH_PATH}"
        for function in _EARLIER_FUNCTIONS
    ),
    # Nobody but the owner makes objects in public (PostgreSQL 15's default; older
    # servers, and clusters upgraded from them, still let everyone).
    "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
)
HARDEN_DROP = tuple(
    f"ALTER FUNCTION {function} SET search_path = pg_catalog, public, pg_temp"
    for function in _EARLIER_FUNCTIONS
)

# When an event was recorded is the server's own clock, never what an officer's
# computer (or plain SQL) says: a past board reads the dates recorded by its day.
STAMP = """
CREATE FUNCTION vision_desk_stamp() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    now_text text := to_char(clock_timestamp() AT TIME ZONE 'UTC',
                             'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00';
BEGIN
    -- TG_ARGV: the columns that say when; each is set to the server's time.
    FOR i IN 0 .. TG_NARGS - 1 LOOP
        NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[i], now_text));
    END LOOP;
    RETURN NEW;
END
$$
"""
# The record a closing writes is the program's reading of the round: on a team
# desk the server reads it again before the round is sealed. Every clause of the
# agreement once; an assessed one as its assessment says (status, when, who, the
# reason's live words); a carried-over one at its status now (the closing holds
# the round lock, so no status moves meanwhile).
RECORD_MISMATCH = "the record does not match the assessments of the round"


def record_check(create: str = "CREATE", carried: str = "", assessed: str = "") -> str:
    """The function that reads a closing round's record again. ``carried`` and
    ``assessed`` are further conditions (SQL, ``OR …``) under which a carried-over
    or an assessed clause's line does not match; revision 0008 adds the parts."""
    return f"""
{create} FUNCTION vision_desk_check_record() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF (SELECT count(*) FROM public.round_records WHERE round_id = NEW.id)
       <> (SELECT count(*) FROM public.clauses WHERE agreement_id = NEW.agreement_id)
    OR EXISTS (
        SELECT 1
        FROM public.round_records r
        JOIN public.clauses c ON c.id = r.clause_id
        LEFT JOIN public.round_assessments a
            ON a.round_id = r.round_id AND a.clause_id = r.clause_id
        LEFT JOIN public.clause_states s ON s.clause_id = r.clause_id
        WHERE r.round_id = NEW.id AND (
            c.agreement_id::text <> NEW.agreement_id::text
            OR r.ref::text <> c.ref::text
            OR (r.carried_over AND (
                a.id IS NOT NULL
                OR r.status::text <> coalesce(s.status::text, 'not_assessed')
                OR r.assessed_at IS NOT NULL OR r.assessed_by IS NOT NULL
                OR r.rationale IS NOT NULL{carried}))
            OR (NOT r.carried_over AND (
                a.id IS NULL
                OR r.status::text <> a.status::text
                OR r.assessed_at::text IS DISTINCT FROM a.assessed_at::text
                OR r.assessed_by::text IS DISTINCT FROM a.assessed_by::text
                OR r.rationale IS DISTINCT FROM (
                    SELECT n.text FROM public.notes n
                    WHERE n.id = a.note_id AND n.removed IS NULL){assessed}))
        )
    ) THEN
        RAISE EXCEPTION '{RECORD_MISMATCH}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$
"""  # noqa: S608


RECORD_MATCHES = record_check()
ROUNDS_CLOSING_CHECKED = (
    "CREATE TRIGGER rounds_closing_checked BEFORE UPDATE ON rounds FOR EACH ROW "
    "WHEN (NEW.closed_at IS NOT NULL AND OLD.closed_at IS NULL) "
    "EXECUTE FUNCTION vision_desk_check_record()"
)
# A copy (push, pull) closes each round with the record it had: the statuses now
# are not the ones it carried over then; the copy is checked by its hashes instead.
RECORD_TRIGGER = ("rounds", "rounds_closing_checked")

# A round is opened, then closed (and then signed by whoever closes it): one
# inserted already closed would carry whatever submitter its writer chose.
OPEN_FIRST = "a round is opened before it is closed"
ROUNDS_OPEN_FIRST = (
    "CREATE TRIGGER rounds_opened_first BEFORE INSERT ON rounds FOR EACH ROW "
    "WHEN (NEW.closed_at IS NOT NULL OR NEW.closed_by IS NOT NULL "
    "OR NEW.content_hash IS NOT NULL) "
    f"EXECUTE FUNCTION vision_desk_refuse('{OPEN_FIRST}')"
)
ROUNDS_OPEN_FIRST_SQLITE = (
    "CREATE TRIGGER rounds_opened_first BEFORE INSERT ON rounds "
    "WHEN NEW.closed_at IS NOT NULL OR NEW.closed_by IS NOT NULL "
    "OR NEW.content_hash IS NOT NULL "
    f"BEGIN SELECT RAISE(ABORT, '{OPEN_FIRST}'); END"
)
