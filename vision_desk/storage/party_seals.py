"""What a team desk's server checks of the parts of a clause assessed per party
(revision 0008): every stored parts text is one the program can read back, the
history knows the new kind of change, the officer may write the new columns, and a
closing round's record carries the parts of what it records.
"""

from __future__ import annotations

from vision_desk.storage import server_checks
from vision_desk.storage.server_checks import STATUSES, record_check

PARTS_COLUMNS = (
    ("clause_states", "parts"),
    ("round_assessments", "parts"),
    ("round_records", "parts"),
)
# The history's kinds of change from this revision on (``domain.review.ChangeKind``).
CHANGE_KINDS = (*server_checks.CHANGE_KINDS, "party_status")

_KNOWN = "(" + ", ".join(f"'{status}'" for status in STATUSES) + ")"
# A parts text: a JSON object, each key a party code, each value a known status.
# Malformed JSON is a "no", not an error, so a CHECK refuses it in its own words.
PARTS_KNOWN = f"""
CREATE FUNCTION vision_desk_parts_known(parts text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    loaded jsonb;
BEGIN
    IF parts IS NULL THEN
        RETURN true;
    END IF;
    BEGIN
        loaded := parts::jsonb;
    EXCEPTION WHEN others THEN
        RETURN false;
    END;
    RETURN jsonb_typeof(loaded) = 'object'
        AND loaded <> '{{}}'::jsonb
        AND NOT EXISTS (
            SELECT 1 FROM jsonb_each(loaded) AS part(party, status)
            WHERE jsonb_typeof(part.status) <> 'string'
               OR part.status #>> '{{}}' NOT IN {_KNOWN}
               OR length(part.party) NOT BETWEEN 1 AND 64);
END
$$
"""  # noqa: S608 (the statuses are the program's own constants)


# A part is a party the clause binds, at a status of the clause's own scale (the
# program never writes "not assessed" as a part: no part is that). Parts the
# domain cannot take would stop every desk reading or fixing the clause.
PARTS_FIT = "the parts are not parties of the clause at statuses of its scale"
_PRINCIPLE = "('upheld', 'strained', 'breached', 'overtaken')"
_LADDER = "('not_started', 'initiated', 'advanced', 'completed', 'overtaken')"
PARTS_FIT_FUNCTION = f"""
CREATE FUNCTION vision_desk_parts_fit() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    bound jsonb;
    kind text;
BEGIN
    IF NEW.parts IS NULL OR NOT public.vision_desk_parts_known(NEW.parts) THEN
        RETURN NEW;  -- none, or not readable at all: the CHECK refuses that in its words
    END IF;
    SELECT c.parties::jsonb, c.kind INTO bound, kind FROM public.clauses c
    WHERE c.id = NEW.clause_id;
    IF EXISTS (
        SELECT 1 FROM jsonb_each_text(NEW.parts::jsonb) AS part(party, status)
        WHERE NOT bound ? part.party
           OR (kind = 'principle' AND part.status NOT IN {_PRINCIPLE})
           OR (kind <> 'principle' AND part.status NOT IN {_LADDER})
    ) THEN
        RAISE EXCEPTION '{PARTS_FIT}' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$
"""  # noqa: S608 (the statuses are the program's own constants)


def _kinds(kinds: tuple[str, ...]) -> str:
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    return f"ALTER TABLE changes ADD CONSTRAINT ck_changes_kind_known CHECK (kind IN ({listed}))"


# A carried-over line has the state's parts, an assessed one its assessment's:
# compared as JSON values, not as text, so that the same parts spelt with other
# spacing (by plain SQL) are the same parts.
CARRIED_PARTS = "\n                OR r.parts::jsonb IS DISTINCT FROM s.parts::jsonb"
ASSESSED_PARTS = "\n                OR r.parts::jsonb IS DISTINCT FROM a.parts::jsonb"
RECORD_MATCHES = record_check("CREATE OR REPLACE", carried=CARRIED_PARTS, assessed=ASSESSED_PARTS)

SERVER = (
    PARTS_KNOWN,
    *(
        f"ALTER TABLE {table} ADD CONSTRAINT ck_{table}_{column}_known "
        f"CHECK (vision_desk_parts_known({column}))"
        for table, column in PARTS_COLUMNS
    ),
    "ALTER TABLE changes DROP CONSTRAINT ck_changes_kind_known",
    _kinds(CHANGE_KINDS),
    RECORD_MATCHES,
    PARTS_FIT_FUNCTION,
    *(
        f"CREATE TRIGGER {table}_parts_fit BEFORE INSERT OR UPDATE OF parts ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION vision_desk_parts_fit()"
        for table, _column in PARTS_COLUMNS
    ),
)
SERVER_DROP = (
    *(f"DROP TRIGGER {table}_parts_fit ON {table}" for table, _column in PARTS_COLUMNS),
    "DROP FUNCTION vision_desk_parts_fit()",
    "CREATE OR REPLACE" + server_checks.RECORD_MATCHES.removeprefix("\nCREATE"),
    "ALTER TABLE changes DROP CONSTRAINT ck_changes_kind_known",
    _kinds(server_checks.CHANGE_KINDS),
    *(
        f"ALTER TABLE {table} DROP CONSTRAINT ck_{table}_{column}_known"
        for table, column in PARTS_COLUMNS
    ),
    "DROP FUNCTION vision_desk_parts_known(text)",
)

# The officer sets the parts as a status is set; nobody changes a note's party or
# a change's, once written.
GRANTS = """
DO $$
DECLARE
    base text := current_database();
BEGIN
    EXECUTE format('GRANT UPDATE (parts) ON clause_states, round_assessments TO %I',
                   base || '_officer');
END
$$
"""
